// The langid stage: the language of the document and of paragraphs that
// differ from it, with CLD2. Short texts (CLD2 is unreliable under about 30
// bytes) take the document's language. A language given by the input or by
// --lang is the language of the document and of every paragraph, and CLD2
// is not run.
#pragma once

#include <cstdio>  // CLD2's header needs it first.
#include <cld2/public/compact_lang_det.h>

#include <vector>

#include "pipeline/stage.h"

namespace vigie {

class LangidStage : public Stage {
 public:
  std::string_view name() const override { return "langid"; }
  LayerSet requires_layers() const override { return {Layer::kText, Layer::kParagraphs}; }
  LayerSet provides_layers() const override { return {Layer::kLanguage}; }
  Status Process(Document& doc) override;

 private:
  std::vector<CLD2::ResultChunk> chunks_;  // reused between documents
};

Result<std::unique_ptr<Stage>> MakeLangidStage(const Config& config, ResourceCache& cache);

// ISO 639-1 code of text ("fr", "en"), or "" when CLD2 is not sure.
std::string DetectLanguage(std::string_view text);

}  // namespace vigie
