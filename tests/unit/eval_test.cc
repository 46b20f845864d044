// Tests of the evaluation: the matching rule condition by condition, the
// 25 km boundary, date ranges, the one-to-one matching, required recall,
// the strict level, PLOVER label scores, and the gold and event readers.
// Every event here is made up for the test; no gold file is read.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "base/geo.h"
#include "code/codebook.h"
#include "eval/gold.h"
#include "eval/match.h"
#include "eval/report.h"

namespace vigie::eval {
namespace {

// One kilometre of latitude, in degrees, on the sphere HaversineKm uses.
constexpr double kDegreesPerKm = 180.0 / (std::numbers::pi * 6371.0088);

Actor State(const std::string& country, const std::string& sector) { return {country, sector, ""}; }
Actor Group(const std::string& id) { return {"", "", id}; }

// Russian aircraft strike Islamic State in a town, on the night of the 10th.
GoldEvent Gold(const std::string& id = "E1", bool required = true) {
  GoldEvent g;
  g.id = id;
  g.required = required;
  g.cameo = "195";
  g.plover = "ASSAULT";
  g.source = State("RUS", "MIL");
  g.target = Group("ISIL");
  g.place.geonames_id = 1000;
  g.place.has_coords = true;
  g.place.lat = 34.5;
  g.place.lon = 38.3;
  g.place.name = "Town";
  g.earliest = "2016-12-10";
  g.latest = "2016-12-11";
  return g;
}

// The same event as the system would give it.
SystemEvent Sys(const std::string& id = "1") {
  SystemEvent s;
  s.id = id;
  s.cameo = "195";
  s.plover = "ASSAULT";
  s.source = State("RUS", "MIL");
  s.target = Group("ISIL");
  s.place.geonames_id = 1000;
  s.place.has_coords = true;
  s.place.lat = 34.5;
  s.place.lon = 38.3;
  s.earliest = "2016-12-10";
  s.latest = "2016-12-11";
  return s;
}

TEST(Match, AllConditionsHold) {
  Conditions c = Compare(Gold(), Sys());
  EXPECT_TRUE(c.root && c.place && c.date && c.actor);
  EXPECT_TRUE(c.Matches());
  EXPECT_TRUE(c.Strict());
  EXPECT_EQ(WhyNot(c, Gold(), Sys()), "");
}

TEST(Match, RootFailsAlone) {
  SystemEvent s = Sys();
  s.cameo = "183";
  Conditions c = Compare(Gold(), s);
  EXPECT_FALSE(c.root);
  EXPECT_TRUE(c.place && c.date && c.actor);
  EXPECT_FALSE(c.Matches());
  EXPECT_EQ(WhyNot(c, Gold(), s), "CAMEO root 18, gold 19");
  s.cameo = "";
  EXPECT_FALSE(Compare(Gold(), s).root);
}

TEST(Match, SameRootOtherCodeMatchesButIsNotStrict) {
  SystemEvent s = Sys();
  s.cameo = "190";
  Conditions c = Compare(Gold(), s);
  EXPECT_TRUE(c.Matches());
  EXPECT_FALSE(c.code);
  EXPECT_FALSE(c.Strict());
  EXPECT_EQ(WhyNotStrict(c, Gold(), s), "CAMEO code 190, gold 195");
}

TEST(Match, PlaceFailsAlone) {
  SystemEvent s = Sys();
  s.place.geonames_id = 2000;
  s.place.lat = 36.2;  // about 190 km north
  s.place.name = "Elsewhere";
  Conditions c = Compare(Gold(), s);
  EXPECT_FALSE(c.place);
  EXPECT_TRUE(c.root && c.date && c.actor);
  EXPECT_NEAR(c.distance_km, 189.0, 1.0);
  EXPECT_EQ(WhyNot(c, Gold(), s).rfind("place 2000 Elsewhere is 189.", 0), 0u) << WhyNot(c, Gold(), s);
}

TEST(Match, NoSystemPlaceFailsAStatedGoldPlace) {
  SystemEvent s = Sys();
  s.place = EventPlace();
  Conditions c = Compare(Gold(), s);
  EXPECT_FALSE(c.place);
  EXPECT_EQ(c.distance_km, -1);
  GoldEvent g = Gold();
  g.place = EventPlace();  // the gold does not say where: no constraint
  EXPECT_TRUE(Compare(g, s).place);
}

TEST(Match, SameGeonamesIdIsEnoughWhateverTheCoordinates) {
  SystemEvent s = Sys();
  s.place.lat = 0;
  s.place.lon = 0;
  EXPECT_TRUE(Compare(Gold(), s).place);
}

TEST(Match, TwentyFiveKilometreBoundary) {
  EXPECT_NEAR(HaversineKm(34.5, 38.3, 34.5 + 25 * kDegreesPerKm, 38.3), 25.0, 1e-9);
  SystemEvent near = Sys(), far = Sys();
  near.place.geonames_id = far.place.geonames_id = 2000;  // another place...
  near.place.lat = 34.5 + 24.9 * kDegreesPerKm;           // ...24.9 km away
  far.place.lat = 34.5 + 25.1 * kDegreesPerKm;            // ...25.1 km away
  Conditions cn = Compare(Gold(), near), cf = Compare(Gold(), far);
  EXPECT_TRUE(cn.place);
  EXPECT_NEAR(cn.distance_km, 24.9, 1e-6);
  EXPECT_FALSE(cf.place);
  EXPECT_NEAR(cf.distance_km, 25.1, 1e-6);
  // East-west too: at 34.5 N a degree of longitude is shorter.
  SystemEvent east = Sys();
  east.place.geonames_id = 2000;
  east.place.lon = 38.3 + 24.9 * kDegreesPerKm / std::cos(34.5 * std::numbers::pi / 180);
  EXPECT_TRUE(Compare(Gold(), east).place);
  east.place.lon = 38.3 + 25.1 * kDegreesPerKm / std::cos(34.5 * std::numbers::pi / 180);
  EXPECT_FALSE(Compare(Gold(), east).place);
}

TEST(Match, GoldWithoutCoordinatesNeedsTheSameId) {
  GoldEvent g = Gold();
  g.place.has_coords = false;
  SystemEvent s = Sys();
  EXPECT_TRUE(Compare(g, s).place);
  s.place.geonames_id = 2000;  // same coordinates, another id
  Conditions c = Compare(g, s);
  EXPECT_FALSE(c.place);
  EXPECT_NE(WhyNot(c, g, s).find("no coordinates: the id must be equal"), std::string::npos);
}

TEST(Match, DateRanges) {
  auto with = [](const std::string& e, const std::string& l) {
    SystemEvent s = Sys();
    s.earliest = e;
    s.latest = l;
    return Compare(Gold(), s);
  };
  EXPECT_TRUE(with("2016-12-10", "2016-12-10").date);   // inside
  EXPECT_TRUE(with("2016-12-11", "2016-12-12").date);   // shares the last day
  EXPECT_TRUE(with("2016-12-09", "2016-12-10").date);   // shares the first day
  EXPECT_TRUE(with("2016-12-01", "2016-12-31").date);   // contains the gold range
  EXPECT_TRUE(with("2016-12-11", "").date);             // one day, latest not given
  EXPECT_FALSE(with("2016-12-12", "2016-12-13").date);  // after
  EXPECT_FALSE(with("2016-12-08", "2016-12-09").date);  // before
  EXPECT_FALSE(with("", "").date);                      // undated
  Conditions c = with("2016-12-12", "2016-12-13");
  EXPECT_TRUE(c.root && c.place && c.actor);
  SystemEvent s = Sys();
  s.earliest = "2016-12-12";
  s.latest = "2016-12-13";
  EXPECT_EQ(WhyNot(c, Gold(), s),
            "date 2016-12-12..2016-12-13 does not overlap gold 2016-12-10..2016-12-11");
  GoldEvent undated = Gold();
  undated.earliest = undated.latest = "";
  EXPECT_TRUE(Compare(undated, s).date);
}

TEST(Match, ActorsFailAlone) {
  SystemEvent s = Sys();
  s.source = State("SYR", "MIL");
  s.target = Group("HTS");
  Conditions c = Compare(Gold(), s);
  EXPECT_FALSE(c.actor);
  EXPECT_TRUE(c.root && c.place && c.date);
  EXPECT_EQ(WhyNot(c, Gold(), s), "actors SYR MIL -> HTS, gold RUS MIL -> ISIL");
}

TEST(Match, OneActorIsEnoughButStrictNeedsBoth) {
  SystemEvent source_only = Sys();
  source_only.target = Actor();
  Conditions c = Compare(Gold(), source_only);
  EXPECT_TRUE(c.actor);
  EXPECT_FALSE(c.both_actors);
  EXPECT_FALSE(c.Strict());
  SystemEvent target_only = Sys();
  target_only.source = State("RUS", "GOV");  // the sector differs
  c = Compare(Gold(), target_only);
  EXPECT_TRUE(c.actor);
  EXPECT_FALSE(c.Strict());
  EXPECT_EQ(WhyNotStrict(c, Gold(), target_only), "actors RUS GOV -> ISIL, gold RUS MIL -> ISIL");
}

TEST(Match, ActorsMatchInTheirRoles) {
  SystemEvent swapped = Sys();
  swapped.source = Group("ISIL");
  swapped.target = State("RUS", "MIL");
  EXPECT_FALSE(Compare(Gold(), swapped).actor);
}

TEST(Match, ActorKeys) {
  GoldEvent g = Gold();
  SystemEvent s = Sys();
  // A group matches by its id, whatever else the system says of it.
  s.target = {"SYR", "REB", "ISIL"};
  s.source = Actor();
  EXPECT_TRUE(Compare(g, s).actor);
  // A gold actor with a country and no sector matches any sector.
  g.source = State("RUS", "");
  s.source = State("RUS", "GOV");
  s.target = Actor();
  EXPECT_TRUE(Compare(g, s).actor);
  // A gold without actors constrains nothing.
  g.source = g.target = Actor();
  s.source = s.target = Actor();
  Conditions c = Compare(g, s);
  EXPECT_TRUE(c.actor);
  EXPECT_TRUE(c.Strict());
}

TEST(Matching, OneGoldTwoSystemEvents) {
  SystemEvent other_code = Sys("1");
  other_code.cameo = "190";
  SystemEvent exact = Sys("2");
  EventComparison r = CompareEvents({Gold()}, {other_code, exact});
  ASSERT_EQ(r.matched.size(), 1u);
  EXPECT_EQ(r.matched[0].system, 1u);  // the strict one is preferred
  EXPECT_TRUE(r.matched[0].strict);
  ASSERT_EQ(r.spurious.size(), 1u);
  EXPECT_EQ(r.spurious[0].index, 0u);
  EXPECT_EQ(r.spurious[0].closest, 0);
  EXPECT_EQ(r.spurious[0].why, "matches gold E1, already matched to another event");
  EXPECT_TRUE(r.missed.empty());
}

TEST(Matching, TwoGoldOneSystemEventRequiredFirst) {
  GoldEvent background = Gold("E1", false), news = Gold("E2", true);
  EventComparison r = CompareEvents({background, news}, {Sys()});
  ASSERT_EQ(r.matched.size(), 1u);
  EXPECT_EQ(r.matched[0].gold, 1u);
  EXPECT_EQ(r.required, 1u);
  EXPECT_EQ(r.required_matched, 1u);
  ASSERT_EQ(r.missed.size(), 1u);
  EXPECT_EQ(r.missed[0].index, 0u);
  EXPECT_EQ(r.missed[0].why, "matches, but taken by gold E2");
}

TEST(Matching, MaximumNotGreedy) {
  // E1 would rather take #1 (strict) but can take #2; E2 can only take #1.
  GoldEvent e1 = Gold("E1"), e2 = Gold("E2");
  e2.cameo = "190";
  SystemEvent s1 = Sys("1"), s2 = Sys("2");
  s1.cameo = "195";
  s2.cameo = "190";
  s2.place.geonames_id = 3000;
  s2.place.lat += 30 * kDegreesPerKm;  // too far for E2... and for E1
  EventComparison r = CompareEvents({e1, e2}, {s1, s2});
  EXPECT_EQ(r.matched.size(), 1u);  // s2 matches nobody: the place is 30 km off
  s2.place.lat = 34.5 + 10 * kDegreesPerKm;
  e2.place.has_coords = false;  // E2 needs id 1000: only #1 has it
  r = CompareEvents({e1, e2}, {s1, s2});
  ASSERT_EQ(r.matched.size(), 2u);
  EXPECT_EQ(r.matched[0].gold, 0u);
  EXPECT_EQ(r.matched[0].system, 1u);  // E1 gave #1 up for E2
  EXPECT_EQ(r.matched[1].system, 0u);
  EXPECT_FALSE(r.matched[0].strict);
  EXPECT_FALSE(r.matched[1].strict);  // #1 is 195, E2 is 190
  EXPECT_EQ(r.strict_matched, 1u);    // E1 with #1
}

TEST(Matching, MissedEventsNameTheClosestAndWhy) {
  SystemEvent wrong_day = Sys("1");
  wrong_day.earliest = wrong_day.latest = "2016-12-20";
  SystemEvent wrong_everything = Sys("2");
  wrong_everything.cameo = "010";
  wrong_everything.place = EventPlace();
  EventComparison r = CompareEvents({Gold()}, {wrong_everything, wrong_day});
  EXPECT_TRUE(r.matched.empty());
  ASSERT_EQ(r.missed.size(), 1u);
  EXPECT_EQ(r.missed[0].closest, 1);
  EXPECT_EQ(r.missed[0].why, "date 2016-12-20 does not overlap gold 2016-12-10..2016-12-11");
  EXPECT_EQ(r.spurious.size(), 2u);
  r = CompareEvents({Gold()}, {});
  ASSERT_EQ(r.missed.size(), 1u);
  EXPECT_EQ(r.missed[0].closest, -1);
  EXPECT_EQ(r.missed[0].why, "no system event");
}

TEST(Figures, RequiredRecallStrictAndEmptyDenominators) {
  Evaluation ev;
  GoldDocument doc;
  doc.id = "a";
  doc.events = {Gold("E1", true), Gold("E2", true), Gold("E3", false)};
  doc.events[1].cameo = "0874";
  doc.events[1].plover = "RETREAT";
  doc.events[2].cameo = "192";
  doc.events[2].plover = "COERCE";
  SystemEvent loose = Sys("1");  // matches E1, not strictly (only the target)
  loose.source = Actor();
  SystemEvent retreat = Sys("2");  // matches E2 exactly
  retreat.cameo = "0874";
  retreat.plover = "RETREAT";
  SystemEvent stray = Sys("3");
  stray.cameo = "040";
  stray.plover = "CONSULT";
  ev.Add(doc, {loose, retreat, stray});
  const Figures& f = ev.events();
  EXPECT_EQ(f.gold, 3u);
  EXPECT_EQ(f.system, 3u);
  EXPECT_EQ(f.matched, 2u);
  EXPECT_EQ(f.required, 2u);
  EXPECT_EQ(f.required_matched, 2u);
  EXPECT_EQ(f.strict_matched, 1u);
  EXPECT_DOUBLE_EQ(f.Precision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(f.Recall(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(f.F1(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(f.RequiredRecall(), 1.0);
  EXPECT_DOUBLE_EQ(f.StrictF1(), 1.0 / 3);
  // PLOVER types of the article: ASSAULT, RETREAT found; COERCE missed; CONSULT extra.
  LabelCounts t = ev.article_labels().Total();
  EXPECT_EQ(t.tp, 2u);
  EXPECT_EQ(t.fn, 1u);
  EXPECT_EQ(t.fp, 1u);

  Evaluation without_plover;  // gold with no PLOVER type: no PLOVER figures for the article
  GoldDocument bare = doc;
  for (GoldEvent& e : bare.events) e.plover.clear();
  without_plover.Add(bare, {loose});
  EXPECT_EQ(without_plover.article_labels().documents, 0u);
  EXPECT_EQ(without_plover.events().matched, 1u);

  Figures none;
  EXPECT_EQ(none.Precision(), 0);
  EXPECT_EQ(none.F1(), 0);
  EXPECT_EQ(none.RequiredRecall(), 0);

  std::ostringstream text;
  ev.WriteText(text);
  EXPECT_NE(text.str().find("required recall 1.000 (2/2)"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("missed    E3"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("spurious  #3"), std::string::npos) << text.str();
  auto j = ev.ToJson();
  EXPECT_EQ(j["events"]["matched"], 2);
  EXPECT_EQ(j["events"]["strict"]["matched"], 1);
  EXPECT_EQ(j["documents"][0]["missed"][0]["gold"], "E3");
}

TEST(PloverLabels, PerTypeCountsAndConfusion) {
  LabelScores s;
  s.Add({"ASSAULT"}, {"ASSAULT"});           // right
  s.Add({"ASSAULT"}, {"COERCE"});            // confused
  s.Add({"REQUEST"}, {});                    // missed
  s.Add({}, {"PROTEST"});                    // label where the gold has none
  s.Add({"AGREE"}, {"AGREE", "CONSULT"});    // right, plus an extra
  EXPECT_EQ(s.documents, 5u);
  EXPECT_EQ(s.per_type["ASSAULT"].tp, 1u);
  EXPECT_EQ(s.per_type["ASSAULT"].fn, 1u);
  EXPECT_EQ(s.per_type["COERCE"].fp, 1u);
  EXPECT_EQ(s.per_type["REQUEST"].fn, 1u);
  EXPECT_EQ(s.per_type["PROTEST"].fp, 1u);
  EXPECT_EQ(s.confusion["ASSAULT"]["ASSAULT"], 1u);
  EXPECT_EQ(s.confusion["ASSAULT"]["COERCE"], 1u);
  EXPECT_EQ(s.confusion["REQUEST"]["(none)"], 1u);
  EXPECT_EQ(s.confusion["(none)"]["PROTEST"], 1u);
  EXPECT_EQ(s.confusion["AGREE"]["CONSULT"], 1u);
  LabelCounts t = s.Total();
  EXPECT_EQ(t.tp, 2u);
  EXPECT_EQ(t.fp, 3u);
  EXPECT_EQ(t.fn, 2u);
  EXPECT_DOUBLE_EQ(Precision(t), 2.0 / 5);
  EXPECT_DOUBLE_EQ(Recall(t), 2.0 / 4);
  EXPECT_DOUBLE_EQ(F1(t), 2 * 0.4 * 0.5 / 0.9);
}

TEST(PloverLabels, SentencesScoredByLabelsOnly) {
  Evaluation ev;
  GoldDocument sentence;
  sentence.id = "s1";
  sentence.kind = GoldKind::kPloverLabels;
  GoldEvent label;
  label.plover = "REQUEST";
  sentence.events = {label};
  SystemEvent s = Sys();
  s.plover = "REQUEST";
  s.cameo = "100";
  ev.Add(sentence, {s});
  EXPECT_EQ(ev.events().documents, 0u);  // no event matching for label-only gold
  EXPECT_EQ(ev.sentence_labels().documents, 1u);
  EXPECT_EQ(ev.sentence_labels().Total().tp, 1u);
  std::ostringstream text;
  ev.WriteText(text);
  EXPECT_NE(text.str().find("PLOVER labels per sentence (events told as done: neither negated nor hypothetical): 1 sentences"),
            std::string::npos);
}

// "The rebels could attack the capital" tells no attack: a hypothetical or
// negated event gives no label.
TEST(PloverLabels, OnlyEventsToldAsDoneGiveLabels) {
  SystemEvent done = Sys(), possible = Sys(), denied = Sys();
  done.plover = "REQUEST";
  possible.plover = "ASSAULT";
  possible.hypothetical = true;
  denied.plover = "RETREAT";
  denied.negated = true;
  EXPECT_EQ(PloverLabels(std::vector<SystemEvent>{done, possible, denied}), std::set<std::string>{"REQUEST"});
}

// --- readers -------------------------------------------------------------

std::shared_ptr<const Codebook> Book() {
  static auto book = Codebook::Load(VIGIE_SOURCE_DATA_DIR);
  EXPECT_TRUE(book.ok());
  return book.ok() ? *book : nullptr;
}

TEST(GoldReaders, JsonLines) {
  GoldSet set;
  std::string text =
      "{\"id\":\"a1\",\"text\":\"Russian jets bombed the town.\",\"published\":\"2016-12-11\","
      "\"lang\":\"en\",\"events\":[{\"cameo\":\"195\",\"plover\":\"FIGHT\",\"required\":true,"
      "\"source\":{\"country\":\"RUS\",\"sector\":\"MIL\"},\"target\":{\"group\":\"ISIL\"},"
      "\"place\":{\"geonames_id\":1000,\"lat\":34.5,\"lon\":38.3},"
      "\"date\":{\"earliest\":\"2016-12-10\",\"latest\":\"2016-12-11\"}}]}\n"
      "\n"
      "{\"id\":\"a2\",\"text\":\"They demanded talks.\",\"events\":[{\"plover\":\"DEMAND\"}]}\n";
  ParseGoldJsonLines("g.jsonl", text, Book().get(), &set);
  ASSERT_TRUE(set.errors.empty()) << set.errors[0].ToString();
  ASSERT_EQ(set.documents.size(), 2u);
  const GoldDocument& a1 = set.documents[0];
  EXPECT_EQ(a1.Where(), "g.jsonl:1");
  EXPECT_EQ(a1.kind, GoldKind::kEvents);
  EXPECT_EQ(a1.published, "2016-12-11");
  EXPECT_EQ(a1.lang, "en");
  ASSERT_EQ(a1.events.size(), 1u);
  EXPECT_EQ(a1.events[0].id, "E1");
  EXPECT_EQ(a1.events[0].plover, "ASSAULT");  // FIGHT is an earlier name
  EXPECT_EQ(a1.events[0].source.Key(), "RUS MIL");
  EXPECT_EQ(a1.events[0].target.Key(), "ISIL");
  EXPECT_TRUE(a1.events[0].place.has_coords);
  EXPECT_TRUE(a1.events[0].required);
  const GoldDocument& a2 = set.documents[1];
  EXPECT_EQ(a2.Where(), "g.jsonl:3");
  EXPECT_EQ(a2.kind, GoldKind::kPloverLabels);
  EXPECT_EQ(a2.events[0].plover, "REQUEST");
}

// The first error reading one JSON line.
std::string LineError(const std::string& line) {
  GoldSet set;
  ParseGoldJsonLines("g.jsonl", "{\"id\":\"ok\",\"text\":\"t\",\"events\":[]}\n" + line + "\n",
                     Book().get(), &set);
  EXPECT_EQ(set.documents.size(), 1u);
  return set.errors.empty() ? "no error" : set.errors[0].ToString();
}

TEST(GoldReaders, JsonLinesErrorsNameFileLineAndField) {
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",").rfind("E110 malformed_json: g.jsonl:2:", 0), 0u);
  EXPECT_EQ(LineError("[1,2]"), "E112 bad_field: g.jsonl:2: each line holds one object");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"events\":[]}"), "E111 missing_field: g.jsonl:2: no \"text\"");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\"}"), "E111 missing_field: g.jsonl:2: no \"events\"");
  EXPECT_EQ(LineError("{\"id\":\"ok\",\"text\":\"t\",\"events\":[]}"),
            "E112 bad_field: g.jsonl:2: id: 'ok' already used at line 1");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"published\":\"11/12/2016\",\"events\":[]}"),
            "E112 bad_field: g.jsonl:2: published: '11/12/2016' is not YYYY-MM-DD");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":\"195\","
                      "\"date\":{\"earliest\":\"2016-12-11\",\"latest\":\"2016-12-10\"}}]}"),
            "E112 bad_field: g.jsonl:2: events[0].date: latest 2016-12-10 is before earliest 2016-12-11");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":195}]}"),
            "E112 bad_field: g.jsonl:2: events[0].cameo: a CAMEO code is a string of digits (\"195\")");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":\"19x\"}]}"),
            "E112 bad_field: g.jsonl:2: events[0].cameo: '19x' is not a CAMEO code (2 to 4 digits)");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":\"195\",\"plover\":\"PUNCH\"}]}"),
            "E112 bad_field: g.jsonl:2: events[0].plover: unknown PLOVER type 'PUNCH'");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":\"195\",\"place\":{\"lat\":3}}]}"),
            "E112 bad_field: g.jsonl:2: events[0].place: \"lat\" and \"lon\" go together");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":\"195\",\"source\":{\"country\":\"RU\"}}]}"),
            "E112 bad_field: g.jsonl:2: events[0].source.country: 'RU' is not an ISO 3166-1 alpha-3 code");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"cameo\":\"195\"},{\"plover\":\"AGREE\"}]}"),
            "E111 missing_field: g.jsonl:2: events[1]: no \"cameo\" (when one event of a document has "
            "a CAMEO code, all need one)");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"t\",\"events\":[{\"what\":\"nothing\"}]}"),
            "E111 missing_field: g.jsonl:2: events[0]: an event needs \"cameo\" or \"plover\"");
  EXPECT_EQ(LineError("{\"id\":\"x\",\"text\":\"  \",\"events\":[]}"),
            "E102 empty_input: g.jsonl:2: the text is empty");
}

TEST(GoldReaders, GoldJsonWithItsTextBeside) {
  std::string requested;
  TextLoader loader = [&](const std::string& path) -> Result<std::string> {
    requested = path;
    return std::string("Les raids russes ont visé Palmyre.");
  };
  GoldSet set;
  ParseGoldJson("gold/seed/a.gold.json",
                "{\"id\":\"a\",\"text_file\":\"a-article.txt\",\"lang\":\"fr\",\"published\":\"2016-12-11\","
                "\"events\":[{\"id\":\"E1\",\"cameo\":\"195\",\"plover\":\"ASSAULT\","
                "\"acled\":{\"event_type\":\"Battles\"},\"claims\":[]}]}",
                Book().get(), loader, &set);
  ASSERT_TRUE(set.errors.empty()) << set.errors[0].ToString();
  ASSERT_EQ(set.documents.size(), 1u);
  EXPECT_EQ(requested, "gold/seed/a-article.txt");
  EXPECT_EQ(set.documents[0].text, "Les raids russes ont visé Palmyre.");
  EXPECT_EQ(set.documents[0].aliases, std::vector<std::string>{"a-article"});

  GoldSet bad;
  TextLoader missing = [](const std::string& path) -> Result<std::string> {
    return Status(ErrorCode::kIoError, path + ": No such file or directory");
  };
  ParseGoldJson("g/b.gold.json", "{\"text_file\":\"b.txt\",\"events\":[]}", nullptr, missing, &bad);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].ToString(),
            "E101 io_error: g/b.gold.json: text_file: g/b.txt: No such file or directory");
  ParseGoldJson("g/c.gold.json", "{\"text_file\":\"../../etc/passwd\",\"events\":[]}", nullptr,
                missing, &bad);
  EXPECT_EQ(bad.errors[1].ToString(),
            "E112 bad_field: g/c.gold.json: text_file: '../../etc/passwd' must name a file beside "
            "the gold file");
  ParseGoldJson("g/d.gold.json", "{\n  \"events\": [\n    {\"cameo\": }\n  ]\n}", nullptr, missing, &bad);
  EXPECT_EQ(bad.errors[2].ToString().rfind("E110 malformed_json: g/d.gold.json:3:", 0), 0u)
      << bad.errors[2].ToString();
}

TEST(GoldReaders, PloverGsr) {
  GoldSet set;
  ParsePloverGsr("gsr.txt",
                 "[{\"id\":\"DOC\",\"event\":\"DOCUMENT\",\"eventText\":\"about this file\"},\n"
                 " {\"id\":\"S1\",\"date\":\"2000-01-01\",\"event\":\"DEMAND\",\"text\":\"They demanded.\","
                 "\"language\":\"en\",\"source\":[{\"actorText\":\"They\",\"code\":\"XXX\"}]},\n"
                 " {\"id\":\"S2\",\"event\":\"DISAPPROVE\",\"text\":\"They criticised.\","
                 "\"target\":[{\"actorText\":\"the Syrian army\",\"code\":\"SYRMIL\"}]},\n"
                 " {\"id\":\"S2\",\"event\":\"FIGHT\",\"text\":\"They fought.\"},\n"
                 " {\"id\":\"S4\",\"event\":\"NOPE\",\"text\":\"Unknown type.\"},\n"
                 " {\"id\":\"S5\",\"event\":\"AGREE\"}]",
                 Book().get(), &set);
  ASSERT_EQ(set.documents.size(), 3u);
  EXPECT_EQ(set.documents[0].id, "S1");
  EXPECT_EQ(set.documents[0].kind, GoldKind::kPloverLabels);
  EXPECT_EQ(set.documents[0].published, "2000-01-01");
  EXPECT_EQ(set.documents[0].lang, "en");
  EXPECT_EQ(set.documents[0].events[0].plover, "REQUEST");
  EXPECT_EQ(set.documents[1].events[0].plover, "ACCUSE");
  // Actor codes become actors (a code that names no country, none).
  EXPECT_FALSE(set.documents[0].events[0].source.stated());
  EXPECT_EQ(set.documents[1].events[0].target.country, "SYR");
  EXPECT_EQ(set.documents[1].events[0].target.sector, "MIL");
  EXPECT_EQ(set.documents[2].id, "S2~4");
  EXPECT_EQ(set.documents[2].events[0].plover, "ASSAULT");
  ASSERT_EQ(set.warnings.size(), 1u);
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_EQ(set.errors[0].ToString(), "E112 bad_field: gsr.txt: record 5: event: unknown PLOVER type 'NOPE'");
  EXPECT_EQ(set.errors[1].ToString(), "E111 missing_field: gsr.txt: record 6: no \"text\"");
  GoldSet not_array;
  ParsePloverGsr("gsr.txt", "{}", nullptr, &not_array);
  ASSERT_EQ(not_array.errors.size(), 1u);
}

TEST(EventRecords, DesignRecordsAndArticles) {
  SystemEventSet set;
  ParseEventRecords(
      "ev.jsonl",
      "{\"id\":\"ev1\",\"article_ids\":[\"a1\",\"a1-copy\"],\"cameo\":{\"code\":\"195\",\"root\":\"19\","
      "\"quad_class\":4,\"goldstein\":-10.0},\"plover\":\"ASSAULT\","
      "\"source\":{\"name\":\"Russian air force\",\"country\":\"RUS\",\"sector\":\"MIL\",\"group\":null},"
      "\"target\":{\"name\":\"Islamic State\",\"country\":null,\"sector\":null,\"group\":\"ISIL\"},"
      "\"place\":{\"geonames_id\":163808,\"lat\":34.56,\"lon\":38.28,\"precision\":\"point\"},"
      "\"date\":{\"earliest\":\"2016-12-10\",\"latest\":\"2016-12-11\"},"
      "\"evidence\":{\"trigger\":{\"text\":\"ont mené plus de 60 raids\"}}}\n"
      "{\"id\":\"a2\",\"error\":{\"code\":\"E104\"}}\n"
      "{\"id\":\"a3\",\"events\":[{\"cameo\":\"0874\"},{\"cameo\":\"192\",\"plover\":\"SEIZE\"},"
      "{\"cameo\":\"180\",\"plover\":\"PUNCH\"}]}\n"
      "{\"cameo\":{\"code\":\"190\"}}\n"
      "not json\n",
      Book().get(), &set);
  EXPECT_EQ(set.records, 4u);
  ASSERT_EQ(set.by_article.size(), 3u);
  const SystemEvent& e = set.by_article["a1"].at(0);
  EXPECT_EQ(e.id, "ev1");
  EXPECT_EQ(e.cameo, "195");
  EXPECT_EQ(e.source.Key(), "RUS MIL");
  EXPECT_EQ(e.target.Key(), "ISIL");
  EXPECT_EQ(e.place.geonames_id, 163808u);
  EXPECT_EQ(e.latest, "2016-12-11");
  EXPECT_EQ(e.trigger, "ont mené plus de 60 raids");
  EXPECT_EQ(set.by_article["a1-copy"].size(), 1u);
  ASSERT_EQ(set.by_article["a3"].size(), 3u);
  EXPECT_EQ(set.by_article["a3"][1].plover, "COERCE");
  EXPECT_EQ(set.by_article["a3"][2].plover, "PUNCH");  // unknown to the codebook: kept
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_EQ(set.errors[0].ToString(),
            "E111 missing_field: ev.jsonl:4: no \"article_ids\": the event belongs to no article");
  EXPECT_EQ(set.errors[1].ToString().rfind("E110 malformed_json: ev.jsonl:5:", 0), 0u);
}

TEST(SystemEvents, FromADocument) {
  Document doc;
  doc.published = "2016-12-11";
  doc.text = "Les avions russes ont frappé Palmyre.";
  Place palmyra;
  palmyra.geonames_id = 163808;
  palmyra.lat = 34.56;
  palmyra.lon = 38.28;
  palmyra.name = "Palmyra";
  doc.places = {palmyra};
  TimeExpr saturday;
  saturday.earliest = saturday.latest = "2016-12-10";
  doc.times = {saturday};
  Event strike;
  strike.cameo = "195";
  strike.plover = "ASSAULT";
  strike.source.country = "RUS";
  strike.source.sector = "MIL";
  strike.target.group = "ISIL";
  strike.place = 0;
  strike.time = 0;
  strike.trigger.span = {22, 29};
  Event undated;
  undated.cameo = "0874";
  undated.place = 7;  // out of range: no place
  Event own_dates = strike;
  own_dates.earliest = "2016-12-08";
  doc.events = {strike, undated, own_dates};
  std::vector<SystemEvent> s = SystemEventsOf(doc);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].id, "1");
  EXPECT_EQ(s[0].place.geonames_id, 163808u);
  EXPECT_TRUE(s[0].place.has_coords);
  EXPECT_EQ(s[0].earliest, "2016-12-10");  // from the time expression
  EXPECT_EQ(s[0].source.Key(), "RUS MIL");
  EXPECT_EQ(s[0].target.Key(), "ISIL");
  EXPECT_EQ(s[0].trigger, "frappé");
  EXPECT_FALSE(s[1].place.stated());
  EXPECT_EQ(s[1].earliest, "2016-12-11");  // the publication date
  EXPECT_EQ(s[2].earliest, "2016-12-08");  // its own
  EXPECT_EQ(s[2].latest, "2016-12-08");
}

TEST(Dates, IsoDates) {
  EXPECT_TRUE(IsIsoDate("2016-12-11"));
  EXPECT_FALSE(IsIsoDate("2016-13-11"));
  EXPECT_FALSE(IsIsoDate("2016-12-00"));
  EXPECT_FALSE(IsIsoDate("2016-12"));
  EXPECT_FALSE(IsIsoDate("11/12/2016"));
}

}  // namespace
}  // namespace vigie::eval
