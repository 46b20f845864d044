// Sentences then tokens, paragraph by paragraph; see segment_stage.h.
#include "segment/segment_stage.h"

#include "segment/tokenizer.h"

namespace vigie {

Result<std::unique_ptr<Stage>> MakeSegmentStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<SegmentStage, SegmentKnowledge>(config, cache, "segment");
}

Status SegmentStage::Process(Document& doc) {
  doc.sentences.clear();
  doc.tokens.clear();
  doc.tokens.reserve(doc.text.size() / 5);
  for (uint32_t pi = 0; pi < doc.paragraphs.size(); ++pi) {
    Paragraph& p = doc.paragraphs[pi];
    const std::string& lang = p.language.empty() ? doc.language : p.language;
    const LanguageSegmentation& rules = knowledge_->For(lang);
    spans_.clear();
    Status s = splitter_.Split(doc.text, p.span, lang, rules, &spans_);
    if (!s.ok()) return s;
    p.first_sentence = static_cast<uint32_t>(doc.sentences.size());
    for (Span span : spans_) {
      if (doc.deadline.Expired()) return OutOfTime();
      Sentence sentence;
      sentence.span = span;
      sentence.paragraph = pi;
      sentence.first_token = static_cast<uint32_t>(doc.tokens.size());
      Tokenize(doc.text, span, lang, rules, &doc.tokens);
      sentence.token_count = static_cast<uint32_t>(doc.tokens.size()) - sentence.first_token;
      if (sentence.token_count == 0) continue;
      const auto index = static_cast<uint32_t>(doc.sentences.size());
      for (uint32_t t = sentence.first_token; t < doc.tokens.size(); ++t) {
        Token& tok = doc.tokens[t];
        tok.sentence = index;
        uint32_t next_begin = t + 1 < doc.tokens.size() ? doc.tokens[t + 1].begin : span.end;
        if (next_begin > tok.end || t + 1 == doc.tokens.size())
          tok.flags |= token_flags::kSpaceAfter;
      }
      doc.tokens[sentence.first_token].flags |= token_flags::kSentenceStart;
      doc.sentences.push_back(sentence);
    }
    p.sentence_count = static_cast<uint32_t>(doc.sentences.size()) - p.first_sentence;
  }
  doc.FoldTokens();
  return Status::Ok();
}

}  // namespace vigie
