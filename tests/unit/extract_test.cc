// Tests of the extract stage on scraped texts written for these tests.
#include <thread>
#include <gtest/gtest.h>

#include "base/data_file.h"
#include "extract/extract_stage.h"
#include "extract/knowledge.h"
#include "test_util.h"

namespace vigie {
namespace {

using testing::Process;

std::vector<std::string> Reasons(const Document& doc) {
  std::vector<std::string> r;
  for (const Removal& x : doc.removed) r.push_back(x.reason);
  return r;
}

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(GluedLabel, FindsTheCapitalsBeforeACapitalisedWord) {
  EXPECT_EQ(GluedLabelLength("MONDELibye : accord"), 5u);
  EXPECT_EQ(GluedLabelLength("SAHELAu moins douze"), 5u);
  EXPECT_EQ(GluedLabelLength("MOYEN-ORIENTLe Liban"), 12u);
  EXPECT_EQ(GluedLabelLength("ÉCONOMIEÉtat des lieux"), 9u);  // É is two bytes
  EXPECT_EQ(GluedLabelLength("ONU Le Conseil"), 0u);          // a space: no glue
  EXPECT_EQ(GluedLabelLength("NGOs say"), 0u);                // plural of an acronym
  EXPECT_EQ(GluedLabelLength("Syrie: Daesh"), 0u);
}

TEST(Extract, TitleLabelBylineAndRepeats) {
  Document doc = Process(
      "ASIEInde : des pluies torrentielles font 40 morts au Kerala\n\n"
      "Inde : des pluies torrentielles font 40 morts au Kerala\n\n"
      "ASIEAu moins quarante personnes ont péri, selon les autorités.\n"
      "Le Journal du Lac avec AFP\n\n"
      "Le Journal du Lac avec AFP\n\n"
      "Des pluies torrentielles ont fait au moins 40 morts dans l’Etat du Kerala, dans le sud "
      "de l’Inde, ont annoncé lundi les autorités locales, qui redoutent un bilan plus lourd "
      "encore dans les districts de montagne coupés du monde depuis dimanche.\n");
  EXPECT_EQ(doc.title.value, "Inde : des pluies torrentielles font 40 morts au Kerala");
  EXPECT_EQ(doc.byline.value, "Le Journal du Lac avec AFP");
  EXPECT_EQ(doc.agency.value, "AFP");
  EXPECT_EQ(doc.outlet.value, "Le Journal du Lac");
  EXPECT_EQ(Count(doc.text, "Inde : des pluies torrentielles"), 1u);
  EXPECT_EQ(Count(doc.text, "Le Journal du Lac avec AFP"), 1u);
  EXPECT_EQ(doc.text.find("ASIE"), std::string::npos);
  EXPECT_EQ(Reasons(doc), (std::vector<std::string>{"category_label", "repeated_title",
                                                     "category_label", "repeated_byline"}));
  ASSERT_EQ(doc.paragraphs.size(), 4u);
  EXPECT_EQ(doc.paragraphs[0].kind, ParagraphKind::kTitle);
  EXPECT_EQ(doc.paragraphs[1].kind, ParagraphKind::kLede);
  EXPECT_EQ(doc.paragraphs[2].kind, ParagraphKind::kByline);
  EXPECT_EQ(doc.paragraphs[3].kind, ParagraphKind::kBody);
  // Removed pieces point at their raw bytes.
  const Removal& label = doc.removed[0];
  EXPECT_EQ(doc.raw.substr(label.raw.begin, label.raw.size()), "ASIE");
}

TEST(Extract, ALabelSeenInTheHeaderIsStrippedFurtherDown) {
  std::string body(220, 'x');
  Document doc = Process(
      "AFRIQUEUn coup d’Etat au Niger\n\n"
      "Les militaires ont annoncé la suspension de la Constitution dans la nuit, " + body + ".\n\n"
      "La junte a fermé les frontières.\n\n"
      "AFRIQUELa Cedeao a condamné le putsch.\n\n"
      "SPORTLe match a été reporté.\n");
  EXPECT_EQ(doc.text.find("AFRIQUE"), std::string::npos);
  EXPECT_NE(doc.text.find("\n\nLa Cedeao a condamné le putsch."), std::string::npos);
  // A label never seen before, past the header, is left alone.
  EXPECT_NE(doc.text.find("SPORTLe match a été reporté."), std::string::npos);
}

TEST(Extract, ConsentNoticesInFrenchAndEnglish) {
  Document fr = Process(
      "Grève dans les transports\n\n"
      "La grève a paralysé le réseau de bus de la ville pendant toute la journée de mardi.\n\n"
      "Ce contenu est bloqué car vous n’avez pas accepté les cookies et autres traceurs.\n\n"
      "Gérer mes choix\n\n"
      "Les syndicats ont appelé à une nouvelle journée de mobilisation jeudi.\n");
  EXPECT_EQ(Reasons(fr), (std::vector<std::string>{"consent", "consent"}));
  EXPECT_EQ(fr.text.find("cookies"), std::string::npos);
  Document en = Process(
      "Floods hit the coast\n\n"
      "Heavy rain flooded coastal towns on Monday, officials said.\n\n"
      "To see this content, please allow all cookies. Manage your cookie settings here.\n\n"
      "By clicking \"I agree\" you accept the use of cookies by our partners.\n\n"
      "Rescue teams evacuated about 200 residents overnight.\n");
  EXPECT_EQ(Reasons(en), (std::vector<std::string>{"consent", "consent"}));
  EXPECT_NE(en.text.find("Rescue teams evacuated"), std::string::npos);
}

TEST(Extract, AParagraphAboutCookiesIsNews) {
  std::string long_paragraph =
      "La Commission nationale de l’informatique et des libertés a infligé mardi une amende de "
      "dix millions d’euros à un grand site de commerce en ligne, estimant que le dépôt de "
      "cookies publicitaires sans le consentement des internautes violait la loi, une décision "
      "que l’entreprise a annoncé vouloir contester devant le Conseil d’Etat dans les deux mois "
      "qui viennent, selon un communiqué publié dans la soirée.";
  ASSERT_GT(long_paragraph.size(), 400u);
  Document doc = Process("Amende record\n\n" + long_paragraph + "\n");
  EXPECT_TRUE(doc.removed.empty());
  EXPECT_NE(doc.text.find("dépôt de cookies publicitaires"), std::string::npos);
}

TEST(Extract, ReadMoreShareNewsletter) {
  Document doc = Process(
      "Séisme au large du Japon\n\n"
      "Un séisme de magnitude 6,8 a frappé dimanche la côte nord-est du Japon.\n\n"
      "A lire aussi\n\n"
      "Japon : la centrale de Fukushima sous surveillance\n\n"
      "Lire aussi : Indonésie, un volcan entre en éruption\n\n"
      "Partager sur Facebook\n\n"
      "Aucune victime n’a été signalée dans l’immédiat.\n\n"
      "Inscrivez-vous à notre newsletter quotidienne\n");
  EXPECT_EQ(Reasons(doc), (std::vector<std::string>{"read_more", "read_more", "read_more",
                                                     "share", "newsletter"}));
  EXPECT_EQ(doc.text,
            "Séisme au large du Japon\n\n"
            "Un séisme de magnitude 6,8 a frappé dimanche la côte nord-est du Japon.\n\n"
            "Aucune victime n’a été signalée dans l’immédiat.");
}

TEST(Extract, AgencyFromDatelineWhenThereIsNoByline) {
  Document doc = Process(
      "Clashes near the border\n\n"
      "KHARTOUM, March 3 (Reuters) - Fighting broke out on Sunday near the border town, "
      "witnesses said.\n");
  EXPECT_EQ(doc.agency.value, "Reuters");
  EXPECT_TRUE(doc.byline.value.empty());
}

TEST(Extract, AuthorBylines) {
  Document doc = Process("Storm warning\n\nBy Sam Okafor, Associated Press\n\nA storm is coming.\n");
  EXPECT_EQ(doc.byline.value, "By Sam Okafor, Associated Press");
  EXPECT_EQ(doc.agency.value, "AP");
}

TEST(Extract, SoftWrappedLinesAreJoined) {
  Document doc = Process(
      "Titre\n\n"
      "Les forces de sécurité ont interpellé\n"
      "vingt-trois personnes lors de la manifestation.\n"
      "Le préfet a salué leur action.\n");
  ASSERT_EQ(doc.paragraphs.size(), 3u);
  EXPECT_EQ(doc.Slice(doc.paragraphs[1].span),
            "Les forces de sécurité ont interpellé vingt-trois personnes lors de la manifestation.");
  EXPECT_EQ(doc.Slice(doc.paragraphs[2].span), "Le préfet a salué leur action.");
  // One sentence across the wrap.
  EXPECT_EQ(doc.sentences.size(), 3u);
}

TEST(Extract, CleanTextIsLeftAlone) {
  std::string text =
      "Accord de paix signé à Doha\n\n"
      "Les deux délégations ont signé samedi un accord de cessez-le-feu.\n\n"
      "Les médiateurs ont salué « une étape décisive ».";
  Document doc = Process(text);
  EXPECT_TRUE(doc.removed.empty());
  EXPECT_EQ(doc.text, text);
}

TEST(Extract, NothingLeftIsAnError) {
  Document doc = Process("Share this article\n\nRead more: other news\n", "", "", false);
  EXPECT_EQ(doc.status.code(), ErrorCode::kNoMainText);
}

TEST(ExtractKnowledge, ABadRuleNamesFileAndLine) {
  auto k = ExtractKnowledge::FromText("consent  ok pattern\nconsent  (unclosed\n", "", "");
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.status().code(), ErrorCode::kBadDataFile);
  EXPECT_EQ(k.status().message().rfind("extract/boilerplate.txt:2: bad pattern", 0), 0u)
      << k.status().message();
  auto a = ExtractKnowledge::FromText("", "AFP  Agence\n", "");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(), "extract/agencies.txt:1: expected: id  name  alias|alias");
  auto b = ExtractKnowledge::FromText("", "AFP  Agence  AFP\n", "header  ^x$\n");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            "extract/bylines.txt:1: kind must be byline, dateline, published or updated, not 'header'");
}

// Byline patterns are compiled on first use, but a broken one is still an
// error when the file is read, and a good one matches once compiled (also
// from several threads at once).
TEST(ExtractKnowledge, BylinePatternsCheckedAtLoadCompiledOnUse) {
  auto bad = ExtractKnowledge::FromText("", "AFP  Agence  AFP\n", "byline  ^(?i:by)\\s+(?P<author>[^,]+$\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("extract/bylines.txt:1: bad pattern", 0), 0u) << bad.status().message();
  auto half = ExtractKnowledge::FromText("", "AFP  Agence  AFP\n",
                                         "published  (?i:published)\\s+(?P<day>\\d{1,2})\\s+(?P<year>\\d{4})\n");
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.status().message(),
            "extract/bylines.txt:1: a pattern that reads a date needs both (?P<day>...) and (?P<month>...)");
  auto k = ExtractKnowledge::FromText(
      "", "AFP  Agence France-Presse  AFP|Agence France-Presse\n",
      "byline  ^(?i:by)\\s+(?P<author>[^,]{2,40}?),\\s*(?P<agency>{agency})$\n"
      "published  (?i:published)\\s+(?P<day>\\d{1,2})/(?P<month>\\d{1,2})/(?P<year>\\d{4})\n");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  std::vector<std::thread> threads;
  std::vector<BylineMatch> got(4);
  for (size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] { (*k)->MatchByline("By Jane Miller, Agence France-Presse", &got[i]); });
  for (auto& t : threads) t.join();
  for (const BylineMatch& m : got) {
    EXPECT_EQ(m.author, "Jane Miller");
    EXPECT_EQ(m.agency, "AFP");
  }
  BylineMatch d;
  ASSERT_TRUE((*k)->MatchDateStatement("Published 17/03/2024", 0, &d));
  EXPECT_EQ(d.day, 17);
  EXPECT_EQ(d.month, 3);
  EXPECT_EQ(d.year, 2024);
  EXPECT_FALSE((*k)->MatchByline("Jane Miller", &d));
}

TEST(ExtractKnowledge, ShippedFilesLoad) {
  auto k = ExtractKnowledge::Load(VIGIE_SOURCE_DATA_DIR);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ((*k)->AgencyId("Agence France-Presse"), "AFP");
  const BoilerplateRule* r = (*k)->MatchBoilerplate("Politique de gestion des cookies");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->reason, "consent");
  EXPECT_EQ(r->where.rfind("extract/boilerplate.txt:", 0), 0u);
}

}  // namespace
}  // namespace vigie
