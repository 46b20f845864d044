// The code stage: events over the dependency tree. For each sentence the
// steps of code/coder.h run in turn (match, arguments, framing,
// attribution, assembly); then the events an article tells twice merge.
#pragma once

#include <memory>
#include <string>

#include "code/coder.h"
#include "pipeline/stage.h"

namespace vigie {

class CodeStage : public Stage {
 public:
  explicit CodeStage(std::shared_ptr<const CodeKnowledge> knowledge) : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "code"; }
  LayerSet requires_layers() const override {
    return {Layer::kTokens, Layer::kMorphology, Layer::kSyntax, Layer::kMentions, Layer::kPlaces,
            Layer::kTimes, Layer::kQuantities};
  }
  LayerSet provides_layers() const override { return {Layer::kEvents}; }
  Status Process(Document& doc) override;

 private:
  void RefineTypes(Document& doc);

  std::shared_ptr<const CodeKnowledge> knowledge_;
  FoldCache fold_;  // folded lemmas and forms, kept across documents
};

Result<std::unique_ptr<Stage>> MakeCodeStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
