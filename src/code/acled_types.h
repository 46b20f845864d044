// ACLED types from an event's actors (data/code/acled_rules.txt): the last
// step of coding, after the codebook gave each CAMEO code its default.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "code/codebook.h"
#include "doc/document.h"

namespace vigie {

class AcledRules {
 public:
  // Reads code/acled_rules.txt; every type must be one of the codebook's.
  static Result<AcledRules> Read(const DataSource& read, const Codebook& codebook);
  // Sets the event's ACLED type from the first rule that fits; returns
  // false when none fits. `said` tells whether a folded word (lemma or form)
  // is in the event's sentence.
  bool Refine(Event* event, const std::function<bool(const std::string&)>& said) const;

 private:
  struct Rule {
    std::string prefix, source, target, type, subtype, where;
    // Lists of words: one word of each list must be in the sentence.
    std::vector<std::vector<std::string>> words;
  };
  static bool Fits(const std::string& who, const EventActor& actor);
  std::vector<Rule> rules_;
};

}  // namespace vigie
