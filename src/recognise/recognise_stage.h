// The recognise stage: actor mentions by longest match over tokens against
// the actor dictionary, then composed: a sector noun and a country next to
// it make one actor ("l'aviation russe", "Syrian government forces",
// "les troupes du gouvernement syrien"), and a sector noun attached to a
// group's name joins it ("les djihadistes de l'EI"). An institution named in
// the definite singular without a country ("le régime", "the army") takes
// the story's country: the state the article names most, title counting
// twice; the evidence says so ("context:story-country SYR").
//
// People (recognise/people/) stand for the office they held on the
// article's publication day: "Barack Obama" is USA GOV in 2012 and USA ELI
// (a former official) in 2019; once named in full, the surname alone names
// them too, and a title before the name joins it ("US President Barack
// Obama"). Leaders ("army chief", "the UN chief") take the sector of what
// they lead.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/string_map.h"
#include "pipeline/stage.h"
#include "recognise/dictionary.h"

namespace vigie {

class RecogniseStage : public Stage {
 public:
  explicit RecogniseStage(std::shared_ptr<const ActorDictionary> dictionary)
      : dictionary_(std::move(dictionary)) {}
  std::string_view name() const override { return "recognise"; }
  LayerSet requires_layers() const override { return {Layer::kTokens, Layer::kMorphology}; }
  LayerSet provides_layers() const override { return {Layer::kMentions}; }
  Status Process(Document& doc) override;

 private:
  void Match(Document& doc);
  bool InContext(const Document& doc, uint32_t entry, uint32_t first);
  Mention MentionOf(const Document& doc, uint32_t entry, uint32_t first, uint32_t count) const;
  void MatchSurnames(Document& doc) const;
  void Compose(Document& doc) const;
  void JoinTitles(Document& doc) const;

  std::shared_ptr<const ActorDictionary> dictionary_;
  // Folded key of each word form seen (folding costs an ICU decomposition
  // per accented letter); views of it and of the forms, per token.
  StringMap<std::string> fold_cache_;
  std::vector<std::string_view> folded_, exact_;
  std::string article_words_;  // the folded words of the document, for context names
  std::vector<uint32_t> matched_;  // the dictionary entry of each mention Match found
};

Result<std::unique_ptr<Stage>> MakeRecogniseStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
