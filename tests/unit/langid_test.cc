// Tests of language identification.
#include <gtest/gtest.h>

#include "langid/langid_stage.h"
#include "test_util.h"

namespace vigie {
namespace {

TEST(Langid, DetectsFrenchAndEnglish) {
  EXPECT_EQ(DetectLanguage("Les habitants du quartier ont été évacués dans la nuit après "
                           "l’incendie qui a ravagé plusieurs immeubles du centre-ville."),
            "fr");
  EXPECT_EQ(DetectLanguage("Residents of the district were evacuated overnight after the fire "
                           "destroyed several buildings in the city centre."),
            "en");
  EXPECT_EQ(DetectLanguage("Oui."), "");  // too short to say
}

TEST(Langid, ShortParagraphsTakeTheDocumentLanguage) {
  Document doc = testing::Process(
      "Incendie à Lyon\n\n"
      "Les pompiers sont intervenus dans la nuit de samedi à dimanche pour éteindre un "
      "incendie dans un entrepôt du quartier de Gerland, a indiqué la préfecture.\n\n"
      "OK.\n");
  EXPECT_EQ(doc.language, "fr");
  for (const Paragraph& p : doc.paragraphs) EXPECT_EQ(p.language, "fr");
}

TEST(Langid, AForeignQuotationParagraphKeepsItsLanguage) {
  Document doc = testing::Process(
      "Sommet à Bruxelles\n\n"
      "Les dirigeants européens se sont retrouvés jeudi à Bruxelles pour un sommet consacré "
      "au soutien à l’Ukraine et à la défense commune, a annoncé le Conseil européen.\n\n"
      "\"We will stand with our partners for as long as it takes, and we will not be "
      "intimidated by threats,\" the president of the council told reporters on Thursday.\n\n"
      "Les discussions doivent se poursuivre vendredi matin.\n");
  EXPECT_EQ(doc.language, "fr");
  ASSERT_EQ(doc.paragraphs.size(), 4u);
  EXPECT_EQ(doc.paragraphs[2].language, "en");
}

TEST(Langid, GivenLanguageWins) {
  Document doc = testing::Process("A title\n\nThis text is in English.", "fr");
  EXPECT_EQ(doc.language, "fr");
}

// A given language is every paragraph's: CLD2 is not run at all.
TEST(Langid, GivenLanguageIsEveryParagraphs) {
  Document doc = testing::Process(
      "Sommet à Bruxelles\n\n"
      "Les dirigeants européens se sont retrouvés jeudi à Bruxelles pour un sommet consacré "
      "au soutien à l’Ukraine et à la défense commune, a annoncé le Conseil européen.\n\n"
      "\"We will stand with our partners for as long as it takes, and we will not be "
      "intimidated by threats,\" the president of the council told reporters on Thursday.\n",
      "fr");
  EXPECT_EQ(doc.language, "fr");
  ASSERT_EQ(doc.paragraphs.size(), 3u);
  for (const Paragraph& p : doc.paragraphs) EXPECT_EQ(p.language, "fr");
}

}  // namespace
}  // namespace vigie
