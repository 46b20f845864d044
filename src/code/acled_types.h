// ACLED types from an event's actors (data/code/acled_rules.txt): the last
// step of coding, after the codebook gave each CAMEO code its default.
#pragma once

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
  // Sets the event's ACLED type from the first rule that fits, and names
  // the rule in its evidence; returns false when none fits.
  bool Refine(Event* event) const;

 private:
  struct Rule {
    std::string prefix, source, target, type, subtype, where;
  };
  static bool Fits(const std::string& who, const EventActor& actor);
  std::vector<Rule> rules_;
};

}  // namespace vigie
