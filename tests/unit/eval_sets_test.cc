// Tests of the readers and figures of the outside gold sets: PETRARCH
// validation XML (a garbled record beside good ones, actor codes, the
// triple rule) and CASE 2021 task 2 TSV (the reader, the label map, the
// prediction rule, weighted and macro F1 on a hand-computed example).
// Every record here is made up for the test; no gold file is read.
#include <gtest/gtest.h>

#include <sstream>

#include "code/codebook.h"
#include "eval/case2021.h"
#include "eval/gold.h"
#include "eval/petrarch_gsr.h"
#include "eval/report.h"

namespace vigie::eval {
namespace {

std::shared_ptr<const Codebook> Book() {
  static auto book = Codebook::Load(VIGIE_SOURCE_DATA_DIR);
  EXPECT_TRUE(book.ok()) << book.status().ToString();
  return *book;
}

// Three records in the shape of UniversalPetrarch's file (self-closing
// start tags followed by </Sentence>), the second cut short inside its
// EventCoding tag.
constexpr std::string_view kPetrarch = R"(<?xml version='1.0' encoding='utf-8'?>
<Validation>
# <EventCoding...> in the header is not a record
<Sentences>
<Sentence category="T" date="20200102" id="T_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="FRAGOV" targetcode="DEU" />
<EventCoding eventcode="042" sourcecode="DEU" targetcode="FRAGOV" />
<Text>
The French minister visited Berlin &amp; Bonn
on Monday.
</Text>
<Parse>
1	The	the	DET	DT	_	2	det	_	_
</Parse></Sentence>

<Sentence category="T" date="20200102" id="T_2" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="---REB
<Text>
Rebels attacked.
</Text>
</Sentence>

<Sentence category="T" date="2020" id="T_3" evaluate="true">
<!-- <EventCoding eventcode="111" sourcecode="AAA" targetcode="BBB" /> -->
<EventCoding noevents="True" />
<Text>Nothing happened in Lyon.</Text>
</Sentence>
<Sentence category="T" date="20200103" id="T_4" evaluate="false"/>
<EventCoding eventcode="010" sourcecode="FRA" targetcode="---" />
<Text>Skipped.</Text>
</Sentence>
</Sentences>
</Validation>
)";

TEST(PetrarchGsr, GarbledRecordBesideGoodOnes) {
  GoldSet set;
  ParsePetrarchGsr("up.xml", kPetrarch, &set);
  ASSERT_EQ(set.documents.size(), 2u);
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].code(), ErrorCode::kMalformedRecord);
  EXPECT_EQ(set.errors[0].message(),
            "up.xml:16: record 2 (id T_2): an <EventCoding> tag is not closed by '>'");

  const GoldDocument& a = set.documents[0];
  EXPECT_EQ(a.id, "T_1");
  EXPECT_EQ(a.line, 5);
  EXPECT_EQ(a.kind, GoldKind::kCameoSentence);
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.published, "2020-01-02");
  EXPECT_EQ(a.text, "The French minister visited Berlin & Bonn on Monday.");
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events[0].cameo, "042");
  EXPECT_EQ(a.events[0].source.country, "FRA");
  EXPECT_EQ(a.events[0].source.sector, "GOV");
  EXPECT_EQ(a.events[0].target.country, "DEU");
  EXPECT_EQ(a.events[0].what, "FRAGOV -> DEU");

  // The commented-out coding is not read; the bad date is a warning.
  const GoldDocument& c = set.documents[1];
  EXPECT_EQ(c.id, "T_3");
  EXPECT_TRUE(c.events.empty());
  EXPECT_EQ(c.published, "");
  ASSERT_EQ(set.warnings.size(), 1u);
  EXPECT_NE(set.warnings[0].find("record 3 (id T_3): date '2020' is not YYYYMMDD"), std::string::npos);
}

TEST(PetrarchGsr, RecordErrors) {
  auto errors = [](std::string_view xml) {
    GoldSet set;
    ParsePetrarchGsr("f.xml", xml, &set);
    std::string s;
    for (const Status& e : set.errors) s += e.ToString() + "\n";
    return s;
  };
  EXPECT_EQ(errors("<Sentence id=\"A\">\n<Text>x</Text>\n</Sentence>"),
            "E117 malformed_record: f.xml:1: record 1 (id A): no <EventCoding> (not even noevents)\n");
  EXPECT_EQ(errors("<Sentence id=\"A\">\n<EventCoding eventcode=\"99\" />\n<Text>x</Text>"),
            "E112 bad_field: f.xml:1: record 1 (id A): eventcode '99' is not a CAMEO code\n");
  EXPECT_EQ(errors("<Sentence date=\"20200101\">\n<EventCoding noevents=\"True\"/>\n<Text>x</Text>"),
            "E111 missing_field: f.xml:1: record 1: <Sentence> has no id\n");
  // The file cut in the middle of a text.
  EXPECT_EQ(errors("<Sentence id=\"A\"/>\n<EventCoding noevents=\"True\"/>\n<Text>x\n"),
            "E117 malformed_record: f.xml:1: record 1 (id A): <Text> is not closed\n");
  // A record that lost its <Sentence> tag after the one before it.
  EXPECT_EQ(errors("<Sentence id=\"A\"/>\n<EventCoding noevents=\"True\"/>\n<Text>x</Text>\n</Sentence>\n"
                   "<EventCoding eventcode=\"010\"/>\n<Text>y</Text>\n</Sentence>\n"),
            "E117 malformed_record: f.xml:4: after record 1 (id A): <EventCoding> or <Text> outside any "
            "<Sentence>\n");
  EXPECT_EQ(errors("<Validation></Validation>"), "E117 malformed_record: f.xml: no <Sentence> record\n");
}

TEST(PetrarchGsr, EmptyTextIsReadFromTheParse) {
  GoldSet set;
  ParsePetrarchGsr("f.xml",
                   "<Sentence id=\"A\"/>\n<EventCoding noevents=\"True\"/>\n<Text>\n</Text>\n<Parse>\n"
                   "1\tRain\train\tNOUN\tNN\t_\t2\tnsubj\t_\t_\n"
                   "2\tfell\tfall\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
                   "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n</Parse></Sentence>\n",
                   &set);
  ASSERT_EQ(set.documents.size(), 1u);
  EXPECT_EQ(set.documents[0].text, "Rain fell.");
  EXPECT_EQ(set.warnings.size(), 1u);
}

TEST(PetrarchGsr, ActorCodes) {
  EXPECT_TRUE(IsIsoAlpha3("USA"));
  EXPECT_TRUE(IsIsoAlpha3("PSE"));
  EXPECT_FALSE(IsIsoAlpha3("IGO"));
  EXPECT_FALSE(IsIsoAlpha3("usa"));
  Actor a = ActorOfCameoCode("IRNGOV");
  EXPECT_EQ(a.country, "IRN");
  EXPECT_EQ(a.sector, "GOV");
  a = ActorOfCameoCode("---REB");
  EXPECT_EQ(a.country, "");
  EXPECT_EQ(a.sector, "REB");
  EXPECT_FALSE(ActorOfCameoCode("IGOUNO").stated());
  EXPECT_FALSE(ActorOfCameoCode("IMGMUSISI").stated());
  EXPECT_FALSE(ActorOfCameoCode("---").stated());
  EXPECT_FALSE(ActorOfCameoCode("").stated());
  EXPECT_EQ(ActorOfCameoCode("SYR").country, "SYR");
}

GoldEvent G(const std::string& cameo, const std::string& source, const std::string& target) {
  GoldEvent e;
  e.cameo = cameo;
  e.source.country = source;
  e.target.country = target;
  return e;
}

SystemEvent S(const std::string& cameo, const std::string& source, const std::string& target,
              bool negated = false) {
  SystemEvent e;
  e.cameo = cameo;
  e.source.country = source;
  e.target.country = target;
  e.negated = negated;
  return e;
}

TEST(PetrarchGsr, TripleRule) {
  EXPECT_EQ(TripleKey(G("0421", "USA", "")), "04 USA -");
  EXPECT_EQ(MultisetOverlap({"a", "a", "b"}, {"a", "b", "b", "c"}), 2u);

  CameoSentenceScores s;
  // Sentence 1: gold 04 USA>CHN twice; the system gives 042 USA>CHN once
  // (same root, other code: a triple), 04 CHN>USA (the roles swapped: the
  // root counts, the triple does not), and a negated 19 (not counted).
  s.Add({G("040", "USA", "CHN"), G("040", "USA", "CHN")},
        {S("042", "USA", "CHN"), S("043", "CHN", "USA"), S("190", "USA", "CHN", true)});
  EXPECT_EQ(s.root.tp, 2u);
  EXPECT_EQ(s.triple.tp, 1u);
  EXPECT_EQ(s.triple.fp, 1u);
  EXPECT_EQ(s.triple.fn, 1u);
  // Sentence 2: a side unstated on both is equal; a stated side against an
  // unstated one is not.
  s.Add({G("190", "", "SYR"), G("112", "USA", "")}, {S("195", "", "SYR"), S("111", "USA", "IRQ")});
  // Sentence 3: no gold event, one system event: a false positive of both.
  s.Add({}, {S("010", "FRA", "")});
  EXPECT_EQ(s.sentences, 3u);
  EXPECT_EQ(s.gold, 4u);
  EXPECT_EQ(s.system, 5u);
  EXPECT_EQ(s.root.tp, 4u);
  EXPECT_EQ(s.root.fp, 1u);
  EXPECT_EQ(s.root.fn, 0u);
  EXPECT_EQ(s.triple.tp, 2u);
  EXPECT_EQ(s.triple.fp, 3u);
  EXPECT_EQ(s.triple.fn, 2u);
  // Micro: P = 2/5, R = 2/4, F1 = 2 * 0.4 * 0.5 / 0.9.
  EXPECT_DOUBLE_EQ(Precision(s.triple), 0.4);
  EXPECT_DOUBLE_EQ(Recall(s.triple), 0.5);
  EXPECT_NEAR(F1(s.triple), 0.4 / 0.9, 1e-12);
  EXPECT_NEAR(F1(s.root), 2 * 0.8 / 1.8, 1e-12);
}

TEST(PetrarchGsr, ActorShare) {
  ActorShare a;
  GoldEvent g = G("190", "RUS", "UKR");
  g.source.sector = "MIL";
  SystemEvent right = S("195", "RUS", "");
  right.source.sector = "MIL";
  SystemEvent swapped = S("190", "UKR", "RUS");
  // The source is named with its sector; the target only on the wrong side.
  a.Add({g}, {right, swapped});
  EXPECT_EQ(a.gold, 2u);
  EXPECT_EQ(a.country, 1u);
  EXPECT_EQ(a.sector, 1u);
  // The right country in another sector; a negated event names no one; a
  // gold side with no country is not counted.
  SystemEvent gov = S("111", "RUS", "UKR", true);
  SystemEvent other = S("112", "RUS", "");
  other.source.sector = "GOV";
  a.Add({g, G("010", "", "FRA")}, {gov, other});
  EXPECT_EQ(a.gold, 5u);
  EXPECT_EQ(a.country, 2u);
  EXPECT_EQ(a.sector, 1u);
}

TEST(Case2021, Reader) {
  GoldSet set;
  std::string tsv =
      "id\tEventSnippet\tSubType\r\n"
      "7\tJets bombed a depot near the river.\tAIR_STRIKE\r\n"
      "8\tthis line has no label\n"
      "\n"
      "9\tCrowds marched in the capital.\tpeace protest\n"
      "10\tPolice detained two men.\tARREST\n"
      "7\tThe same id again.\tOTHER\n";
  ParseCase2021("c.tsv", tsv, &set);
  ASSERT_EQ(set.documents.size(), 3u);
  EXPECT_EQ(set.documents[0].id, "7");
  EXPECT_EQ(set.documents[0].text, "Jets bombed a depot near the river.");
  EXPECT_EQ(set.documents[0].label, "AIR_STRIKE");
  EXPECT_EQ(set.documents[0].kind, GoldKind::kCaseLabel);
  EXPECT_EQ(set.documents[0].line, 2);
  EXPECT_EQ(set.documents[0].lang, "en");
  EXPECT_EQ(set.documents[1].id, "10");
  EXPECT_EQ(set.documents[2].id, "7~7");
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_EQ(set.errors[0].ToString(),
            "E117 malformed_record: c.tsv:3: 2 field(s); a record is id<TAB>EventSnippet<TAB>SubType");
  EXPECT_EQ(set.errors[1].ToString(),
            "E117 malformed_record: c.tsv:5 (id 9): SubType 'peace protest' is not a label (capitals, "
            "digits, '_')");
  EXPECT_EQ(set.warnings.size(), 1u);

  GoldSet bad;
  ParseCase2021("x.tsv", "id\ttext\tlabel\n1\ta\tB\n", &bad);
  EXPECT_TRUE(bad.documents.empty());
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].code(), ErrorCode::kMalformedRecord);
}

// A label map over the project's codebook, from a text.
Result<std::shared_ptr<const CaseLabelMap>> MapOf(const std::string& text) {
  return CaseLabelMap::Load(DataInMemory({{CaseLabelMap::kFile, text}}), *Book());
}

TEST(Case2021, LabelMapIsValidatedAtLoad) {
  auto map = CaseLabelMap::Load(DataDirectory(VIGIE_SOURCE_DATA_DIR), *Book());
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ((*map)->LabelOf("Explosions/Remote violence", "Air/drone strike"), "AIR_STRIKE");
  EXPECT_EQ((*map)->LabelOf("Battles", ""), "");
  EXPECT_EQ((*map)->LabelOf("Battles", "Nothing"), "");

  auto unknown = MapOf("Battles  Armed skirmish  ARMED_CLASH\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "eval/case2021.txt:1: ACLED event type 'Battles' has no sub-event type 'Armed skirmish'");
  auto twice = MapOf("# header\nBattles  Armed clash  ARMED_CLASH\nBattles  Armed clash  OTHER\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(),
            "eval/case2021.txt:3: 'Battles' / 'Armed clash' already listed at eval/case2021.txt:2");
  auto label = MapOf("Battles  Armed clash  armed clash\n");
  ASSERT_FALSE(label.ok());
  EXPECT_NE(label.status().message().find("eval/case2021.txt:1: label"), std::string::npos);
  auto gap = MapOf("Battles  -  -\n");
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.status().message(),
            "eval/case2021.txt: no line for ACLED 'Battles' / 'Armed clash' (every pair of code/acled.txt "
            "needs one)");
}

SystemEvent Acled(const std::string& type, const std::string& sub, double confidence,
                  bool negated = false) {
  SystemEvent e;
  e.acled_type = type;
  e.acled_subtype = sub;
  e.confidence = confidence;
  e.negated = negated;
  return e;
}

TEST(Case2021, PredictionRule) {
  auto map = CaseLabelMap::Load(DataDirectory(VIGIE_SOURCE_DATA_DIR), *Book());
  ASSERT_TRUE(map.ok());
  int chosen = 0;
  EXPECT_EQ(PredictCaseLabel({}, **map, &chosen), kNoCaseLabel);
  EXPECT_EQ(chosen, -1);
  std::vector<SystemEvent> events = {
      Acled("", "", 0.9),                                            // no ACLED type (a talk)
      Acled("Battles", "Armed clash", 0.6),
      Acled("Explosions/Remote violence", "Air/drone strike", 0.95, true),  // negated
      Acled("Explosions/Remote violence", "", 0.99),                 // a pair without a label
      Acled("Protests", "Peaceful protest", 0.8),
      Acled("Strategic developments", "Arrests", 0.8),              // a tie: the first wins
  };
  EXPECT_EQ(PredictCaseLabel(events, **map, &chosen), "PEACE_PROTEST");
  EXPECT_EQ(chosen, 4);
}

// A label no ACLED type stands for comes from the CAMEO code of an event
// without an ACLED sub-event type, the longest listed code first.
TEST(Case2021, LabelsByCameoCode) {
  const std::string pairs = [] {
    std::string all;
    for (const AcledType& t : Book()->acled_types()) {
      all += t.event_type + "  -  -\n";
      for (const std::string& sub : t.subtypes) all += t.event_type + "  " + sub + "  -\n";
    }
    return all;
  }();
  auto map = MapOf(pairs + "cameo  16  DIPLO\ncameo  163  SANCTIONS\n");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  SystemEvent expel = Acled("", "", 0.5), sanction = Acled("", "", 0.5), typed = Acled("Battles", "Armed clash", 0.5);
  expel.cameo = "1661";
  sanction.cameo = "163";
  typed.cameo = "163";
  EXPECT_EQ((*map)->LabelOf(expel), "DIPLO");
  EXPECT_EQ((*map)->LabelOf(sanction), "SANCTIONS");
  EXPECT_EQ((*map)->LabelOf(typed), "");  // its ACLED pair has no label: the code is not read
  expel.hypothetical = true;
  EXPECT_EQ(PredictCaseLabel({expel}, **map), kNoCaseLabel);

  auto unknown = MapOf(pairs + "cameo  999  DIPLO\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'999' is not in code/cameo.txt"), std::string::npos);
  // Hazards by kind, ranked against events' confidence.
  auto ranked = MapOf(pairs + "hazard  natural  NATURAL_DISASTER  1.0\nhazard  accident  MAN_MADE_DISASTER  0.4\n");
  ASSERT_TRUE(ranked.ok()) << ranked.status().ToString();
  SystemEvent quake, blast, attack = Acled("Violence against civilians", "Attack", 0.6);
  quake.hazard = "natural";
  blast.hazard = "accident";
  EXPECT_EQ((*ranked)->LabelOf(quake), "NATURAL_DISASTER");
  EXPECT_EQ(PredictCaseLabel({attack, quake}, **ranked), "NATURAL_DISASTER");
  EXPECT_EQ(PredictCaseLabel({blast}, **ranked), "MAN_MADE_DISASTER");
  EXPECT_DOUBLE_EQ((*ranked)->RankOf(blast), 0.4);
  EXPECT_DOUBLE_EQ((*ranked)->RankOf(attack), 0.6);
  for (const char* bad : {"hazard  volcanic  NATURAL_DISASTER  1.0\n", "hazard  natural  NATURAL_DISASTER  2\n",
                          "hazard  natural  NATURAL_DISASTER\n"}) {
    auto wrong = MapOf(pairs + bad);
    EXPECT_FALSE(wrong.ok()) << bad;
  }

  auto twice = MapOf(pairs + "cameo  16  DIPLO\ncameo  16  OTHER\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("already listed at"), std::string::npos);
}

TEST(Case2021, WeightedAndMacroF1ByHand) {
  // Six snippets: A A A B B C (gold) labelled A A B B (none) A.
  //   A: tp 2, fp 1, fn 1 -> P 2/3, R 2/3, F1 2/3, support 3
  //   B: tp 1, fp 1, fn 1 -> P 1/2, R 1/2, F1 1/2, support 2
  //   C: tp 0, fp 0, fn 1 -> F1 0, support 1
  // weighted = (3 * 2/3 + 2 * 1/2 + 1 * 0) / 6 = 3/6 = 0.5
  // macro    = (2/3 + 1/2 + 0) / 3 = 7/18
  LabelScores s;
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"A", "A"}, {"A", "A"}, {"A", "B"}, {"B", "B"}, {"B", std::string(kNoCaseLabel)}, {"C", "A"}};
  for (const auto& [gold, predicted] : pairs) {
    std::set<std::string> p;
    if (predicted != kNoCaseLabel) p.insert(predicted);
    s.Add({gold}, p);
  }
  EXPECT_NEAR(F1(s.per_type["A"]), 2.0 / 3, 1e-12);
  EXPECT_NEAR(F1(s.per_type["B"]), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(WeightedF1(s), 0.5);
  EXPECT_NEAR(MacroF1(s), 7.0 / 18, 1e-12);
  EXPECT_NEAR(Accuracy(s), 3.0 / 6, 1e-12);
  EXPECT_EQ(GoldLabels(s), 3u);
  // A label only predicted, never gold, is left out of both averages.
  s.Add({"C"}, {"D"});
  EXPECT_EQ(GoldLabels(s), 3u);
  EXPECT_NEAR(MacroF1(s), (2.0 / 3 + 0.5 + 0) / 3, 1e-12);
}

TEST(Case2021, EvaluationScoresSnippetsWithTheMap) {
  auto map = CaseLabelMap::Load(DataDirectory(VIGIE_SOURCE_DATA_DIR), *Book());
  ASSERT_TRUE(map.ok());
  Evaluation ev;
  ev.SetCaseLabels(*map);
  GoldDocument g;
  g.kind = GoldKind::kCaseLabel;
  g.id = "1";
  g.label = "ARREST";
  g.text = "Police detained two men.";
  ev.Add(g, {Acled("Strategic developments", "Arrests", 0.7)});
  g.id = "2";
  g.label = "DIPLO";
  ev.Add(g, {});
  EXPECT_EQ(ev.case_labels().documents, 2u);
  EXPECT_DOUBLE_EQ(WeightedF1(ev.case_labels()), 0.5);
  auto j = ev.ToJson();
  EXPECT_EQ(j["case2021"]["weighted_f1"], 0.5);
  EXPECT_EQ(j["case2021"]["no_label"], 1);
  EXPECT_EQ(j["documents"][1]["predicted"], "(none)");
  std::ostringstream text;
  ev.WriteText(text);
  EXPECT_NE(text.str().find("weighted F1 0.500 (by gold support)   macro F1 0.500 (over 2 gold labels)"),
            std::string::npos)
      << text.str();
}

}  // namespace
}  // namespace vigie::eval
