// The segment stage: sentences (ICU) and tokens (own rules over ICU
// character properties) for every paragraph, in its own language.
#pragma once

#include "pipeline/stage.h"
#include "segment/segment_knowledge.h"
#include "segment/sentences.h"

namespace vigie {

class SegmentStage : public Stage {
 public:
  explicit SegmentStage(std::shared_ptr<const SegmentKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "segment"; }
  LayerSet requires_layers() const override {
    return {Layer::kText, Layer::kParagraphs, Layer::kLanguage};
  }
  LayerSet provides_layers() const override { return {Layer::kSentences, Layer::kTokens}; }
  Status Process(Document& doc) override;

 private:
  std::shared_ptr<const SegmentKnowledge> knowledge_;
  SentenceSplitter splitter_;
  std::vector<Span> spans_;  // reused between documents
};

Result<std::unique_ptr<Stage>> MakeSegmentStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
