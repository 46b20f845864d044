// The quantity stage: numbers attached to what they count, with how they
// are hedged.
//
// Each sentence is read in its paragraph's language. A count starts at a
// number written in digits (the tokenizer gives its value), at number words
// ("vingt-deux", "deux cents", "a hundred"), at an approximate noun ("une
// dizaine de" = about 10, "a dozen" = about 12), at a plural of one ("des
// dizaines de", "hundreds of": many, unquantified) or at a phrase that
// counts without a number ("un grand nombre de", "de nombreux", "many").
// A qualifier phrase right before it hedges it ("plus de", "at least",
// "près de", "up to"). Then comes the noun phrase it counts: in French the
// first noun after it (adjectives skipped: "300 jeunes soldats"), in English
// the last of a run of modifiers and nouns ("60 Russian air strikes").
// Its kind is decided, in this order, by:
//   1. the head noun itself ("morts" killed, "raids" strikes, "chars" tanks),
//      or a kind word modifying it ("wounded soldiers");
//   2. a participle after the noun phrase, past complements and
//      auxiliaries ("300 membres de Daesh tués", "20 people were injured");
//   3. the verb the count is the object of ("ont tué plus de 300
//      djihadistes", "arrested 40 protesters");
//   4. a noun for people ("civils", "soldiers"): people;
// else it is left empty. Not counts: numbers inside a date the time stage
// found, ordinals ("3e"), numbers after a label ("article 5"), years ("the
// 2015 attacks"), numbers of units (hours, years of age, km, %, money), a
// number with nothing counted after it. A count without a number
// ("un grand nombre de", "des dizaines de") is kept only when its kind is
// known. Evidence: the number's span, and the qualifier and word-list
// lines that decided.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/stage.h"
#include "quantity/quantity_knowledge.h"

namespace vigie {

class QuantityStage : public Stage {
 public:
  explicit QuantityStage(std::shared_ptr<const QuantityKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "quantity"; }
  LayerSet requires_layers() const override {
    return {Layer::kParagraphs, Layer::kLanguage, Layer::kSentences, Layer::kTokens,
            Layer::kMorphology, Layer::kTimes};
  }
  LayerSet provides_layers() const override { return {Layer::kQuantities}; }
  Status Process(Document& doc) override;

 private:
  std::shared_ptr<const QuantityKnowledge> knowledge_;
  // Per token of the document: the word lists' entries for its form and its
  // lemma, and whether a date covers it. Reused between documents.
  std::vector<const QuantityWord*> form_, lemma_;
  std::vector<uint8_t> in_time_;
  std::string folded_;
};

Result<std::unique_ptr<Stage>> MakeQuantityStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
