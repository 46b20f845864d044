// The code stage: events from pattern matches over tokens, lemmas and the
// mentions and places found before.
//
// For each sentence, every token whose lemma starts a pattern's trigger is
// tried against those patterns; the most specific match wins. Its slots take
// the actor mentions and places at their positions; a pronoun or "le
// groupe" takes the last actor named before it; a verb after "être"/"be"
// is passive and swaps source and target (the agent after "par"/"by" is the
// source); a verb coordinated with an earlier one ("... et en avait été
// chassé") shares its subject. Then, per event:
//   modality  negated ("n'a pas", "denied"), hypothetical ("aurait",
//             "menace de", "could"), reported (a speaker), else asserted;
//   speaker   the subject of a reporting verb, or the actor after it in an
//             inverted clause ("a rapporté l'OSDH"), or "selon X";
//   date      a date of the trigger's clause that is not the date of a
//             report ("a annoncé dimanche"), else the day before publication
//             to publication day; background when months before;
//   place     the place slot, else the nearest place of the clause, then of
//             the sentence (a town before a country), else the last town named;
//   claims    the quantities of the sentence, each with the speaker.
// Events of one article with the same root, compatible actors, the same
// place and overlapping dates are one event with all their claims.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "code/codebook.h"
#include "code/patterns.h"
#include "pipeline/stage.h"

namespace vigie {

// The cue words of data/code/cues.txt, per language. Multi-word cues hold
// their words joined by '+'.
struct CodeCues {
  std::unordered_set<std::string> report, according, negator, denial, hedge, anaphor, passive,
      agent, time_bound, member, locative, infinitive, comitative;
};

struct CodeKnowledge {
  std::shared_ptr<const Codebook> codebook;
  std::map<std::string, PatternSet> patterns;  // by language
  std::map<std::string, CodeCues> cues;        // by language

  static Result<std::shared_ptr<const CodeKnowledge>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const CodeKnowledge>> Make(const DataSource& read);
};

class CodeStage : public Stage {
 public:
  explicit CodeStage(std::shared_ptr<const CodeKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "code"; }
  LayerSet requires_layers() const override {
    return {Layer::kTokens, Layer::kMorphology, Layer::kMentions, Layer::kPlaces, Layer::kTimes,
            Layer::kQuantities};
  }
  LayerSet provides_layers() const override { return {Layer::kEvents}; }
  Status Process(Document& doc) override;

 private:
  std::shared_ptr<const CodeKnowledge> knowledge_;
  // Folded lemma and form of each word seen, cached across documents.
  std::unordered_map<std::string, std::string> fold_cache_;
  friend class Coder;
};

Result<std::unique_ptr<Stage>> MakeCodeStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
