// Language identification with CLD2; see langid_stage.h.
#include "langid/langid_stage.h"

#include <cstdio>  // CLD2's header needs it first.
#include <cld2/public/compact_lang_det.h>

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

Status LangidStage::Process(Document& doc) {
  if (!doc.lang_hint.empty()) {
    doc.language = doc.lang_hint;
  } else {
    doc.language = DetectLanguage(doc.text);
    if (doc.language.empty()) {
      doc.language = "und";
      doc.warnings.push_back("language not identified; use --lang");
    }
  }
  for (Paragraph& p : doc.paragraphs) {
    p.language = doc.language;
    if (p.span.size() < kMinParagraphBytes || p.kind == ParagraphKind::kByline) continue;
    std::string lang = DetectLanguage(doc.Slice(p.span));
    if (!lang.empty()) p.language = lang;
  }
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeLangidStage(const Config&, ResourceCache&) {
  return std::unique_ptr<Stage>(new LangidStage());
}

}  // namespace vigie
