// Event patterns: the data that says which words make an event of which
// CAMEO code, and where its source, target and place stand.
//
// One pattern per line in data/code/<lang>.patterns.txt:
//
//   code  <TAB or 2+ spaces>  elements separated by spaces
//
//   195   SRC .. [bombarder] .. TGT
//   0874  SRC .. [se retirer] de LOC?
//   195   [raid|frappe] de SRC .. sur|contre TGT|LOC
//
// Elements:
//   [w w ...]   the trigger: one or more words, matched as a sequence; the
//               pattern is found from it. "se" first makes it reflexive: a
//               reflexive pronoun stands before the verb ("se sont retirés").
//   w|w         a word: a token whose lemma or form (folded: lower case, no
//               accents) is one of the alternatives.
//   SRC, TGT    the source and target actors: a recognised mention (or a
//               pronoun or "le groupe", resolved to the last fitting actor).
//   LOC         a place; TGT|LOC takes an actor or a place.
//   ..          up to six tokens of anything, within the clause.
//   x?          the element may be absent.
// Patterns describe the active voice; the engine finds the passive ("ont été
// bombardés par l'aviation") itself and swaps the roles.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"

namespace vigie {

struct PatternElement {
  enum class Kind : uint8_t { kWord, kSource, kTarget, kPlace, kTargetOrPlace, kGap };
  Kind kind = Kind::kWord;
  bool optional = false;
  std::vector<std::string> words;  // folded alternatives, for kWord
};

struct EventPattern {
  std::string code;                             // CAMEO code
  std::vector<PatternElement> left;             // before the trigger, nearest first
  std::vector<std::vector<std::string>> trigger;  // words, each with its alternatives
  bool reflexive = false;
  bool nominal = false;                         // the trigger is a noun ("raid", "strike")
  std::vector<PatternElement> right;            // after the trigger, in order
  int specificity = 0;                          // literal words: more wins
  std::string where;                            // "code/fr.patterns.txt:12"
};

class PatternSet {
 public:
  // Parses one language's pattern file; errors name file and line.
  static Result<PatternSet> Read(const DataSource& read, const std::string& relative);

  // Patterns whose trigger starts with this folded word.
  const std::vector<uint32_t>* Triggered(const std::string& word) const {
    auto it = by_trigger_.find(word);
    return it == by_trigger_.end() ? nullptr : &it->second;
  }
  const EventPattern& pattern(uint32_t i) const { return patterns_[i]; }
  size_t size() const { return patterns_.size(); }

 private:
  std::vector<EventPattern> patterns_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_trigger_;
};

}  // namespace vigie
