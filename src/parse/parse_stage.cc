// The parse stage; see parse_stage.h.
#include "parse/parse_stage.h"

#include <filesystem>

#include "parse/lexical.h"
#include "parse/train.h"

namespace vigie {

namespace {

// Parts of speech close enough that a reading of one gives the lemma of the
// other ("été" AUX or VERB, "le" DET or PRON, a participle ADJ or VERB).
bool SameLemmaClass(Pos a, Pos b) {
  auto cls = [](Pos p) {
    switch (p) {
      case Pos::kAux: return Pos::kVerb;
      case Pos::kPron: return Pos::kDet;
      case Pos::kPropn: return Pos::kNoun;
      default: return p;
    }
  };
  return cls(a) == cls(b);
}

}  // namespace

Result<const parse::ParseModel*> ParseStage::ModelFor(const std::string& lang) {
  auto it = models_.find(lang);
  if (it != models_.end()) return it->second.get();
  const std::string path = config_.model_dir + "/parse/" + lang + ".model";
  std::error_code ec;
  std::shared_ptr<const parse::ParseModel> model;
  if (lang == "fr" || lang == "en" || std::filesystem::exists(path, ec)) {
    auto loaded = cache_.Get<parse::ParseModel>("parse-model:" + path,
                                                [&] { return parse::LoadModel(path); });
    if (!loaded.ok()) return loaded.status();
    model = *loaded;
  }
  models_[lang] = model;
  return model.get();
}

void ParseStage::ParseSentence(Document& doc, uint32_t si, const parse::ParseModel& model,
                               const std::string& lang) {
  Sentence& sentence = doc.sentences[si];
  // Words: contractions split, conditional ones only where the word before
  // has the part of speech they need, which a first tagging tells.
  std::vector<int> last_word;  // of each token, in the first build
  auto build = [&](const std::vector<Pos>* first_tags) {
    pending_.clear();
    for (uint32_t ti = sentence.first_token; ti < sentence.first_token + sentence.token_count; ++ti) {
      const Token& t = doc.tokens[ti];
      const parse::Contraction* c = nullptr;
      if (t.kind == TokenKind::kWord) c = contractions_->Find(lang, parse::LowerWord(doc.Form(t)));
      if (c != nullptr && c->after != 0) {
        const uint32_t k = ti - sentence.first_token;
        const bool prev_fits = first_tags != nullptr && k > 0 &&
                               (PosBit((*first_tags)[last_word[k - 1]]) & c->after) != 0;
        if (!prev_fits) c = nullptr;
      }
      if (c == nullptr) {
        pending_.push_back({ti, doc.Form(t), t.pos_mask, nullptr, 0});
      } else {
        for (size_t k = 0; k < c->words.size(); ++k)
          pending_.push_back({ti, c->words[k].first, PosBit(c->words[k].second), c, k});
      }
      if (first_tags == nullptr) last_word.push_back(static_cast<int>(pending_.size()) - 1);
    }
    lexical_.clear();
    commas_.clear();
    for (const Pending& p : pending_) {
      lexical_.push_back(parse::MakeLexicalWord(p.form, p.mask));
      commas_.push_back(parse::IsClauseBreak(p.form));
    }
  };
  build(nullptr);
  model.tagger.Tag(lexical_, &analysis_.tags);
  // A second tagging only when a conditional contraction is split.
  bool split = false;
  for (size_t k = 1; k < last_word.size() && !split; ++k) {
    const Token& t = doc.tokens[sentence.first_token + k];
    if (t.kind != TokenKind::kWord) continue;
    const parse::Contraction* c = contractions_->Find(lang, parse::LowerWord(doc.Form(t)));
    split = c != nullptr && c->after != 0 && (PosBit(analysis_.tags[last_word[k - 1]]) & c->after) != 0;
  }
  if (split) {
    std::vector<Pos> first = analysis_.tags;
    build(&first);
    model.tagger.Tag(lexical_, &analysis_.tags);
  }
  // Contraction parts keep the part of speech the file gives them.
  for (size_t i = 0; i < pending_.size(); ++i)
    if (pending_[i].split != nullptr) analysis_.tags[i] = pending_[i].split->words[pending_[i].part].second;
  parse::ParserInput input{lexical_, analysis_.tags, commas_};
  model.parser.Parse(input, &analysis_.tree);

  // Words into the document.
  const auto base = static_cast<uint32_t>(doc.words.size());
  sentence.first_word = base;
  sentence.word_count = static_cast<uint32_t>(pending_.size());
  const auto& labels = model.parser.labels();
  for (size_t i = 0; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    Word w;
    w.token = p.token;
    if (p.split != nullptr) {
      w.form_offset = doc.Pool(p.form);
      w.form_length = static_cast<uint16_t>(p.form.size());
    }
    w.pos = analysis_.tags[i];
    const int head = analysis_.tree.heads[i];
    w.head = head <= 0 ? -1 : static_cast<int32_t>(base + head - 1);
    const int label = analysis_.tree.labels[i];
    w.dep = DepRelFromName(label >= 0 && label < static_cast<int>(labels.size()) ? labels[label] : "dep");
    Token& t = doc.tokens[p.token];
    if (p.part == 0) {
      t.first_word = base + static_cast<uint32_t>(i);
      t.word_count = 0;
    }
    ++t.word_count;
    doc.words.push_back(w);
  }
  // Tokens: the head, relation and part of speech of their highest word
  // (the first whose head lies outside the token).
  for (uint32_t ti = sentence.first_token; ti < sentence.first_token + sentence.token_count; ++ti) {
    Token& t = doc.tokens[ti];
    const Word* top = &doc.words[t.first_word];
    for (uint32_t k = 0; k < t.word_count; ++k) {
      const Word& w = doc.words[t.first_word + k];
      if (w.head < 0 || doc.words[w.head].token != ti) {
        top = &w;
        break;
      }
    }
    t.head = top->head < 0 ? -1 : static_cast<int32_t>(doc.words[top->head].token);
    t.dep = top->dep;
    for (uint32_t k = 0; k < t.word_count; ++k) {
      Word& w = doc.words[t.first_word + k];
      if (t.word_count > 1) {  // a part of a contraction: the lemma the file gives
        const Pending& p = pending_[t.first_word + k - base];
        const std::string& lemma = p.split->lemmas[p.part];
        w.lemma_offset = doc.Pool(lemma);
        w.lemma_length = static_cast<uint16_t>(lemma.size());
        continue;
      }
      // The lemma of the morph reading of the tagger's part of speech, else
      // the morph stage's own choice.
      w.lemma_offset = t.lemma_offset;
      w.lemma_length = t.lemma_length;
      const TokenReading* match = nullptr;
      for (uint16_t r = 0; r < t.reading_count && match == nullptr; ++r)
        if (doc.readings[t.first_reading + r].pos == w.pos) match = &doc.readings[t.first_reading + r];
      for (uint16_t r = 0; r < t.reading_count && match == nullptr; ++r)
        if (SameLemmaClass(doc.readings[t.first_reading + r].pos, w.pos))
          match = &doc.readings[t.first_reading + r];
      if (match != nullptr && w.pos != t.pos) {
        w.lemma_offset = match->lemma_offset;
        w.lemma_length = match->lemma_length;
      }
    }
  }
}

Status ParseStage::Process(Document& doc) {
  doc.words.clear();
  doc.words.reserve(doc.tokens.size() + doc.tokens.size() / 16);
  for (Token& t : doc.tokens) {
    t.head = -1;
    t.word_count = 0;
  }
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    Sentence& s = doc.sentences[si];
    s.first_word = static_cast<uint32_t>(doc.words.size());
    s.word_count = 0;
    if (s.token_count == 0) continue;
    if (doc.deadline.Expired()) return OutOfTime();
    const Paragraph& p = doc.paragraphs[s.paragraph];
    const std::string& lang = p.language.empty() ? doc.language : p.language;
    auto model = ModelFor(lang);
    if (!model.ok()) return model.status();
    if (*model == nullptr) continue;
    ParseSentence(doc, si, **model, lang);
  }
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeParseStage(const Config& config, ResourceCache& cache) {
  auto words = cache.Get<parse::Contractions>("parse-words:" + config.data_dir, [&] {
    return parse::Contractions::Load(DataDirectory(config.data_dir));
  });
  if (!words.ok()) return words.status();
  auto stage = std::make_unique<ParseStage>(config, cache, *words);
  // The models of the first languages are checked at start-up.
  for (const char* lang : {"fr", "en"}) {
    auto m = stage->ModelFor(lang);
    if (!m.ok()) return m.status();
  }
  return std::unique_ptr<Stage>(std::move(stage));
}

}  // namespace vigie
