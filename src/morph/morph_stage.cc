// Lemmas and parts of speech; see morph_stage.h.
#include "morph/morph_stage.h"

#include <filesystem>

namespace vigie {

namespace {

// Languages with a Hunspell dictionary in Debian and a Snowball stemmer.
const MorphLanguage kLanguages[] = {
    {"fr", "fr", "french"},   {"en", "en_US", "english"}, {"es", "es", "spanish"},
    {"de", "de_DE", "german"}, {"it", "it_IT", "italian"}, {"pt", "pt_PT", "portuguese"},
    {"ar", "ar", "arabic"},   {"ru", "ru_RU", "russian"},  {"nl", "nl", "dutch"},
};

bool Has(uint32_t mask, Pos p) { return (mask & PosBit(p)) != 0; }

size_t FindReading(const Analysis& a, Pos p) {
  for (size_t k = 0; k < a.readings.size(); ++k)
    if (a.readings[k].pos == p) return k;
  return SIZE_MAX;
}

// The previous word token of the same sentence, or nullptr.
const Token* PreviousWord(const Document& doc, size_t i) {
  const Token& t = doc.tokens[i];
  while (i > 0) {
    --i;
    const Token& p = doc.tokens[i];
    if (p.sentence != t.sentence) return nullptr;
    if (p.kind == TokenKind::kWord || p.kind == TokenKind::kNumber) return &p;
  }
  return nullptr;
}

bool IsSubjectPronoun(const Document& doc, const Token& t) {
  if (t.pos != Pos::kPron) return false;
  std::string_view l = doc.Lemma(t);
  return l == "il" || l == "elle" || l == "on" || l == "je" || l == "tu" || l == "nous" ||
         l == "vous" || l == "se" || l == "ne" || l == "he" || l == "she" || l == "it" ||
         l == "we" || l == "they" || l == "I" || l == "you";
}

}  // namespace

size_t ChooseReading(const Document& doc, size_t i, const Analysis& a, std::string_view lang) {
  if (a.readings.size() <= 1) return 0;
  const Token* prev = PreviousWord(doc, i);
  if (prev == nullptr) return 0;
  const Pos pp = prev->pos;
  const uint32_t mask = a.pos_mask;
  // After a determiner or a number: a noun, else an adjective.
  if (pp == Pos::kDet || pp == Pos::kNum) {
    if (Has(mask, Pos::kNoun)) return FindReading(a, Pos::kNoun);
    if (Has(mask, Pos::kAdj)) return FindReading(a, Pos::kAdj);
  }
  // After a subject pronoun, "ne", "se" or an auxiliary: a verb.
  bool verb_context = IsSubjectPronoun(doc, *prev) || pp == Pos::kAux ||
                      (lang == "en" && doc.Lemma(*prev) == "to");
  if (verb_context || (pp == Pos::kAdv && (prev->flags & token_flags::kElided) != 0)) {
    if (Has(mask, Pos::kAux) && pp != Pos::kAux) return FindReading(a, Pos::kAux);
    if (Has(mask, Pos::kVerb)) return FindReading(a, Pos::kVerb);
  }
  // A pronoun "le/la/les" is followed by a verb; before anything else it is
  // a determiner (the default order already prefers DET).
  return 0;
}

Result<MorphAnalyzer*> MorphStage::AnalyzerFor(std::string_view lang) {
  for (auto& [code, analyzer] : analyzers_)
    if (code == lang) return analyzer.get();
  const MorphLanguage* known = nullptr;
  for (const MorphLanguage& l : kLanguages)
    if (l.lang == lang) known = &l;
  std::shared_ptr<const Lexicon> lexicon;
  std::string relative = "morph/" + std::string(lang) + ".lexicon.txt";
  std::error_code ec;
  if (!lang.empty() && std::filesystem::exists(config_.data_dir + "/" + relative, ec)) {
    auto loaded = cache_.Get<Lexicon>("lexicon:" + config_.data_dir + relative,
                                      [&] { return Lexicon::Load(config_.data_dir, relative); });
    if (!loaded.ok()) return loaded.status();
    lexicon = *loaded;
  }
  std::string aff, dic, snowball;
  if (known != nullptr) {
    aff = config_.hunspell_dir + "/" + known->hunspell_name + ".aff";
    dic = config_.hunspell_dir + "/" + known->hunspell_name + ".dic";
    snowball = known->snowball_name;
  }
  analyzers_.emplace_back(std::string(lang),
                          std::make_unique<MorphAnalyzer>(aff, dic, snowball, lexicon));
  return analyzers_.back().second.get();
}

Status MorphStage::Process(Document& doc) {
  doc.lemma_pool.clear();
  doc.lemma_pool.reserve(doc.text.size());
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    Token& t = doc.tokens[i];
    switch (t.kind) {
      case TokenKind::kPunct:
        t.pos = Pos::kPunct;
        break;
      case TokenKind::kSymbol:
        t.pos = Pos::kSym;
        break;
      case TokenKind::kNumber:
        t.pos = Pos::kNum;
        break;
      case TokenKind::kUrl:
        t.pos = Pos::kX;
        break;
      case TokenKind::kWord: {
        const Paragraph& p = doc.paragraphs[doc.sentences[t.sentence].paragraph];
        auto analyzer = AnalyzerFor(p.language.empty() ? doc.language : p.language);
        if (!analyzer.ok()) return analyzer.status();
        const Analysis& a = (*analyzer)->Analyze(doc.Form(t));
        size_t k = ChooseReading(doc, i, a, p.language);
        if (k >= a.readings.size()) k = 0;
        t.pos = a.readings[k].pos;
        t.pos_mask = a.pos_mask;
        t.lemma_source = a.source;
        doc.SetLemma(&t, a.readings[k].lemma);
        continue;
      }
    }
    t.pos_mask = PosBit(t.pos);
    t.lemma_source = LemmaSource::kIdentity;
    doc.SetLemma(&t, doc.Form(t));
  }
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeMorphStage(const Config& config, ResourceCache& cache) {
  auto stage = std::make_unique<MorphStage>(config, cache);
  // Validate the lexicons at start-up, not at the first article.
  for (const char* lang : {"fr", "en"}) {
    auto a = stage->AnalyzerFor(lang);
    if (!a.ok()) return a.status();
  }
  return std::unique_ptr<Stage>(std::move(stage));
}

}  // namespace vigie
