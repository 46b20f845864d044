// Tests of the time stage on sentences written for these tests (French and
// English, resolved against a publication date: Sunday 11 December 2016
// unless said), of its pattern and word files (errors with file:line), and
// of the calendar arithmetic.
#include <gtest/gtest.h>

#include "test_util.h"
#include "base/calendar.h"
#include "time/time_knowledge.h"

namespace vigie {
namespace {

constexpr char kSunday[] = "2016-12-11";

// "text=kind earliest..latest" (one date: "text=kind date") for every time
// outside the title; "~" marks a relative one.
std::vector<std::string> Times(const std::string& text, const std::string& lang,
                               const std::string& published = kSunday) {
  Document doc = testing::Process("Titre\n\n" + text, lang, published);
  std::vector<std::string> out;
  for (const TimeExpr& t : doc.times) {
    if (doc.paragraphs[doc.sentences[doc.tokens[t.first_token].sentence].paragraph].kind ==
        ParagraphKind::kTitle)
      continue;
    std::string range = t.earliest == t.latest ? t.earliest : t.earliest + ".." + t.latest;
    out.push_back(std::string(doc.Slice(t.span)) + "=" + std::string(TimeKindName(t.kind)) + " " +
                  range + (t.relative ? "~" : ""));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(TimeFr, WeekdaysLookBackFromPublication) {
  // A Sunday article: "samedi" is the day before, "dimanche" the day itself.
  EXPECT_EQ(Times("Les djihadistes s'étaient emparés de la ville samedi.", "fr"),
            V{"samedi=day 2016-12-10~"});
  EXPECT_EQ(Times("L'OSDH a rapporté dimanche le retrait.", "fr"), V{"dimanche=day 2016-12-11~"});
  EXPECT_EQ(Times("Le groupe a lancé jeudi une offensive.", "fr"), V{"jeudi=day 2016-12-08~"});
  EXPECT_EQ(Times("Mardi dernier, les rebelles ont attaqué.", "fr"),
            V{"Mardi dernier=day 2016-12-06~"});
  // "dernier" never means the publication day.
  EXPECT_EQ(Times("Il est arrivé dimanche dernier.", "fr"), V{"dimanche dernier=day 2016-12-04~"});
  EXPECT_EQ(Times("Les pourparlers reprendront lundi prochain.", "fr"),
            V{"lundi prochain=day 2016-12-12~"});
}

TEST(TimeFr, Nights) {
  EXPECT_EQ(Times("Dans la nuit de samedi à dimanche, l'aviation a frappé.", "fr"),
            V{"Dans la nuit de samedi à dimanche=night 2016-12-10..2016-12-11~"});
  EXPECT_EQ(Times("Des tirs ont été entendus dans la nuit de mardi.", "fr"),
            V{"dans la nuit de mardi=night 2016-12-06..2016-12-07~"});
  // A night named alone in the news is the last one.
  EXPECT_EQ(Times("Les avions ont mené des raids durant la nuit sur la ville.", "fr"),
            V{"durant la nuit=night 2016-12-10..2016-12-11~"});
  EXPECT_EQ(Times("Au cours de la nuit, les troupes ont avancé.", "fr"),
            V{"Au cours de la nuit=night 2016-12-10..2016-12-11~"});
  EXPECT_EQ(Times("Dans la nuit du 3 au 4 mai 2015, la ville est tombée.", "fr"),
            V{"Dans la nuit du 3 au 4 mai 2015=night 2015-05-03..2015-05-04"});
}

TEST(TimeFr, PartsOfADay) {
  EXPECT_EQ(Times("Ils se sont retirés à l’aube.", "fr"), V{"à l’aube=part 2016-12-11~"});
  EXPECT_EQ(Times("Samedi à l’aube, les troupes sont entrées.", "fr"),
            V{"Samedi à l’aube=part 2016-12-10~"});
  EXPECT_EQ(Times("Ce matin, un drone a frappé.", "fr"), V{"Ce matin=part 2016-12-11~"});
  EXPECT_EQ(Times("Hier soir, l'armée a tiré.", "fr"), V{"Hier soir=part 2016-12-10~"});
}

TEST(TimeFr, DaysRelativeToPublication) {
  EXPECT_EQ(Times("Avant-hier, hier, aujourd’hui.", "fr"),
            (V{"Avant-hier=day 2016-12-09~", "hier=day 2016-12-10~", "aujourd’hui=day 2016-12-11~"}));
  EXPECT_EQ(Times("Le convoi était arrivé la veille.", "fr"), V{"la veille=day 2016-12-10~"});
  // "à la veille de" is the eve of something else.
  EXPECT_EQ(Times("À la veille de l'élection, rien ne bougeait.", "fr"), V{});
}

TEST(TimeFr, DaysAndMonthsWrittenOut) {
  EXPECT_EQ(Times("Le 3 mai 2015, la ville est tombée.", "fr"), V{"Le 3 mai 2015=day 2015-05-03"});
  EXPECT_EQ(Times("Le 3 mai, la ville est tombée.", "fr"), V{"Le 3 mai=day 2016-05-03~"});
  EXPECT_EQ(Times("Le 1er mars 2014 et le premier mai.", "fr"),
            (V{"Le 1er mars 2014=day 2014-03-01", "le premier mai=day 2016-05-01~"}));
  // "le 3" alone: this month; "le 28" is still to come, so last month.
  EXPECT_EQ(Times("Le 3, le convoi est arrivé.", "fr"), V{"Le 3=day 2016-12-03~"});
  EXPECT_EQ(Times("Le 28, le convoi est arrivé.", "fr"), V{"Le 28=day 2016-11-28~"});
  EXPECT_EQ(Times("La trêve date du 2015-05-03.", "fr"), V{"2015-05-03=day 2015-05-03"});
  // A day a few weeks ahead is in the future; one further ahead, in the past.
  EXPECT_EQ(Times("Le sommet aura lieu le 20 décembre.", "fr"), V{"le 20 décembre=day 2016-12-20~"});
  EXPECT_EQ(Times("Il était arrivé le 20 février.", "fr"), V{"le 20 février=day 2016-02-20~"});
}

TEST(TimeFr, MonthsAndYears) {
  EXPECT_EQ(Times("Daesh avait pris Palmyre en mai 2015.", "fr"),
            V{"en mai 2015=month 2015-05-01..2015-05-31"});
  EXPECT_EQ(Times("Il en avait été chassé en mars dernier.", "fr"),
            V{"en mars dernier=month 2016-03-01..2016-03-31~"});
  EXPECT_EQ(Times("En mars, l'offensive a commencé.", "fr"),
            V{"En mars=month 2016-03-01..2016-03-31~"});
  // In a March article "mars dernier" is the March before.
  EXPECT_EQ(Times("En mars dernier, rien.", "fr", "2016-03-20"),
            V{"En mars dernier=month 2015-03-01..2015-03-31~"});
  EXPECT_EQ(Times("En 2015, la guerre a repris.", "fr"), V{"En 2015=year 2015-01-01..2015-12-31"});
  EXPECT_EQ(Times("L'an dernier, cette année.", "fr"),
            (V{"L'an dernier=year 2015-01-01..2015-12-31~", "cette année=year 2016-01-01..2016-12-31~"}));
}

TEST(TimeFr, Ranges) {
  EXPECT_EQ(Times("La semaine dernière et le mois dernier.", "fr"),
            (V{"La semaine dernière=range 2016-11-28..2016-12-04~",
               "le mois dernier=range 2016-11-01..2016-11-30~"}));
  EXPECT_EQ(Times("Du 3 au 5 mai, des combats ont eu lieu.", "fr"),
            V{"Du 3 au 5 mai=range 2016-05-03..2016-05-05~"});
  EXPECT_EQ(Times("Ce week-end, la ville a été calme.", "fr"),
            V{"Ce week-end=range 2016-12-10..2016-12-11~"});
}

TEST(TimeFr, WordsThatAreNoDates) {
  EXPECT_EQ(Times("Les rebelles ont perdu 3 chars et 40 hommes.", "fr"), V{});
  EXPECT_EQ(Times("La sonde a photographié la planète Mars.", "fr"), V{});
  EXPECT_EQ(Times("Tous les samedis, les habitants manifestent.", "fr"), V{});
  EXPECT_EQ(Times("Le Premier ministre a parlé avec Mai Thi.", "fr"), V{});
  EXPECT_EQ(Times("Les lundistes et les marsouins.", "fr"), V{});
}

TEST(TimeEn, WeekdaysNightsAndParts) {
  EXPECT_EQ(Times("Gunmen attacked the village on Sunday.", "en"), V{"on Sunday=day 2016-12-11~"});
  EXPECT_EQ(Times("Last Tuesday, rebels shelled the town.", "en"), V{"Last Tuesday=day 2016-12-06~"});
  EXPECT_EQ(Times("Talks resume next Monday.", "en"), V{"next Monday=day 2016-12-12~"});
  EXPECT_EQ(Times("Overnight Saturday to Sunday, jets struck.", "en"),
            V{"Overnight Saturday to Sunday=night 2016-12-10..2016-12-11~"});
  EXPECT_EQ(Times("Saturday night, a bomb went off.", "en"),
            V{"Saturday night=night 2016-12-10..2016-12-11~"});
  EXPECT_EQ(Times("At dawn, troops moved in; this morning they left.", "en"),
            (V{"At dawn=part 2016-12-11~", "this morning=part 2016-12-11~"}));
  EXPECT_EQ(Times("The attack happened at dawn on Saturday.", "en"),
            V{"at dawn on Saturday=part 2016-12-10~"});
  EXPECT_EQ(Times("Yesterday was calm, and so is today.", "en"),
            (V{"Yesterday=day 2016-12-10~", "today=day 2016-12-11~"}));
}

TEST(TimeEn, WrittenDates) {
  EXPECT_EQ(Times("On May 3, 2015, the city fell.", "en"), V{"On May 3, 2015=day 2015-05-03"});
  EXPECT_EQ(Times("The city fell on 3 May 2015.", "en"), V{"on 3 May 2015=day 2015-05-03"});
  EXPECT_EQ(Times("On May 3 the city fell.", "en"), V{"On May 3=day 2016-05-03~"});
  EXPECT_EQ(Times("The truce began on 2015-05-03.", "en"), V{"2015-05-03=day 2015-05-03"});
  EXPECT_EQ(Times("Fighting raged between May 3 and 5.", "en"),
            V{"between May 3 and 5=range 2016-05-03..2016-05-05~"});
}

TEST(TimeEn, MonthsYearsAndRanges) {
  EXPECT_EQ(Times("In May 2015 it fell, last March it was retaken, in March 2016.", "en"),
            (V{"In May 2015=month 2015-05-01..2015-05-31", "last March=month 2016-03-01..2016-03-31~",
               "in March 2016=month 2016-03-01..2016-03-31"}));
  EXPECT_EQ(Times("In March, fighting resumed.", "en"), V{"In March=month 2016-03-01..2016-03-31~"});
  EXPECT_EQ(Times("In 2015 the group rose.", "en"), V{"In 2015=year 2015-01-01..2015-12-31"});
  EXPECT_EQ(Times("Last week and last month were quiet; last year was not.", "en"),
            (V{"Last week=range 2016-11-28..2016-12-04~", "last month=range 2016-11-01..2016-11-30~",
               "last year=year 2015-01-01..2015-12-31~"}));
}

TEST(TimeEn, WordsThatAreNoDates) {
  EXPECT_EQ(Times("You may go now, said the officer.", "en"), V{});
  EXPECT_EQ(Times("Protesters march on the capital every Friday.", "en"), V{});
  EXPECT_EQ(Times("The Sunday Times reported the story.", "en"), V{});
  EXPECT_EQ(Times("Three soldiers and 12 civilians were killed.", "en"), V{});
}

TEST(TimeNoPublication, OnlyDatesWrittenInFull) {
  EXPECT_EQ(Times("Samedi, le 3 mai 2015, puis hier.", "fr", ""), V{"le 3 mai 2015=day 2015-05-03"});
  EXPECT_EQ(Times("In May 2015 and last March.", "en", ""),
            V{"In May 2015=month 2015-05-01..2015-05-31"});
}

TEST(TimeEvidence, ThePatternLineIsNamed) {
  Document doc = testing::Process("Titre\n\nLes raids ont eu lieu dans la nuit de samedi à dimanche.",
                                  "fr", kSunday);
  ASSERT_EQ(doc.times.size(), 1u);
  EXPECT_EQ(doc.times[0].evidence.rule.rfind("time/fr.patterns.txt:", 0), 0u)
      << doc.times[0].evidence.rule;
  EXPECT_EQ(doc.Slice(doc.times[0].evidence.span), "dans la nuit de samedi à dimanche");
  EXPECT_EQ(doc.times[0].token_count, 7u);
}

Status LoadTime(std::map<std::string, std::string> files) {
  auto k = TimeKnowledge::Make(DataInMemory(std::move(files)));
  return k.ok() ? Status::Ok() : k.status();
}

TEST(TimeKnowledgeFiles, ErrorsNameFileAndLine) {
  Status s = LoadTime({{"time/fr.words.txt", "weekday  1  lundi\nweekday  9  jour\n"}});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("time/fr.words.txt:2"), std::string::npos) << s.message();
  s = LoadTime({{"time/fr.words.txt", "saison  1  été\n"}});
  EXPECT_NE(s.message().find("time/fr.words.txt:1: unknown class"), std::string::npos) << s.message();
  s = LoadTime({{"time/fr.words.txt", "weekday  1  lundi\n"},
                {"time/fr.patterns.txt", "# c\nday  le {weekday}\nnight  dans la {nuit}\n"}});
  EXPECT_NE(s.message().find("time/fr.patterns.txt:3: unknown slot {nuit}"), std::string::npos)
      << s.message();
  s = LoadTime({{"time/en.patterns.txt", "soon  on {weekday}\n"}});
  EXPECT_NE(s.message().find("time/en.patterns.txt:1: unknown kind"), std::string::npos) << s.message();
  s = LoadTime({{"time/en.patterns.txt", "day  on the\n"}});
  EXPECT_NE(s.message().find("time/en.patterns.txt:1: a day pattern needs"), std::string::npos)
      << s.message();
  s = LoadTime({{"time/en.patterns.txt", "day  {weekday}?\n"}});
  EXPECT_FALSE(s.ok());
  s = LoadTime({{"time/en.patterns.txt", "day  {end} {weekday}\n"}});
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(LoadTime({{"time/en.words.txt", "weekday  7  Sunday\n"},
                        {"time/en.patterns.txt", "day  on {weekday}\n"}})
                  .ok());
}

TEST(Calendar, DaysAndWeekdays) {
  const int64_t d = calendar::DaysFromCivil(2016, 12, 11);
  EXPECT_EQ(calendar::Weekday(d), 7);  // a Sunday
  EXPECT_EQ(calendar::FormatIso(d - 11), "2016-11-30");
  EXPECT_EQ(calendar::FormatIso(calendar::DaysFromCivil(2016, 2, 29) + 1), "2016-03-01");
  EXPECT_EQ(calendar::ParseIso("2016-12-11"), d);
  EXPECT_FALSE(calendar::ParseIso("2015-02-29").has_value());
  EXPECT_FALSE(calendar::ParseIso("11/12/2016").has_value());
  EXPECT_EQ(calendar::DaysInMonth(2000, 2), 29);
  EXPECT_EQ(calendar::DaysInMonth(1900, 2), 28);
}

}  // namespace
}  // namespace vigie
