// The event lexicon: which trigger words, in which grammatical frame, tell
// which CAMEO event, and where its actors are. The format is described in
// the header of data/code/<lang>.events.txt; in short, one pattern a line:
//
//   195   strike/n   !compound=hunger|general   !head=call_off
//   192   take       obj=control                 TGT=obj/of
//
// A pattern holds a trigger (lemma, part of speech, particle or reflexive
// pronoun) and items: conditions on the trigger's dependents (required or
// forbidden, by relation or preposition, with or without words) and slots
// that say which dependent is the source, the target or the place when the
// grammar's defaults do not. Relations are named as the pattern's writer
// thinks of them (subj, obj, "of"); code/tree.h turns them into UD
// relations in the active and the passive voice.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "base/data_file.h"
#include "base/string_map.h"
#include "base/status.h"

namespace vigie {

enum class TriggerPos : uint8_t { kVerb, kNoun, kAdjective };

// A path from the trigger down the tree: each hop a set of alternative
// functions ("obj", "subj", "of", "de", "head"...).
using FunctionPath = std::vector<std::vector<std::string>>;

enum class Slot : uint8_t { kNone, kSource, kTarget, kPlace };
std::string_view SlotName(Slot s);

struct LexiconItem {
  enum class Kind : uint8_t { kRequire, kForbid, kSlot };
  Kind kind = Kind::kRequire;
  Slot slot = Slot::kNone;         // for kSlot
  FunctionPath path;               // "obj/of": {{"obj"}, {"of"}}; empty for "TGT=-" (no target)
  std::vector<std::string> words;  // folded lemma alternatives, or actor types ("@MIL"); empty: any word
  std::string text;                // as written, for evidence
};

struct LexiconPattern {
  std::string code;            // CAMEO, or a hazard kind ("natural")
  std::string lemma;           // folded trigger lemma ("retirer", "pull")
  std::string particle;        // folded particle of a phrasal verb ("out"), or ""
  bool reflexive = false;      // French "se_retirer"
  TriggerPos pos = TriggerPos::kVerb;
  std::vector<LexiconItem> items;
  int specificity = 0;         // conditions it checks: more wins
  std::string where;           // "code/en.events.txt:120"
  std::string text;            // the trigger as written ("pull_out")
};

class EventLexicon {
 public:
  // Parses one language's lexicon; errors name file and line. In a path,
  // a word that is no function name (IsFunctionName) is a preposition.
  static Result<EventLexicon> Read(const DataSource& read, const std::string& relative);
  // The same format with a kind in place of the CAMEO code, one of `kinds`
  // (the hazard lexicons, data/code/<lang>.hazards.txt).
  static Result<EventLexicon> ReadKinds(const DataSource& read, const std::string& relative,
                                        const std::vector<std::string>& kinds);

  // Patterns whose trigger lemma is this folded word, the most specific
  // first (in file order among equals): the first that matches is the one
  // to take.
  const std::vector<uint32_t>* Triggered(std::string_view lemma) const {
    auto it = by_lemma_.find(lemma);
    return it == by_lemma_.end() ? nullptr : &it->second;
  }
  const LexiconPattern& pattern(uint32_t i) const { return patterns_[i]; }
  size_t size() const { return patterns_.size(); }

 private:
  static Result<EventLexicon> ReadWith(const DataSource& read, const std::string& relative,
                                       const std::vector<std::string>* kinds);
  std::vector<LexiconPattern> patterns_;
  StringMap<std::vector<uint32_t>> by_lemma_;
};

// The relation names a pattern may use (the rest are prepositions).
bool IsFunctionName(std::string_view name);

}  // namespace vigie
