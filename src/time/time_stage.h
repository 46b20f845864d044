// The time stage: dates and date ranges named in the text, resolved against
// the publication date.
//
// Each sentence is read in its paragraph's language. At every token the
// patterns of data/time/<lang>.patterns.txt are tried (sequences of
// literals, word classes from <lang>.words.txt and number slots, some
// optional); the longest match wins, the first in the file on a tie, and
// the matched tokens are not read again. A "skip" pattern consumes words
// that name no date ("tous les samedis", "à la veille de"). The captured
// slots are then resolved by the pattern's kind:
//   - a weekday is the last such day not after publication ("samedi" in a
//     Sunday article is the day before, "dimanche" the day itself), before
//     it with "dernier"/"last" (never the publication day), after it with
//     "prochain"/"next";
//   - a day and month without a year fall within the 335 days before and
//     the 30 after publication; "le 3" alone is in this month, or the last
//     one if the 3rd is yet to come;
//   - a month without a year is the last such month not after publication,
//     strictly before with "dernier"/"last", after with "prochain"/"next";
//   - a night runs from one day to the next: "dans la nuit de samedi à
//     dimanche" ends on that Sunday, "dans la nuit" alone on the
//     publication day; a part of a day ("à l'aube", "this morning") is the
//     publication day unless a day is named with it ("samedi à l'aube");
//   - "la semaine dernière" is the ISO week (Monday to Sunday) before the
//     publication week, "le mois dernier" the calendar month before.
// With no publication date, only dates written in full (with a year) are
// kept. Each time records the pattern's file:line as evidence.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/stage.h"
#include "time/time_knowledge.h"

namespace vigie {

class TimeStage : public Stage {
 public:
  explicit TimeStage(std::shared_ptr<const TimeKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "time"; }
  LayerSet requires_layers() const override {
    return {Layer::kParagraphs, Layer::kLanguage, Layer::kSentences, Layer::kTokens};
  }
  LayerSet provides_layers() const override { return {Layer::kTimes}; }
  Status Process(Document& doc) override;

 private:
  std::shared_ptr<const TimeKnowledge> knowledge_;
  // Per token of the sentence being read: what the words file says of it.
  std::vector<const TimeWord*> words_;
  std::vector<uint16_t> candidates_;  // patterns that may start at a token
};

Result<std::unique_ptr<Stage>> MakeTimeStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
