// The extract stage: from a document's source text to its clean text.
//
// Plain text scraped from the web carries the page's furniture: section
// labels glued to the title ("SYRIESyrie: ..."), the title and byline
// repeated, cookie-consent notices, "read more", share and newsletter lines.
// This stage drops them (each drop recorded with its reason and rule), keeps
// the title, lede, byline and body paragraphs once each, reads the agency and
// outlet from the byline or dateline, and builds the clean text in NFC with
// its map back to the raw bytes.
#pragma once

#include <memory>

#include "extract/knowledge.h"
#include "pipeline/stage.h"

namespace vigie {

class ExtractStage : public Stage {
 public:
  explicit ExtractStage(std::shared_ptr<const ExtractKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "extract"; }
  LayerSet requires_layers() const override { return {Layer::kSource}; }
  LayerSet provides_layers() const override {
    return {Layer::kText, Layer::kMetadata, Layer::kParagraphs};
  }
  Status Process(Document& doc) override;

 private:
  std::shared_ptr<const ExtractKnowledge> knowledge_;
};

Result<std::unique_ptr<Stage>> MakeExtractStage(const Config& config, ResourceCache& cache);

// Byte length of a section label glued to the start of a line ("SYRIE" in
// "SYRIESyrie: ..."), or 0. Exposed for tests.
size_t GluedLabelLength(std::string_view line);

}  // namespace vigie
