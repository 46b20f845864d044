// ACLED types from an event's actors (data/code/acled_rules.txt): the last
// step of coding, after the codebook gave each CAMEO code its default.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/data_file.h"
#include "base/string_map.h"
#include "base/status.h"
#include "code/codebook.h"
#include "doc/document.h"

namespace vigie {

class AcledRules {
 public:
  // Reads code/acled_rules.txt; every type must be one of the codebook's.
  static Result<AcledRules> Read(const DataSource& read, const Codebook& codebook);
  // The words the rules name, by number: MarkWord marks a folded word
  // (lemma or form) of a sentence in `marks` (word_count() of them) when a
  // rule names it.
  size_t word_count() const { return word_ids_.size(); }
  void MarkWord(std::string_view folded, std::vector<bool>* marks) const;
  // Sets the event's ACLED type from the first rule that fits; returns
  // false when none fits. `said` gives the marks of the event's sentence
  // (asked for only when a rule that names words is reached).
  bool Refine(Event* event, const std::function<const std::vector<bool>&()>& said) const;

 private:
  struct Rule {
    std::string prefix, source, target, type, subtype, where;
    // Lists of words, by number: one word of each list must be in the sentence.
    std::vector<std::vector<uint32_t>> words;
  };
  static bool Fits(const std::string& who, const EventActor& actor);
  static bool Apply(const Rule& rule, Event* event, const std::function<const std::vector<bool>&()>& said);
  std::vector<Rule> rules_;
  StringMap<uint32_t> word_ids_;  // folded word -> its number
  // The rules by the first two digits of their prefix (a CAMEO root), in
  // file order: an event is tried against its root's only. Empty when a
  // prefix is shorter (every rule is tried then).
  StringMap<std::vector<uint32_t>> by_root_;
};

}  // namespace vigie
