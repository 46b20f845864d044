// Lemmas and parts of speech; see morph_stage.h.
#include "morph/morph_stage.h"

#include <algorithm>
#include <cctype>
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

// The nearest word or number token before (step -1) or after (step +1)
// token i in the same sentence, or SIZE_MAX.
size_t Neighbour(const Document& doc, size_t i, int step) {
  const uint32_t sentence = doc.tokens[i].sentence;
  for (size_t j = i + static_cast<size_t>(step); j < doc.tokens.size(); j += static_cast<size_t>(step)) {
    const Token& t = doc.tokens[j];
    if (t.sentence != sentence) break;
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) return j;
    if (t.kind == TokenKind::kPunct) break;  // "raids russes, interrompant": no link
  }
  return SIZE_MAX;
}

bool IsSubjectPronoun(std::string_view lemma) {
  static constexpr std::string_view kSubjects[] = {
      "il", "elle", "on", "je", "tu", "nous", "vous", "se", "ne",
      "he", "she", "it", "we", "they", "I", "you"};
  for (std::string_view s : kSubjects)
    if (lemma == s) return true;
  return false;
}

bool Capitalised(const Token& t) {
  return t.kind == TokenKind::kWord && (t.flags & token_flags::kCapitalised) != 0 &&
         (t.flags & token_flags::kAllCaps) == 0;
}

// True for a capitalised word, not first in its sentence, next to another
// capitalised word.
bool InName(const Document& doc, size_t i) {
  const Token& t = doc.tokens[i];
  if (!Capitalised(t) || (t.flags & token_flags::kSentenceStart) != 0) return false;
  if (i > 0 && (doc.tokens[i - 1].flags & token_flags::kSentenceStart) != 0 &&
      doc.tokens[i - 1].kind == TokenKind::kPunct)
    return false;  // first word after an opening quote
  for (int step : {-1, +1}) {
    size_t j = i + static_cast<size_t>(step);
    if (j >= doc.tokens.size() || doc.tokens[j].sentence != t.sentence) continue;
    const Token& n = doc.tokens[j];
    if (Capitalised(n) && (n.flags & token_flags::kSentenceStart) == 0) return true;
  }
  return false;
}

}  // namespace

size_t ChooseReading(const Document& doc, size_t i, const Analysis& a, std::string_view lang) {
  if (a.readings.size() <= 1) return 0;
  const uint32_t mask = a.pos_mask;
  const size_t prev_index = Neighbour(doc, i, -1);
  const size_t next_index = Neighbour(doc, i, +1);
  const Token* prev = prev_index == SIZE_MAX ? nullptr : &doc.tokens[prev_index];
  const Token* next = next_index == SIZE_MAX ? nullptr : &doc.tokens[next_index];
  // Provisional readings of the next word (its first reading) and its mask.
  const bool next_is_noun = next != nullptr && next->pos == Pos::kNoun;
  const bool adj_or_noun = Has(mask, Pos::kAdj) && Has(mask, Pos::kNoun);

  if (prev != nullptr) {
    const Pos pp = prev->pos;
    // A subject pronoun, "ne", "se" or an auxiliary is followed by a verb.
    bool verb_context = (pp == Pos::kPron && IsSubjectPronoun(doc.Lemma(*prev))) ||
                        pp == Pos::kAux || (lang == "en" && doc.Lemma(*prev) == "to") ||
                        (pp == Pos::kAdv && doc.Lemma(*prev) == "ne");
    if (verb_context) {
      if (Has(mask, Pos::kAux) && pp != Pos::kAux) return FindReading(a, Pos::kAux);
      if (Has(mask, Pos::kVerb)) return FindReading(a, Pos::kVerb);
    }
    // After a determiner, a number or "de": an adjective before a noun
    // ("un grand nombre", "de violents raids"), else a noun.
    if (pp == Pos::kDet || pp == Pos::kNum || (pp == Pos::kAdp && doc.Lemma(*prev) == "de")) {
      // Adjectives the lexicon lists first as such come before the noun
      // ("une nouvelle offensive", "la majeure partie").
      if (adj_or_noun && a.source == LemmaSource::kLexicon && a.readings.front().pos == Pos::kAdj &&
          next != nullptr && Has(next->pos_mask, Pos::kNoun))
        return 0;
      if (adj_or_noun && next_is_noun && !Has(next->pos_mask, Pos::kAdj))
        return FindReading(a, Pos::kAdj);
      if (Has(mask, Pos::kNoun)) return FindReading(a, Pos::kNoun);
      if (Has(mask, Pos::kAdj)) return FindReading(a, Pos::kAdj);
    }
    // French adjectives mostly follow their noun, and each other ("l'aviation
    // russe", "les frappes aériennes russes").
    bool after_noun = pp == Pos::kNoun || pp == Pos::kPropn;
    if (pp == Pos::kAdj) {
      size_t before = Neighbour(doc, prev_index, -1);
      Pos bp = before == SIZE_MAX ? Pos::kX : doc.tokens[before].pos;
      after_noun = bp == Pos::kNoun || bp == Pos::kPropn;
      // Determiner, adjective, then the noun: "la majeure partie", "une
      // nouvelle offensive".
      if ((bp == Pos::kDet || bp == Pos::kNum) && Has(mask, Pos::kNoun))
        return FindReading(a, Pos::kNoun);
    }
    // ... unless the word can be the sentence's verb ("l'armée malienne dit").
    bool finite = std::any_of(a.readings.begin(), a.readings.end(),
                              [](const Reading& r) { return r.finite; });
    if (lang == "fr" && after_noun && Has(mask, Pos::kAdj)) {
      if (!finite) return FindReading(a, Pos::kAdj);
      for (size_t k = 0; k < a.readings.size(); ++k)
        if (a.readings[k].finite) return k;
    }
  }
  // English adjectives precede their noun ("Russian warplanes").
  if (lang == "en" && Has(mask, Pos::kAdj) && next_is_noun) return FindReading(a, Pos::kAdj);
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
                          std::make_unique<MorphAnalyzer>(aff, dic, snowball, lexicon,
                                                          /*head_first=*/lang != "en"));
  return analyzers_.back().second.get();
}

Status MorphStage::Process(Document& doc) {
  doc.lemma_pool.clear();
  doc.lemma_pool.reserve(doc.text.size());
  doc.readings.clear();
  for (auto& [code, analyzer] : analyzers_) analyzer->Trim();
  // Pass 1: every word's readings, its first reading as a provisional choice.
  analyses_.assign(doc.tokens.size(), nullptr);
  MorphAnalyzer* analyzer = nullptr;
  uint32_t analyzer_of = UINT32_MAX;  // the paragraph analyzer is for
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    if (i % 4096 == 0 && doc.deadline.Expired()) return OutOfTime();
    Token& t = doc.tokens[i];
    switch (t.kind) {
      case TokenKind::kPunct: t.pos = Pos::kPunct; break;
      case TokenKind::kSymbol: t.pos = Pos::kSym; break;
      case TokenKind::kNumber: t.pos = Pos::kNum; break;
      case TokenKind::kUrl: t.pos = Pos::kX; break;
      case TokenKind::kWord: {
        // The paragraph's analyzer, looked up again when the paragraph changes.
        if (const uint32_t pi = doc.sentences[t.sentence].paragraph; pi != analyzer_of) {
          const Paragraph& p = doc.paragraphs[pi];
          auto found = AnalyzerFor(p.language.empty() ? doc.language : p.language);
          if (!found.ok()) return found.status();
          analyzer = *found;
          analyzer_of = pi;
        }
        const Analysis& a = analyzer->Analyze(doc.Form(t));
        analyses_[i] = &a;
        t.pos = a.readings.front().pos;
        t.pos_mask = a.pos_mask;
        t.lemma_source = a.source;
        if (a.common_word) t.flags |= token_flags::kCommonWord;
        continue;
      }
    }
    t.pos_mask = PosBit(t.pos);
    t.lemma_source = LemmaSource::kIdentity;
  }
  // Pass 2: context chooses among readings, left to right; lemmas follow.
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    Token& t = doc.tokens[i];
    const Analysis* a = analyses_[i];
    if (a == nullptr) {
      doc.SetLemma(&t, doc.Form(t));
      continue;
    }
    const Paragraph& p = doc.paragraphs[doc.sentences[t.sentence].paragraph];
    size_t k = ChooseReading(doc, i, *a, p.language.empty() ? doc.language : p.language);
    if (k >= a->readings.size()) k = 0;
    const Reading& r = a->readings[k];
    // Every reading is kept, so a later stage that chooses another part of
    // speech in context (parse) finds the lemma that goes with it.
    t.first_reading = static_cast<uint32_t>(doc.readings.size());
    t.reading_count = static_cast<uint16_t>(std::min<size_t>(a->readings.size(), 0xFFFF));
    for (size_t j = 0; j < t.reading_count; ++j) {
      const Reading& any = a->readings[j];
      TokenReading tr;
      tr.pos = any.pos;
      tr.lemma_length = static_cast<uint16_t>(std::min<size_t>(any.lemma.size(), 0xFFFF));
      tr.lemma_offset = doc.Pool(std::string_view(any.lemma).substr(0, tr.lemma_length));
      doc.readings.push_back(tr);
    }
    t.pos = r.pos;
    // A noun whose dictionary lemma is capitalised is a proper noun ("Syrie").
    if (t.pos == Pos::kNoun && !r.lemma.empty() && std::isupper(static_cast<unsigned char>(r.lemma[0])))
      t.pos = Pos::kPropn;
    // Capitalised words in a row inside a sentence are a name ("Rami Abdel
    // Rahmane"), whatever the dictionary says of "rami".
    if (InName(doc, i) && t.pos != Pos::kPropn) {
      t.pos = Pos::kPropn;
      t.pos_mask |= PosBit(Pos::kPropn);
      doc.SetLemma(&t, doc.Form(t));
      continue;
    }
    // English gives no part of speech for bare dictionary words: after a
    // determiner, an adjective or a number, such a word is a noun.
    if (t.pos == Pos::kX && i > 0) {
      size_t prev = Neighbour(doc, i, -1);
      Pos pp = prev == SIZE_MAX ? Pos::kX : doc.tokens[prev].pos;
      if (pp == Pos::kDet || pp == Pos::kAdj || pp == Pos::kNum) t.pos = Pos::kNoun;
    }
    doc.SetLemma(&t, r.lemma);
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
