// Tests of the quantity stage on sentences written for these tests (French
// and English), of its word lists (errors with file:line), and of the seed
// article of ../shared when it is there.
#include <gtest/gtest.h>

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "ingest/reader.h"
#include "quantity/quantity_knowledge.h"
#include "test_util.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

std::string Describe(const Document& doc, const Quantity& q) {
  std::ostringstream out;
  out << doc.Slice(q.span) << "=";
  if (q.qualifier != Qualifier::kManyUnquantified) out << std::setprecision(12) << q.value << " ";
  out << QualifierName(q.qualifier) << " " << (q.kind.empty() ? "-" : q.kind);
  return out.str();
}

// "text=value qualifier kind" for every count outside the title.
std::vector<std::string> Counts(const std::string& text, const std::string& lang) {
  Document doc = testing::Process("Titre\n\n" + text, lang, "2016-12-11");
  std::vector<std::string> out;
  for (const Quantity& q : doc.quantities) {
    if (doc.paragraphs[doc.sentences[doc.tokens[q.first_token].sentence].paragraph].kind ==
        ParagraphKind::kTitle)
      continue;
    out.push_back(Describe(doc, q));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(QuantityFr, KindFromTheNounItself) {
  EXPECT_EQ(Counts("Les avions ont mené plus de 60 raids sur la ville.", "fr"),
            V{"plus de 60 raids=60 more_than strikes"});
  EXPECT_EQ(Counts("Ils ont détruit 11 chars et 31 véhicules.", "fr"),
            (V{"11 chars=11 exact tanks", "31 véhicules=31 exact vehicles"}));
  EXPECT_EQ(Counts("L'attentat a fait au moins 12 morts et 40 blessés.", "fr"),
            (V{"au moins 12 morts=12 at_least killed", "40 blessés=40 exact wounded"}));
  EXPECT_EQ(Counts("Des dizaines de roquettes sont tombées sur la base.", "fr"),
            V{"Des dizaines de roquettes=many_unquantified rockets"});
  EXPECT_EQ(Counts("Plus d'une dizaine de frappes ont visé le quartier.", "fr"),
            V{"Plus d'une dizaine de frappes=10 more_than strikes"});
  EXPECT_EQ(Counts("Quelque 200 déplacés ont rejoint le camp.", "fr"),
            V{"Quelque 200 déplacés=200 about displaced"});
  EXPECT_EQ(Counts("Les combats ont fait 1,5 million de déplacés.", "fr"),
            V{"1,5 million de déplacés=1500000 exact displaced"});
}

TEST(QuantityFr, KindFromAParticipleAfterTheNoun) {
  EXPECT_EQ(Counts("Selon l'armée, 300 membres de Daesh tués.", "fr"),
            V{"300 membres=300 exact killed"});
  EXPECT_EQ(Counts("Vingt-deux soldats ont été tués.", "fr"), V{"Vingt-deux soldats=22 exact killed"});
  EXPECT_EQ(Counts("Une dizaine de civils ont été blessés.", "fr"),
            V{"Une dizaine de civils=10 about wounded"});
  EXPECT_EQ(Counts("Un grand nombre de djihadistes ont été tués.", "fr"),
            V{"Un grand nombre de djihadistes=many_unquantified killed"});
  // No noun: the participle is what is counted.
  EXPECT_EQ(Counts("Au moins 12 ont été tués.", "fr"), V{"Au moins 12 ont été tués=12 at_least killed"});
}

TEST(QuantityFr, KindFromTheVerb) {
  EXPECT_EQ(Counts("Les frappes ont tué plus de 300 membres de l'EI.", "fr"),
            V{"plus de 300 membres=300 more_than killed"});
  EXPECT_EQ(Counts("Les raids ont tué un grand nombre de djihadistes.", "fr"),
            V{"un grand nombre de djihadistes=many_unquantified killed"});
  EXPECT_EQ(Counts("Des hommes armés ont enlevé 20 élèves.", "fr"), V{"20 élèves=20 exact abducted"});
  EXPECT_EQ(Counts("La police a interpellé 40 manifestants.", "fr"),
            V{"40 manifestants=40 exact arrested"});
}

TEST(QuantityFr, NumberWordsAndPeople) {
  EXPECT_EQ(Counts("Deux cents civils ont fui.", "fr"), V{"Deux cents civils=200 exact people"});
  EXPECT_EQ(Counts("Trois mille soldats et quatre-vingt-dix otages.", "fr"),
            (V{"Trois mille soldats=3000 exact people", "quatre-vingt-dix otages=90 exact abducted"}));
  EXPECT_EQ(Counts("Vingt et un morts et soixante et onze combattants.", "fr"),
            (V{"Vingt et un morts=21 exact killed", "soixante et onze combattants=71 exact people"}));
  EXPECT_EQ(Counts("Près de 300 personnes et jusqu'à 5 000 habitants.", "fr"),
            (V{"Près de 300 personnes=300 about people", "jusqu'à 5 000 habitants=5000 up_to people"}));
  EXPECT_EQ(Counts("Une centaine de combattants et de nombreux chars.", "fr"),
            (V{"Une centaine de combattants=100 about people", "de nombreux chars=many_unquantified tanks"}));
  // A count of something else has no kind.
  EXPECT_EQ(Counts("Les 27 pays de l'Union ont voté.", "fr"), V{"27 pays=27 exact -"});
}

TEST(QuantityFr, NumbersThatCountNothing) {
  EXPECT_EQ(Counts("Le 3 mai 2015, la ville est tombée en 2015.", "fr"), V{});
  EXPECT_EQ(Counts("Âgé de 25 ans, il est arrivé à 10 h.", "fr"), V{});
  EXPECT_EQ(Counts("L'article 5 et la résolution 2254 ont été cités.", "fr"), V{});
  EXPECT_EQ(Counts("L'armée contrôle désormais 85 % de la ville, à 3 km.", "fr"), V{});
  EXPECT_EQ(Counts("Il y a passé quelques heures et 2 jours.", "fr"), V{});
  EXPECT_EQ(Counts("La 3e division et le 1er régiment.", "fr"), V{});
  EXPECT_EQ(Counts("Les avions-bombardiers ont décollé de nombreuses fois.", "fr"), V{});
  EXPECT_EQ(Counts("Un soldat et une femme sont arrivés.", "fr"), V{});
}

TEST(QuantityEn, Kinds) {
  EXPECT_EQ(Counts("Gunmen killed at least 12 civilians.", "en"),
            V{"at least 12 civilians=12 at_least killed"});
  EXPECT_EQ(Counts("Twenty-two soldiers were wounded.", "en"), V{"Twenty-two soldiers=22 exact wounded"});
  EXPECT_EQ(Counts("Police said 20 people were injured.", "en"), V{"20 people=20 exact wounded"});
  EXPECT_EQ(Counts("They abducted 20 pupils and arrested 40 protesters.", "en"),
            (V{"20 pupils=20 exact abducted", "40 protesters=40 exact arrested"}));
  EXPECT_EQ(Counts("More than 60 Russian air strikes hit the city.", "en"),
            V{"More than 60 Russian air strikes=60 more_than strikes"});
  EXPECT_EQ(Counts("Over 40 tanks and nearly 30 vehicles were destroyed.", "en"),
            (V{"Over 40 tanks=40 more_than tanks", "nearly 30 vehicles=30 about vehicles"}));
  EXPECT_EQ(Counts("12 soldiers killed and 30 wounded.", "en"),
            (V{"12 soldiers=12 exact killed", "30 wounded=30 exact wounded"}));
  EXPECT_EQ(Counts("The blast left 7 dead.", "en"), V{"7 dead=7 exact killed"});
}

TEST(QuantityEn, ApproximateAndUnquantified) {
  EXPECT_EQ(Counts("A dozen rockets hit the base.", "en"), V{"A dozen rockets=12 about rockets"});
  EXPECT_EQ(Counts("Scores of civilians were killed.", "en"),
            V{"Scores of civilians=many_unquantified killed"});
  EXPECT_EQ(Counts("Dozens of people fled and hundreds of homes burned.", "en"),
            V{"Dozens of people=many_unquantified people"});
  EXPECT_EQ(Counts("Several rockets and a large number of casualties.", "en"),
            (V{"Several rockets=many_unquantified rockets",
               "a large number of casualties=many_unquantified wounded"}));
  EXPECT_EQ(Counts("Up to 300 people and some 20 soldiers.", "en"),
            (V{"Up to 300 people=300 up_to people", "some 20 soldiers=20 about people"}));
  EXPECT_EQ(Counts("A hundred fighters and three thousand troops.", "en"),
            (V{"A hundred fighters=100 exact people", "three thousand troops=3000 exact people"}));
  // Many things that are not conflict counts are not kept without a number.
  EXPECT_EQ(Counts("Many reasons were given.", "en"), V{});
}

TEST(QuantityEn, NumbersThatCountNothing) {
  EXPECT_EQ(Counts("The 25-year-old man died at 10 pm.", "en"), V{});
  EXPECT_EQ(Counts("About 85 percent of the town, 3 km away.", "en"), V{});
  EXPECT_EQ(Counts("Resolution 2254 and Boeing 737 were cited.", "en"), V{});
  EXPECT_EQ(Counts("The 2015 attacks killed 130 people.", "en"), V{"130 people=130 exact killed"});
  EXPECT_EQ(Counts("On May 3, 2015, he spent two hours there.", "en"), V{});
  EXPECT_EQ(Counts("It was the 3rd attack this year.", "en"), V{});
}

TEST(QuantityEvidence, SpansAndRules) {
  Document doc = testing::Process("Titre\n\nLes frappes ont tué plus de 300 membres de l'EI.", "fr",
                                  "2016-12-11");
  ASSERT_EQ(doc.quantities.size(), 1u);
  const Quantity& q = doc.quantities[0];
  EXPECT_EQ(doc.Slice(q.evidence.span), "300");
  EXPECT_EQ(doc.Form(doc.tokens[q.head_token]), "membres");
  EXPECT_NE(q.evidence.rule.find("quantity/fr.qualifiers.txt:"), std::string::npos) << q.evidence.rule;
  EXPECT_NE(q.evidence.rule.find("quantity/fr.nouns.txt:"), std::string::npos) << q.evidence.rule;
  EXPECT_NE(q.evidence.rule.find("(verb)"), std::string::npos) << q.evidence.rule;
}

Status LoadQuantity(std::map<std::string, std::string> files) {
  auto k = QuantityKnowledge::Make(DataInMemory(std::move(files)));
  return k.ok() ? Status::Ok() : k.status();
}

TEST(QuantityKnowledgeFiles, ErrorsNameFileAndLine) {
  Status s = LoadQuantity({{"quantity/fr.nouns.txt", "noun  killed  morts\nnoun  eaten  mangés\n"}});
  EXPECT_NE(s.message().find("quantity/fr.nouns.txt:2: unknown kind 'eaten'"), std::string::npos)
      << s.message();
  s = LoadQuantity({{"quantity/fr.numbers.txt", "# n\nnumber  deux  deux\n"}});
  EXPECT_NE(s.message().find("quantity/fr.numbers.txt:2:"), std::string::npos) << s.message();
  s = LoadQuantity({{"quantity/en.qualifiers.txt", "roughly_about  roughly\n"}});
  EXPECT_NE(s.message().find("quantity/en.qualifiers.txt:1: unknown qualifier"), std::string::npos)
      << s.message();
  s = LoadQuantity({{"quantity/en.nouns.txt", "noun  killed  dead\nnoun  wounded  dead\n"}});
  EXPECT_NE(s.message().find("quantity/en.nouns.txt:2:"), std::string::npos) << s.message();
  s = LoadQuantity({{"quantity/en.nouns.txt", "unit  hours  hour\n"}});
  EXPECT_NE(s.message().find("quantity/en.nouns.txt:1: this role takes no kind"), std::string::npos)
      << s.message();
  EXPECT_TRUE(LoadQuantity({{"quantity/en.numbers.txt", "number  2  two\n"},
                            {"quantity/en.nouns.txt", "noun  tanks  tanks\n"}})
                  .ok());
}

// The seed article of ../shared, when it is there: the counts and dates of
// its gold events.
TEST(Seed, TimesAndQuantitiesOfTheGoldEvents) {
  fs::path gold = fs::path(VIGIE_SHARED_DIR) / "gold/seed/palmyre-20minutes-afp.gold.json";
  if (!fs::exists(gold)) GTEST_SKIP() << "no ../shared beside the checkout";
  ReaderOptions options;
  options.published = "2016-12-11";
  Reader reader({(gold.parent_path() / "palmyre-20minutes-afp.txt").string()}, options);
  Document doc;
  ASSERT_TRUE(reader.Next(&doc));
  testing::DefaultPipeline().Run(doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  std::vector<std::string> counts;
  for (const Quantity& q : doc.quantities) counts.push_back(Describe(doc, q));
  for (const char* want : {"plus de 60 raids=60 more_than strikes",
                           "plus de 300 membres=300 more_than killed", "11 chars=11 exact tanks",
                           "31 véhicules=31 exact vehicles",
                           "un grand nombre de djihadistes=many_unquantified killed"})
    EXPECT_NE(std::find(counts.begin(), counts.end(), want), counts.end()) << want;
  std::vector<std::string> times;
  for (const TimeExpr& t : doc.times)
    times.push_back(std::string(doc.Slice(t.span)) + "=" + t.earliest + ".." + t.latest);
  for (const char* want : {"dans la nuit=2016-12-10..2016-12-11", "à l’aube=2016-12-11..2016-12-11",
                           "samedi=2016-12-10..2016-12-10", "jeudi=2016-12-08..2016-12-08",
                           "en mai 2015=2015-05-01..2015-05-31",
                           "en mars dernier=2016-03-01..2016-03-31"})
    EXPECT_NE(std::find(times.begin(), times.end(), want), times.end()) << want;
}

}  // namespace
}  // namespace vigie
