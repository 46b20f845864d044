// The syntax stage: the treebank reader, the transition system and its
// oracle, training on a tiny treebank written here, model files, and the
// shipped French and English models on sentences of our own.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

#include <xxhash.h>

#include "parse/model.h"
#include "parse/train.h"
#include "parse/treebank.h"
#include "parse/words.h"
#include "test_util.h"

namespace vigie {
namespace {

using parse::ParseConllu;

// ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC, tab-separated.
std::string Row(int id, const std::string& form, const std::string& upos, int head, const std::string& rel) {
  return std::to_string(id) + "\t" + form + "\t_\t" + upos + "\t_\t_\t" + std::to_string(head) + "\t" +
         rel + "\t_\t_\n";
}

TEST(Treebank, ReadsWordsContractionsAndSkipsEmptyNodes) {
  std::string text = "# sent_id = a\n# text = Il parle du pont.\n" + Row(1, "Il", "PRON", 2, "nsubj") +
                     Row(2, "parle", "VERB", 0, "root") + "3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n" +
                     Row(3, "de", "ADP", 5, "case") + Row(4, "le", "DET", 5, "det") +
                     "4.1\tx\t_\tX\t_\t_\t_\t_\t_\t_\n" + Row(5, "pont", "NOUN", 2, "obl:arg") +
                     Row(6, ".", "PUNCT", 2, "punct") + "\n";
  auto s = ParseConllu("t.conllu", text);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 1u);
  const auto& sent = (*s)[0];
  EXPECT_EQ(sent.id, "a");
  ASSERT_EQ(sent.words.size(), 6u);
  EXPECT_EQ(sent.words[4].form, "pont");
  EXPECT_EQ(sent.words[4].head, 2);
  EXPECT_EQ(sent.words[4].deprel, "obl:arg");
  ASSERT_EQ(sent.multiword.size(), 1u);
  EXPECT_EQ(sent.multiword[0].form, "du");
  EXPECT_EQ(sent.multiword[0].first, 3);
}

TEST(Treebank, BadLinesNameFileAndLine) {
  auto bad_columns = ParseConllu("t.conllu", Row(1, "a", "NOUN", 0, "root") + "2\tb\tNOUN\n");
  ASSERT_FALSE(bad_columns.ok());
  EXPECT_NE(bad_columns.status().message().find("t.conllu:2"), std::string::npos);
  auto bad_tag = ParseConllu("t.conllu", Row(1, "a", "NOUNISH", 0, "root"));
  ASSERT_FALSE(bad_tag.ok());
  EXPECT_NE(bad_tag.status().message().find("t.conllu:1"), std::string::npos);
  auto bad_head = ParseConllu("t.conllu", Row(1, "a", "NOUN", 7, "root") + "\n");
  EXPECT_FALSE(bad_head.ok());
}

TEST(Treebank, ProjectivityAndLifting) {
  // "A hearing is scheduled on the issue today": "on the issue" hangs from
  // "hearing" across the verb: 1 hearing<-2? Here heads (1-based):
  // 1 A->2, 2 hearing->4, 3 is->4, 4 scheduled->0, 5 on->7, 6 the->7,
  // 7 issue->2 (crosses 4's arc to the root), 8 today->4.
  std::vector<int> heads = {2, 4, 4, 0, 7, 7, 2, 4};
  EXPECT_FALSE(parse::IsProjective(heads));
  std::vector<int> lifted = parse::Projectivize(heads);
  EXPECT_TRUE(parse::IsProjective(lifted));
  EXPECT_EQ(lifted[6], 4);  // "issue" lifted to the verb
  EXPECT_EQ(lifted[0], 2);  // other arcs untouched
  EXPECT_TRUE(parse::IsProjective({2, 0, 2}));
}

TEST(Contractions, ReadsTheFileAndNamesBadLines) {
  auto ok = parse::Contractions::Load(DataInMemory(
      {{"parse/words.txt", "fr  du   de/ADP le/DET\nfr  des  de/ADP les/DET/le  after NOUN ADJ\n"}}));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  const parse::Contraction* du = (*ok)->Find("fr", "du");
  ASSERT_NE(du, nullptr);
  ASSERT_EQ(du->words.size(), 2u);
  EXPECT_EQ(du->words[1].first, "le");
  EXPECT_EQ(du->words[1].second, Pos::kDet);
  EXPECT_EQ(du->lemmas[1], "le");
  EXPECT_EQ((*ok)->Find("fr", "des")->lemmas[1], "le");
  EXPECT_EQ((*ok)->Find("fr", "des")->words[1].first, "les");
  EXPECT_EQ((*ok)->Find("fr", "des")->after, PosBit(Pos::kNoun) | PosBit(Pos::kAdj));
  EXPECT_EQ((*ok)->Find("en", "du"), nullptr);
  for (const char* bad : {"fr  du  de/ADP le/DETERMINER\n", "fr  du  de\n", "fr  du  de/ADP le/DET/\n", "fr  du  de/ADP le/DET  before NOUN\n",
                          "fr  du  de/ADP le/DET\nfr  du  de/ADP le/DET\n"}) {
    auto s = parse::Contractions::Load(DataInMemory({{"parse/words.txt", bad}}));
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().code(), ErrorCode::kBadDataFile);
    EXPECT_NE(s.status().message().find("parse/words.txt:"), std::string::npos) << s.status().message();
  }
}

// Following a zero-cost transition at every step rebuilds the gold tree of
// a projective sentence, heads and labels.
TEST(Transitions, OracleRebuildsGoldTree) {
  // "The rebels who fled the town said they attacked" style shapes:
  // several trees with left and right dependents, nesting and a long arc.
  const std::vector<std::vector<int>> trees = {
      {2, 7, 4, 2, 6, 4, 0, 9, 7},
      {0, 1, 1, 1},
      {3, 3, 0, 5, 3, 7, 5},
      {4, 4, 4, 0},
  };
  for (const auto& tree : trees) {
    parse::Transitions ts;
    ts.labels = 3;
    std::vector<int> heads = {-1}, labels = {-1};
    for (size_t i = 0; i < tree.size(); ++i) {
      heads.push_back(tree[i]);
      labels.push_back(static_cast<int>(i % 3));
    }
    parse::ParseState st(static_cast<int>(tree.size()));
    std::vector<int> costs;
    int steps = 0;
    while (!st.Terminal() && steps++ < 100) {
      parse::TransitionCosts(st, ts, heads, labels, &costs);
      int chosen = -1;
      for (int t = 0; t < ts.count(); ++t)
        if (costs[t] == 0) {
          chosen = t;
          break;
        }
      ASSERT_GE(chosen, 0) << "no zero-cost transition";
      st.Apply(ts, chosen);
    }
    ASSERT_TRUE(st.Terminal());
    for (size_t w = 1; w <= tree.size(); ++w) {
      EXPECT_EQ(st.head(static_cast<int>(w)), heads[w]);
      EXPECT_EQ(st.label(static_cast<int>(w)), labels[w]);
    }
  }
}

TEST(Transitions, AWrongStepCostsWhatItLoses) {
  // 1 <- 2 -> 3, root 2. At the start SHIFT is free; after shifting 1,
  // shifting 2 would lose the arc 2 -> 1 and the root's arc to 2 (1 would
  // stay under 2 on the stack).
  parse::Transitions ts;
  ts.labels = 1;
  std::vector<int> heads = {-1, 2, 0, 2}, labels = {-1, 0, 0, 0};
  parse::ParseState st(3);
  std::vector<int> costs;
  parse::TransitionCosts(st, ts, heads, labels, &costs);
  EXPECT_EQ(costs[0], 0);
  st.Apply(ts, 0);
  parse::TransitionCosts(st, ts, heads, labels, &costs);
  EXPECT_EQ(costs[0], 2);           // SHIFT of 2 loses 2 -> 1 and root -> 2
  EXPECT_EQ(costs[ts.Left(0)], 0);  // LEFT makes 2 -> 1
  EXPECT_EQ(costs[ts.Right(0)], -1);  // no right arc onto the root yet
}

// A tiny English-like treebank made up here: determiner, noun, verb,
// determiner, noun, full stop.
std::string TinyTreebank() {
  const char* nouns[] = {"army", "town", "rebels", "police", "convoy", "village", "troops", "base"};
  const char* verbs[] = {"attacked", "shelled", "seized", "raided", "left", "entered"};
  std::string out;
  int n = 0;
  for (const char* v : verbs)
    for (int a = 0; a < 8; ++a) {
      int b = (a * 3 + 1) % 8;
      out += "# sent_id = s" + std::to_string(++n) + "\n";
      out += Row(1, "the", "DET", 2, "det") + Row(2, nouns[a], "NOUN", 3, "nsubj") +
             Row(3, v, "VERB", 0, "root") + Row(4, "the", "DET", 5, "det") +
             Row(5, nouns[b], "NOUN", 3, "obj") + Row(6, ".", "PUNCT", 3, "punct") + "\n";
    }
  return out;
}

class TinyModel : public ::testing::Test {
 protected:
  static std::string Write(const std::string& name, const std::string& text) {
    std::string path = ::testing::TempDir() + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return path;
  }
  static parse::ParseModel Train(uint64_t seed) {
    parse::TrainOptions o;
    o.lang = "en";
    // One file per test: CTest runs the tests of this binary side by side.
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    o.train = {Write("tiny-train-" + test + ".conllu", TinyTreebank())};
    o.dev = o.train;
    o.tagger_epochs = 3;
    o.parser_epochs = 3;
    o.folds = 2;
    o.seed = seed;
    auto m = parse::TrainModel(o, [](std::string_view) { return 0u; });
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return std::move(*m);
  }
};

TEST_F(TinyModel, LearnsTheTreeOfAnUnseenCombination) {
  parse::ParseModel m = Train(7);
  // "the troops shelled the base ." never occurs in the training set.
  std::vector<parse::LexicalWord> words;
  std::vector<bool> commas;
  for (const char* w : {"the", "troops", "shelled", "the", "base", "."}) {
    words.push_back(parse::MakeLexicalWord(w, 0));
    commas.push_back(false);
  }
  parse::Analysis a;
  parse::AnalyseWords(m, words, commas, &a);
  EXPECT_EQ(a.tags[2], Pos::kVerb);
  EXPECT_EQ(a.tree.heads, (std::vector<int>{2, 3, 0, 5, 3, 3}));
  EXPECT_EQ(m.parser.labels()[a.tree.labels[1]], "nsubj");
  EXPECT_EQ(m.parser.labels()[a.tree.labels[4]], "obj");
}

TEST_F(TinyModel, TrainingIsDeterministicAndFilesRoundTrip) {
  std::string a = parse::SerializeModel(Train(3));
  std::string b = parse::SerializeModel(Train(3));
  EXPECT_EQ(a, b);
  auto loaded = parse::ModelFromBytes("m", a);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(parse::SerializeModel(**loaded), a);
}

TEST_F(TinyModel, DamagedFilesAreNumberedErrors) {
  std::string bytes = parse::SerializeModel(Train(3));
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x5A;
  for (const std::string& bad : {flipped, bytes.substr(0, bytes.size() - 9), std::string("VIGIEPRS"),
                                 std::string("not a model")}) {
    auto m = parse::ModelFromBytes("m", bad);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), ErrorCode::kBadModel);
  }
  auto missing = parse::LoadModel("/nonexistent/vigie/en.model");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kBadModel);
}

// A file whose checksum is right but whose tables are wrong (bytes changed
// and the checksum written again, as a wrong build would) is not read in
// full at load: scoring must stay inside its arrays whatever they hold.
TEST_F(TinyModel, WrongTablesWithAGoodChecksumNeverReadOutside) {
  const std::string bytes = parse::SerializeModel(Train(3));
  constexpr size_t kPayload = 8 + 4 + 4 + 8 + 8;  // magic, versions, size, checksum
  uint64_t state = 1717;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 17;
  };
  size_t loaded = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::string bad = bytes;
    for (int k = 0; k < 1 + trial % 8; ++k)
      bad[kPayload + next() % (bad.size() - kPayload)] = static_cast<char>(next());
    const uint64_t sum = XXH3_64bits(bad.data() + kPayload, bad.size() - kPayload);
    std::memcpy(bad.data() + kPayload - 8, &sum, 8);
    auto m = parse::ModelFromBytes("m", bad);
    if (!m.ok()) {
      EXPECT_EQ(m.status().code(), ErrorCode::kBadModel);
      continue;
    }
    ++loaded;
    for (const parse::WeightTable* t : {&(*m)->tagger.weights(), &(*m)->parser.weights()}) {
      std::vector<parse::FeatureKey> keys(300);
      for (auto& key : keys) key = next() << 20 ^ next();
      std::vector<float> scores(t->classes() + 1, 0.0f);
      t->Score(keys.data(), keys.size(), scores.data());
      EXPECT_EQ(scores.back(), 0.0f);  // nothing written past classes()
    }
  }
  EXPECT_GT(loaded, 50u);  // most changes leave a table that loads
}

// The shipped models, through the pipeline, on sentences written for these
// tests. Each expectation is the head and relation of a word that matters
// for events.
struct Arc {
  std::string word, deprel, head;
};

std::vector<Arc> Arcs(const Document& doc) {
  std::vector<Arc> out;
  for (const Word& w : doc.words)
    out.push_back({std::string(doc.WordForm(w)), std::string(DepRelName(w.dep)),
                   w.head < 0 ? "ROOT" : std::string(doc.WordForm(doc.words[w.head]))});
  return out;
}

void ExpectArc(const Document& doc, const std::string& word, const std::string& deprel,
               const std::string& head) {
  std::string seen;
  for (const Arc& a : Arcs(doc)) {
    if (a.word != word) continue;
    if (a.head == head && (a.deprel == deprel || (deprel == "root" && a.head == "ROOT"))) return;
    seen += " " + a.deprel + "<-" + a.head;
  }
  ADD_FAILURE() << doc.text << "\n  expected " << word << " " << deprel << "<-" << head
                << ", got" << (seen.empty() ? " no such word" : seen);
}

Document Parse(const std::string& text, const std::string& lang) {
  return testing::Process(text, lang, "2024-03-04");
}

TEST(ShippedModels, FrenchSubjectObjectAndPassiveAgent) {
  Document d = Parse("L'armée malienne a repris la ville de Kidal.", "fr");
  ExpectArc(d, "armée", "nsubj", "repris");
  ExpectArc(d, "ville", "obj", "repris");
  ExpectArc(d, "Kidal", "nmod", "ville");
  Document p = Parse("Le convoi a été attaqué par des hommes armés.", "fr");
  ExpectArc(p, "convoi", "nsubj:pass", "attaqué");
  ExpectArc(p, "hommes", "obl:agent", "attaqué");
}

TEST(ShippedModels, FrenchContractionsAndObliques) {
  Document d = Parse("Les soldats se sont retirés du camp au lever du jour.", "fr");
  ExpectArc(d, "camp", "obl:arg", "retirés");
  ExpectArc(d, "de", "case", "camp");
  // "des" after a noun is "de les"; after a verb it is an article.
  Document n = Parse("Le bombardement des positions a duré deux heures.", "fr");
  ExpectArc(n, "positions", "nmod", "bombardement");
  Document v = Parse("Les rebelles ont attaqué des positions militaires.", "fr");
  ExpectArc(v, "des", "det", "positions");
  ExpectArc(v, "positions", "obj", "attaqué");
}

TEST(ShippedModels, FrenchCoordinationRelativeAndReportedClause) {
  Document c = Parse("La France et le Royaume-Uni ont condamné l'attaque.", "fr");
  ExpectArc(c, "France", "nsubj", "condamné");
  ExpectArc(c, "Royaume-Uni", "conj", "France");
  Document r = Parse("Les habitants qui ont fui la ville sont arrivés au camp.", "fr");
  ExpectArc(r, "fui", "acl:relcl", "habitants");
  ExpectArc(r, "qui", "nsubj", "fui");
  Document s = Parse("Le ministère a affirmé que ses avions avaient détruit onze chars.", "fr");
  ExpectArc(s, "détruit", "ccomp", "affirmé");
  ExpectArc(s, "avions", "nsubj", "détruit");
}

TEST(ShippedModels, EnglishSubjectObjectPassiveAndApposition) {
  Document d = Parse("Rebels seized the town on Sunday.", "en");
  ExpectArc(d, "Rebels", "nsubj", "seized");
  ExpectArc(d, "town", "obj", "seized");
  ExpectArc(d, "Sunday", "obl", "seized");
  Document p = Parse("The convoy was attacked by gunmen near the border.", "en");
  ExpectArc(p, "convoy", "nsubj:pass", "attacked");
  ExpectArc(p, "gunmen", "obl:agent", "attacked");
  ExpectArc(p, "by", "case", "gunmen");
  Document a = Parse("The US envoy, John Smith, met the president in Cairo.", "en");
  ExpectArc(a, "envoy", "nsubj", "met");
  // A name is headed by its first word (flat), which is the apposition.
  ExpectArc(a, "John", "appos", "envoy");
  ExpectArc(a, "Smith", "flat", "John");
  ExpectArc(a, "president", "obj", "met");
}

TEST(ShippedModels, EnglishControlReportedAndCoordination) {
  Document x = Parse("The government agreed to release the prisoners.", "en");
  ExpectArc(x, "release", "xcomp", "agreed");
  ExpectArc(x, "prisoners", "obj", "release");
  Document r = Parse("Officials said the militants had killed five soldiers.", "en");
  ExpectArc(r, "killed", "ccomp", "said");
  ExpectArc(r, "militants", "nsubj", "killed");
  Document c = Parse("France and Britain condemned the strikes.", "en");
  ExpectArc(c, "France", "nsubj", "condemned");
  ExpectArc(c, "Britain", "conj", "France");
  ExpectArc(c, "strikes", "obj", "condemned");
}

TEST(ParseStage, TokensCarryTheirHighestWordAndByteSpans) {
  Document d = Parse("Les combattants se sont retirés du village.", "fr");
  // "du" is one token of two words; the token keeps its span.
  const Token* du = nullptr;
  for (const Token& t : d.tokens)
    if (d.Form(t) == "du") du = &t;
  ASSERT_NE(du, nullptr);
  EXPECT_EQ(du->word_count, 2);
  EXPECT_EQ(d.WordForm(d.words[du->first_word]), "de");
  EXPECT_EQ(d.WordForm(d.words[du->first_word + 1]), "le");
  EXPECT_EQ(d.WordLemma(d.words[du->first_word]), "de");
  // "aux" is "à les", whose article's lemma is "le".
  Document aux = Parse("Ils ont tiré aux abords du camp.", "fr");
  bool found = false;
  for (const Word& w : aux.words)
    if (aux.WordForm(w) == "les") {
      found = true;
      EXPECT_EQ(aux.WordLemma(w), "le");
    }
  EXPECT_TRUE(found);
  ASSERT_GE(du->head, 0);
  EXPECT_EQ(d.Form(d.tokens[du->head]), "village");
  for (const Sentence& s : d.sentences) {
    int roots = 0;
    for (uint32_t i = s.first_word; i < s.first_word + s.word_count; ++i) roots += d.words[i].head < 0;
    EXPECT_EQ(roots, 1);
  }
}

}  // namespace
}  // namespace vigie
