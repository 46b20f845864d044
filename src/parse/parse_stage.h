// The parse stage: for every sentence, UD syntactic words (contractions
// split, data/parse/words.txt), their universal part of speech, head and
// relation, from the language's model (models/parse/<lang>.model). Each
// word takes the lemma of the morph reading of its part of speech where
// there is one. A token's head and relation are those of its highest word;
// its part of speech and lemma stay the morph stage's until the stages that
// read them move to the tree. A language without a
// model gets no tree (sentences with no words), not an error.
#pragma once

#include "parse/model.h"
#include "parse/train.h"
#include "parse/words.h"
#include "pipeline/stage.h"

namespace vigie {

class ParseStage : public Stage {
 public:
  ParseStage(Config config, ResourceCache& cache, std::shared_ptr<const parse::Contractions> words)
      : config_(std::move(config)), cache_(cache), contractions_(std::move(words)) {}
  std::string_view name() const override { return "parse"; }
  LayerSet requires_layers() const override { return {Layer::kTokens, Layer::kMorphology}; }
  LayerSet provides_layers() const override { return {Layer::kSyntax}; }
  Status Process(Document& doc) override;

  // The model of a language, loaded once; nullptr when it has none.
  Result<const parse::ParseModel*> ModelFor(const std::string& lang);

 private:
  struct Pending {  // a word of the sentence being built
    uint32_t token;
    std::string_view form;
    uint32_t mask;
    const parse::Contraction* split;  // when this word is part of one
    size_t part;
  };
  void ParseSentence(Document& doc, uint32_t sentence, const parse::ParseModel& model,
                     const std::string& lang);

  Config config_;
  ResourceCache& cache_;
  std::shared_ptr<const parse::Contractions> contractions_;
  std::map<std::string, std::shared_ptr<const parse::ParseModel>> models_;
  // Buffers reused between sentences.
  std::vector<Pending> pending_;
  std::vector<parse::LexicalWord> lexical_;
  std::vector<bool> commas_;
  parse::Analysis analysis_;
};

Result<std::unique_ptr<Stage>> MakeParseStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
