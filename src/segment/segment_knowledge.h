// What the segment stage knows, loaded from data/segment/: abbreviations
// (a period that ends no sentence) and clitics (elisions, enclitics and
// English suffixes split off words).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"

namespace vigie {

struct LanguageSegmentation {
  std::set<std::string, std::less<>> abbreviations;  // "M.", "etc."
  // Abbreviations that keep their period but may end a sentence, as a
  // state after a town does ("in Nashville, Tenn. The"): listed `may-end`.
  std::set<std::string, std::less<>> final_abbreviations;
  std::vector<std::string> elisions;                 // "l", "qu" (lower case)
  std::vector<std::string> enclitics;                // "-t-il", longest first
  std::vector<std::string> suffixes;                 // "n't", "'s", longest first
};

class SegmentKnowledge {
 public:
  static Result<std::shared_ptr<const SegmentKnowledge>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const SegmentKnowledge>> FromText(
      std::string_view abbreviations, std::string_view clitics);
  // Rules for a language; an empty set for languages without data.
  const LanguageSegmentation& For(std::string_view lang) const;

 private:
  static Result<std::shared_ptr<const SegmentKnowledge>> Build(const DataSource& read);
  Status Parse(const DataSource& read);
  std::vector<std::pair<std::string, LanguageSegmentation>> langs_;
  LanguageSegmentation none_;
};

}  // namespace vigie
