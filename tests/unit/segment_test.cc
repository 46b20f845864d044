// Tests of sentence and token segmentation on French and English news text.
#include <gtest/gtest.h>

#include "base/utf8.h"
#include "segment/segment_knowledge.h"
#include "segment/tokenizer.h"
#include "test_util.h"

namespace vigie {
namespace {

std::vector<std::string> Forms(const Document& doc, size_t sentence = SIZE_MAX) {
  std::vector<std::string> out;
  for (const Token& t : doc.tokens)
    if (sentence == SIZE_MAX || t.sentence == sentence) out.emplace_back(doc.Form(t));
  return out;
}

std::vector<std::string> Sentences(const Document& doc) {
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences) out.emplace_back(doc.Slice(s.span));
  return out;
}

// A one-paragraph text in a given language.
Document Fr(const std::string& s) { return testing::Process(s, "fr"); }
Document En(const std::string& s) { return testing::Process(s, "en"); }

TEST(Tokens, FrenchElisionsWithBothApostrophes) {
  Document doc = Fr("L’armée s'est retirée jusqu’à l'aube, qu’elle a dit d’abord.");
  EXPECT_EQ(Forms(doc), (std::vector<std::string>{"L’", "armée", "s'", "est", "retirée", "jusqu’",
                                                  "à", "l'", "aube", ",", "qu’", "elle", "a",
                                                  "dit", "d’", "abord", "."}));
  EXPECT_TRUE(doc.tokens[0].flags & token_flags::kElided);
  EXPECT_FALSE(doc.tokens[1].flags & token_flags::kElided);
}

// The folded-form layer: one per token, as utf8::Fold would give it.
TEST(Tokens, EveryTokenHasItsFoldedForm) {
  Document doc = Fr("L’ARMÉE a frappé Alep-Est ; 12 000 réfugiés.\n\nLe Ministère dément.");
  ASSERT_EQ(doc.folded_end.size(), doc.tokens.size());
  for (uint32_t t = 0; t < doc.tokens.size(); ++t)
    EXPECT_EQ(doc.FoldedForm(t), utf8::Fold(doc.Form(doc.tokens[t]))) << doc.Form(doc.tokens[t]);
  EXPECT_EQ(doc.FoldedForm(0), "l'");
  EXPECT_EQ(doc.FoldedForm(1), "armee");
}

TEST(Tokens, WordsWithInternalApostrophesAndHyphensStayWhole) {
  Document doc = Fr("Aujourd’hui, les avions-bombardiers ont visé Alep-Est et le cessez-le-feu tient.");
  EXPECT_EQ(Forms(doc), (std::vector<std::string>{"Aujourd’hui", ",", "les", "avions-bombardiers",
                                                  "ont", "visé", "Alep-Est", "et", "le",
                                                  "cessez-le-feu", "tient", "."}));
}

TEST(Tokens, FrenchEncliticsSplit) {
  Document doc = Fr("Que fera-t-il, a-t-on demandé. Dites-le-moi.");
  EXPECT_EQ(Forms(doc, 0), (std::vector<std::string>{"Que", "fera", "-t-il", ",", "a", "-t-on",
                                                     "demandé", "."}));
}

TEST(Tokens, EnglishClitics) {
  Document doc = En("Russia's army doesn't say they're leaving.");
  EXPECT_EQ(Forms(doc), (std::vector<std::string>{"Russia", "'s", "army", "does", "n't", "say",
                                                  "they", "'re", "leaving", "."}));
}

TEST(Tokens, FrenchNumbersKeepTheirValue) {
  Document doc = Fr("Il y a 1 000 blessés, 9.364 déplacés, 1.017 morts, 2,5 millions et 85% des "
                    "1\xC2\xA0" "200 maisons, en 2015 300 personnes.");
  std::vector<std::pair<std::string, double>> numbers;
  for (const Token& t : doc.tokens)
    if (t.kind == TokenKind::kNumber) numbers.emplace_back(doc.Form(t), t.value);
  std::vector<std::pair<std::string, double>> want = {
      {"1 000", 1000}, {"9.364", 9364}, {"1.017", 1017}, {"2,5", 2.5}, {"85", 85},
      {"1\xC2\xA0" "200", 1200}, {"2015", 2015}, {"300", 300}};
  EXPECT_EQ(numbers, want);
}

TEST(Tokens, EnglishNumbers) {
  Document doc = En("About 1,200 people and 1.017 percent, on May 12 300 troops, the 3rd time.");
  std::vector<std::pair<std::string, double>> numbers;
  for (const Token& t : doc.tokens)
    if (t.kind == TokenKind::kNumber) numbers.emplace_back(doc.Form(t), t.value);
  std::vector<std::pair<std::string, double>> want = {
      {"1,200", 1200}, {"1.017", 1.017}, {"12", 12}, {"300", 300}, {"3rd", 3}};
  EXPECT_EQ(numbers, want);
}

TEST(Tokens, AbbreviationsInitialsUrlsAndEllipsis) {
  Document doc = En("Mr. J. Smith of the U.S. Army wrote at https://example.org/a?b=1. Then...");
  EXPECT_EQ(Forms(doc), (std::vector<std::string>{"Mr.", "J.", "Smith", "of", "the", "U.S.",
                                                  "Army", "wrote", "at", "https://example.org/a?b=1",
                                                  ".", "Then", "..."}));
  EXPECT_EQ(doc.tokens[9].kind, TokenKind::kUrl);
}

TEST(Sentences, FrenchQuotesAndTitles) {
  Document doc = Fr("« C’est terminé. » Il est parti. M. Dupont a répondu : « Non ! » puis "
                    "il s’est tu.");
  EXPECT_EQ(Sentences(doc), (std::vector<std::string>{
                                "« C’est terminé. »", "Il est parti.",
                                "M. Dupont a répondu : « Non ! » puis il s’est tu."}));
}

TEST(Sentences, EnglishAbbreviations) {
  Document doc = En("Gen. Smith met Dr. Jones on Jan. 5 in Washington. They talked.");
  EXPECT_EQ(Sentences(doc), (std::vector<std::string>{
                                "Gen. Smith met Dr. Jones on Jan. 5 in Washington.", "They talked."}));
}

TEST(Sentences, AStateAbbreviationKeepsItsPeriodAndMayEndTheSentence) {
  Document doc = En("The plant in Dayton, Ohio, and one near Macon, Ga., closed. It was sold to a firm in "
                    "Austin, Tex. The buyer, from Ithaca, N.Y., paid cash.");
  EXPECT_EQ(Sentences(doc), (std::vector<std::string>{
                                "The plant in Dayton, Ohio, and one near Macon, Ga., closed.",
                                "It was sold to a firm in Austin, Tex.",
                                "The buyer, from Ithaca, N.Y., paid cash."}));
  std::vector<std::string> forms = Forms(doc);
  EXPECT_NE(std::find(forms.begin(), forms.end(), "Ga."), forms.end());
  EXPECT_NE(std::find(forms.begin(), forms.end(), "Tex."), forms.end());
}

TEST(Sentences, TokensPointIntoTheirSentence) {
  Document doc = Fr("Première phrase ici. Deuxième phrase là.");
  ASSERT_EQ(doc.sentences.size(), 2u);
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    for (uint32_t t = s.first_token; t < s.first_token + s.token_count; ++t) {
      EXPECT_EQ(doc.tokens[t].sentence, si);
      EXPECT_GE(doc.tokens[t].begin, s.span.begin);
      EXPECT_LE(doc.tokens[t].end, s.span.end);
    }
    EXPECT_TRUE(doc.tokens[s.first_token].flags & token_flags::kSentenceStart);
  }
}

TEST(SegmentKnowledge, BadLinesNameFileAndLine) {
  auto a = SegmentKnowledge::FromText("fr  M.\nfr  Mme\n", "");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(), "segment/abbreviations.txt:2: an abbreviation ends with its period");
  auto m = SegmentKnowledge::FromText("en  Tenn.  may-end\nen  Ga.  final\n", "");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "segment/abbreviations.txt:2: the third field can only be may-end");
  auto b = SegmentKnowledge::FromText("", "fr  elision  l\nfrench  elision  d\n");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            "segment/clitics.txt:2: language must be a two-letter code, not 'french'");
  auto c = SegmentKnowledge::FromText("", "fr  enclitic  t-il\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "segment/clitics.txt:1: an enclitic starts with its hyphen");
}

}  // namespace
}  // namespace vigie
