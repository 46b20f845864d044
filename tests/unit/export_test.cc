// The export crosswalks (every territory ICU knows has its FIPS code and
// ACLED region), the rules the rows follow (fatalities, the formula guard,
// Unicode upper case) and the machine-date reader behind JSON-line dates.
#include <gtest/gtest.h>
#include <unicode/region.h>

#include <set>

#include "base/date_text.h"
#include "export/crosswalk.h"
#include "export/formats.h"

namespace vigie::exports {
namespace {

std::shared_ptr<const Crosswalk> Table() {
  static auto x = [] {
    auto r = Crosswalk::Load(VIGIE_SOURCE_DATA_DIR);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }();
  return x;
}

TEST(Crosswalk, EveryTerritoryOfIcuHasARow) {
  auto x = Table();
  ASSERT_NE(x, nullptr);
  UErrorCode status = U_ZERO_ERROR;
  icu::StringEnumeration* all = icu::Region::getAvailable(URGN_TERRITORY, status);
  ASSERT_TRUE(U_SUCCESS(status));
  int n = 0;
  std::set<std::string> missing;
  while (const char* code = all->next(nullptr, status)) {
    ++n;
    // QO "Outlying Oceania" is a statistical grouping, not a country.
    if (std::string(code) == "QO") continue;
    const Country* c = x->ByIso2(code);
    if (c == nullptr) {
      missing.insert(code);
      continue;
    }
    EXPECT_EQ(c->iso2, code);
    // ISO's exceptionally reserved codes (Ascension, Clipperton, Tristan da
    // Cunha...) have no alpha-3 code; every country has one.
    const bool reserved = std::set<std::string>{"AC", "CP", "DG", "EA", "IC", "TA"}.count(code) > 0;
    if (!reserved) EXPECT_EQ(c->iso3.size(), 3u) << code;
    EXPECT_FALSE(x->FipsOf(code).empty()) << code << " has no FIPS code, nor a country it is part of";
    EXPECT_FALSE(c->region.empty()) << code;
    EXPECT_FALSE(c->name.empty()) << code;
  }
  delete all;
  EXPECT_GT(n, 240);
  EXPECT_TRUE(missing.empty()) << "territories without a row: " << ::testing::PrintToString(missing);
}

TEST(Crosswalk, TheCodesThatDifferFromIso) {
  auto x = Table();
  ASSERT_NE(x, nullptr);
  // The pairs GDELT users trip on: the same two letters, another country.
  const std::pair<const char*, const char*> kPairs[] = {
      {"NG", "NI"}, {"NE", "NG"}, {"CD", "CG"}, {"CG", "CF"}, {"TD", "CD"}, {"BF", "UV"}, {"BS", "BF"},
      {"AT", "AU"}, {"AU", "AS"}, {"DE", "GM"}, {"ES", "SP"}, {"SD", "SU"}, {"SS", "OD"}, {"ZA", "SF"},
      {"GB", "UK"}, {"IL", "IS"}, {"IQ", "IZ"}, {"YE", "YM"}, {"LB", "LE"}, {"RS", "RI"}, {"ME", "MJ"},
      {"XK", "KV"}, {"CW", "UC"}, {"SX", "NN"}, {"SY", "SY"}, {"ML", "ML"}, {"FR", "FR"}};
  for (const auto& [iso, fips] : kPairs) EXPECT_EQ(x->FipsOf(iso), fips) << iso;
  EXPECT_EQ(x->FipsOf("PS"), "WE");
  EXPECT_EQ(x->FipsOf("PS", "PS.GZ"), "GZ");
  EXPECT_EQ(x->FipsOf("IC"), "SP");  // Canary Islands: part of Spain in FIPS
  EXPECT_EQ(x->FipsOf("ZZ"), "");
  const Country* ng = x->ByIso2("NG");
  ASSERT_NE(ng, nullptr);
  EXPECT_EQ(ng->iso3, "NGA");
  EXPECT_EQ(ng->numeric, 566);
  EXPECT_EQ(ng->region, "Western Africa");
  EXPECT_EQ(x->ByIso3("SYR")->region, "Middle East");
  EXPECT_EQ(x->ByIso2("CD")->name, "Democratic Republic of Congo");
  EXPECT_EQ(x->ByIso2("TT")->name, "Trinidad and Tobago");
}

TEST(Crosswalk, NoTwoCountriesShareAFipsCode) {
  auto x = Table();
  ASSERT_NE(x, nullptr);
  std::map<std::string, std::string> seen;
  for (const auto& [iso, c] : x->countries()) {
    if (c.fips.empty() || !c.part_of.empty()) continue;
    auto [it, fresh] = seen.emplace(c.fips, iso);
    EXPECT_TRUE(fresh) << c.fips << " is both " << it->second << " and " << iso;
  }
}

TEST(Crosswalk, BadLinesNameTheirFileAndLine) {
  auto load = [](std::string countries, std::string actors = "") {
    return Crosswalk::FromSource(DataInMemory({{"export/countries.txt", std::move(countries)},
                                               {"export/cameo_actors.txt", std::move(actors)},
                                               {"recognise/organisations.txt", "UN  IGO  -  ONU|UN\n"},
                                               {"recognise/groups.txt", ""},
                                               {"code/cameo.txt", ""}}));
  };
  EXPECT_TRUE(load("NG  NI  Western Africa\nNE  NG  Western Africa\n").ok());
  auto dup = load("NG  NI  Western Africa\nNE  NI  Western Africa\n");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("export/countries.txt:2"), std::string::npos) << dup.status().message();
  EXPECT_NE(dup.status().message().find("NI is already NG"), std::string::npos) << dup.status().message();
  auto region = load("NG  NI  West Africa\n");
  ASSERT_FALSE(region.ok());
  EXPECT_NE(region.status().message().find("countries.txt:1"), std::string::npos);
  EXPECT_FALSE(load("QQ  QQ  Europe\n").ok());         // not a territory
  EXPECT_FALSE(load("ng  NI  Western Africa\n").ok());  // lower case
  EXPECT_FALSE(load("NG  N1  Western Africa\n").ok());
  EXPECT_FALSE(load("AX  -  Europe\n").ok());           // no FIPS code, no part_of
  auto actor = load("NG  NI  Western Africa\n", "HOUTHIS  YEMREB  -  Houthi Movement\n");
  ASSERT_FALSE(actor.ok());  // not an id of the recognise files given here
  EXPECT_NE(actor.status().message().find("cameo_actors.txt:1"), std::string::npos);
  EXPECT_FALSE(load("NG  NI  Western Africa\n", "UN  IGOUN  UNO  United Nations\n").ok());
  EXPECT_TRUE(load("NG  NI  Western Africa\n", "UN  IGOUNO  UNO  United Nations\n").ok());
}

TEST(Crosswalk, ActorCodes) {
  auto x = Table();
  ASSERT_NE(x, nullptr);
  ASSERT_NE(x->Actor("UN"), nullptr);
  EXPECT_EQ(x->Actor("UN")->code, "IGOUNO");
  EXPECT_EQ(x->Actor("UN")->known, "UNO");
  EXPECT_EQ(x->Actor("ICRC")->code, "NGOHLHIRC");
  EXPECT_EQ(x->Actor("ICRC")->known, "IRC");
  EXPECT_EQ(x->Actor("NOT_AN_ID"), nullptr);
  EXPECT_EQ(CameoRole("POL"), "COP");
  EXPECT_EQ(CameoRole("MIL"), "MIL");
}

Json Record(const char* claims, bool background = false) {
  Json r = Json::parse(std::string("{\"claims\": ") + claims + "}");
  r["background"] = background;
  return r;
}

TEST(Fatalities, AcledsRule) {
  // The lowest credible figure over the event's own claims.
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":300,"qualifier":"more_than"},
                                  {"quantity":"killed","value":12,"qualifier":"at_least"},
                                  {"quantity":"wounded","value":5,"qualifier":"exact"}])")),
            12);
  // Vague counts are not zero.
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":null,"qualifier":"many_unquantified"}])")),
            std::nullopt);
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":50,"qualifier":"up_to"}])")), std::nullopt);
  // No death reported: 0.
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"abducted","value":30,"qualifier":"more_than"}])")), 0);
  EXPECT_EQ(Fatalities(Record("[]")), 0);
  // A background event's toll is recalled, not this event's.
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":15000,"qualifier":"more_than"}])", true)),
            std::nullopt);
  // An aggregate over a period is left out: the event's own 12 count.
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":3000,"qualifier":"more_than"},
                                  {"quantity":"killed","value":12,"qualifier":"at_least"}])"),
                       {true, false}),
            12);
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":3000,"qualifier":"more_than"}])"), {true}),
            std::nullopt);
  // A float figure read as a whole number.
  EXPECT_EQ(Fatalities(Record(R"([{"quantity":"killed","value":7.0,"qualifier":"exact"}])")), 7);
}

TEST(Crosswalk, AggregateCues) {
  auto x = Table();
  ASSERT_NE(x, nullptr);
  EXPECT_TRUE(x->MarksAggregate("plus de 3 000 personnes ont été tuées ou blessées dans des violences en "
                                "Somalie au cours du premier semestre"));
  EXPECT_TRUE(x->MarksAggregate("More than 15,000 people have been killed since the war began"));
  EXPECT_TRUE(x->MarksAggregate("Depuis le debut de l'annee, 40 civils ont ete tues"));
  EXPECT_TRUE(x->MarksAggregate("au moins 200 morts depuis 2023"));
  EXPECT_FALSE(x->MarksAggregate("Au moins douze civils ont été tués dans la nuit de samedi à dimanche"));
  EXPECT_FALSE(x->MarksAggregate("killing at least 12 people, a war monitor said"));
  EXPECT_FALSE(x->MarksAggregate("12 killed, said the this yearly report"));  // whole words only
}

TEST(Crosswalk, ACueOfMarksAloneIsRefused) {
  // Folding strips combining marks and punctuation; a cue of nothing else would be empty.
  auto load = [](std::string cues) {
    return Crosswalk::FromSource(DataInMemory({{"export/countries.txt", "NG  NI  Western Africa\n"},
                                               {"export/cameo_actors.txt", ""},
                                               {"export/aggregate_cues.txt", std::move(cues)},
                                               {"recognise/organisations.txt", "UN  IGO  -  ONU|UN\n"},
                                               {"recognise/groups.txt", ""},
                                               {"code/cameo.txt", ""}}));
  };
  EXPECT_TRUE(load("en  since the war\n").ok());
  auto marks = load("en  since the war\nfr  \xCC\x81\xCC\x80\n");  // two combining accents
  ASSERT_FALSE(marks.ok());
  EXPECT_NE(marks.status().message().find("aggregate_cues.txt:2"), std::string::npos) << marks.status().message();
}

TEST(Cells, FormulaGuardOnTextOnly) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"x\")", true), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvCell("+33 1", true), "'+33 1");
  EXPECT_EQ(CsvCell("-2+3", true), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)", true), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx", true), "'\tx");
  EXPECT_EQ(CsvCell("\rx", true), "\"'\rx\"");
  EXPECT_EQ(CsvCell("-12.5000", false), "-12.5000");  // a longitude
  EXPECT_EQ(CsvCell("Gao, Mali", true), "\"Gao, Mali\"");
  EXPECT_EQ(CsvCell("Gao", true), "Gao");
  EXPECT_EQ(TsvCell("a\tb\nc"), "a b c");
}

TEST(Cells, UnicodeUpperCase) {
  EXPECT_EQ(UpperCase("armée malienne"), "ARMÉE MALIENNE");
  EXPECT_EQ(UpperCase("l’aviation russe"), "L’AVIATION RUSSE");
  EXPECT_EQ(UpperCase("straße"), "STRASSE");
}

TEST(DateText, MachineDates) {
  using date_text::ParseMachineDate;
  EXPECT_EQ(ParseMachineDate("2024-03-04"), "2024-03-04");
  EXPECT_EQ(ParseMachineDate("2024-03-04T10:00:00Z"), "2024-03-04");
  EXPECT_EQ(ParseMachineDate("2024-03-05T23:30:00+01:00"), "2024-03-05");  // the writer's day
  EXPECT_EQ(ParseMachineDate("2024-03-04 10:00"), "2024-03-04");
  EXPECT_EQ(ParseMachineDate("Mon, 04 Mar 2024 10:00:00 GMT"), "2024-03-04");
  EXPECT_EQ(ParseMachineDate("Tue, 5 Mar 2024 08:00 +0000"), "2024-03-05");
  EXPECT_EQ(ParseMachineDate("4 Mar 24 10:00 EST"), "2024-03-04");
  EXPECT_EQ(ParseMachineDate(" 29 Feb 2024 "), "2024-02-29");
  EXPECT_EQ(ParseMachineDate("2024-02-30"), std::nullopt);
  EXPECT_EQ(ParseMachineDate("2024-13-45"), std::nullopt);
  EXPECT_EQ(ParseMachineDate("30 Feb 2024"), std::nullopt);
  EXPECT_EQ(ParseMachineDate("Mon, 04 Foo 2024"), std::nullopt);
  EXPECT_EQ(ParseMachineDate("2024-03-04Tgarbage"), std::nullopt);
  EXPECT_EQ(ParseMachineDate("yesterday"), std::nullopt);
  EXPECT_EQ(ParseMachineDate(""), std::nullopt);
  // A year of three or twelve digits is no year (the twelve overflowed an
  // int before the length was checked: UBSan, fuzz_json_line).
  EXPECT_EQ(ParseMachineDate("20 Sep 202"), std::nullopt);
  EXPECT_EQ(ParseMachineDate("20 sep 555555555555"), std::nullopt);
}

TEST(DateText, WhyNotADay) {
  using date_text::WhyNotIsoDate;
  EXPECT_EQ(WhyNotIsoDate("2024-02-29"), "");
  EXPECT_EQ(WhyNotIsoDate("2023-02-29"), "February 2023 has 28 days");
  EXPECT_EQ(WhyNotIsoDate("2024-13-45"), "month 13 does not exist");
  EXPECT_EQ(WhyNotIsoDate("2024-04-31"), "April 2024 has 30 days");
  EXPECT_EQ(WhyNotIsoDate("2024-3-4"), "not of the form YYYY-MM-DD");
}

}  // namespace
}  // namespace vigie::exports
