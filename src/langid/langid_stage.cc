// Language identification with CLD2; see langid_stage.h.
#include "langid/langid_stage.h"

#include <cstdio>  // CLD2's header needs it first.
#include <cld2/public/compact_lang_det.h>

#include <algorithm>

namespace vigie {

namespace {
constexpr size_t kMinParagraphBytes = 64;  // below this, trust the document
}

std::string DetectLanguage(std::string_view text) {
  bool reliable = false;
  CLD2::Language lang = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()),
                                             /*is_plain_text=*/true, &reliable);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return "";
  return CLD2::LanguageCode(lang);
}

// One CLD2 pass over the whole text gives the document's language and a
// language per chunk; a paragraph takes the language of most of its bytes
// when CLD2 knows it for at least 60 % of them, else the document's.
Status LangidStage::Process(Document& doc) {
  // A language given by the input or --lang is the whole article's: no
  // detection at all (CLD2 was 7 % of the pipeline's instructions without
  // the parser).
  if (!doc.lang_hint.empty()) {
    doc.language = doc.lang_hint;
    for (Paragraph& p : doc.paragraphs) p.language = doc.language;
    return Status::Ok();
  }
  CLD2::Language lang3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  chunks_.clear();
  CLD2::Language lang = CLD2::ExtDetectLanguageSummary(
      doc.text.data(), static_cast<int>(doc.text.size()), /*is_plain_text=*/true,
      /*cld_hints=*/nullptr, /*flags=*/0, lang3, percent3, scores3, &chunks_, &text_bytes,
      &reliable);
  if (reliable && lang != CLD2::UNKNOWN_LANGUAGE) {
    doc.language = CLD2::LanguageCode(lang);
  } else {
    doc.language = "und";
    doc.warnings.push_back("language not identified; use --lang");
  }
  size_t c = 0;
  for (Paragraph& p : doc.paragraphs) {
    p.language = doc.language;
    if (p.span.size() < kMinParagraphBytes || p.kind == ParagraphKind::kByline) continue;
    // Bytes of the paragraph per language, over the chunks that overlap it.
    std::vector<std::pair<CLD2::Language, uint32_t>> bytes;
    while (c < chunks_.size() &&
           static_cast<uint32_t>(chunks_[c].offset + chunks_[c].bytes) <= p.span.begin)
      ++c;
    for (size_t k = c; k < chunks_.size() && static_cast<uint32_t>(chunks_[k].offset) < p.span.end; ++k) {
      auto b = std::max<uint32_t>(static_cast<uint32_t>(chunks_[k].offset), p.span.begin);
      auto e = std::min<uint32_t>(static_cast<uint32_t>(chunks_[k].offset + chunks_[k].bytes), p.span.end);
      if (e <= b) continue;
      auto l = static_cast<CLD2::Language>(chunks_[k].lang1);
      if (l == CLD2::UNKNOWN_LANGUAGE) continue;
      auto it = std::find_if(bytes.begin(), bytes.end(), [l](const auto& x) { return x.first == l; });
      if (it == bytes.end()) bytes.emplace_back(l, e - b);
      else it->second += e - b;
    }
    auto best = std::max_element(bytes.begin(), bytes.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
    if (best != bytes.end() && best->second * 10 >= p.span.size() * 6)
      p.language = CLD2::LanguageCode(best->first);
  }
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeLangidStage(const Config&, ResourceCache&) {
  return std::unique_ptr<Stage>(new LangidStage());
}

}  // namespace vigie
