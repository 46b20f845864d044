// The morph stage: a lemma and a coarse part of speech for every token.
// Each word's readings come from the MorphAnalyzer of its paragraph's
// language; a few context rules (after a determiner, a noun; after a
// subject pronoun or an auxiliary, a verb) choose among them.
#pragma once

#include "morph/analyzer.h"
#include "pipeline/stage.h"

namespace vigie {

// Where a language's resources are: data/morph/<lang>.lexicon.txt, the
// Hunspell dictionary and the Snowball algorithm.
struct MorphLanguage {
  std::string lang, hunspell_name, snowball_name;
};

class MorphStage : public Stage {
 public:
  MorphStage(Config config, ResourceCache& cache) : config_(std::move(config)), cache_(cache) {}
  std::string_view name() const override { return "morph"; }
  LayerSet requires_layers() const override { return {Layer::kTokens, Layer::kLanguage}; }
  LayerSet provides_layers() const override { return {Layer::kMorphology}; }
  Status Process(Document& doc) override;

  // Readings of a form in a language (tests, explain).
  Result<MorphAnalyzer*> AnalyzerFor(std::string_view lang);

 private:
  Config config_;
  ResourceCache& cache_;
  std::vector<std::pair<std::string, std::unique_ptr<MorphAnalyzer>>> analyzers_;
  std::vector<const Analysis*> analyses_;  // per token, reused between documents
};

Result<std::unique_ptr<Stage>> MakeMorphStage(const Config& config, ResourceCache& cache);

// Chooses the reading of token i among its analysis, given the token before
// it (already decided) and the provisional reading of the one after.
size_t ChooseReading(const Document& doc, size_t i, const Analysis& analysis,
                     std::string_view lang);

}  // namespace vigie
