// Reading vigie's knowledge files.
//
// Every dictionary, lexicon and pattern file under data/ is line-oriented
// UTF-8: '#' starts a comment, blank lines are ignored, fields are separated
// by a TAB or by two or more spaces, so a linguist can align columns freely.
// A bad line stops start-up with "file:line: reason" (RE2's habit of
// pointing at the offending input).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"

namespace vigie {

struct DataLine {
  std::string_view file;            // path as given
  int number = 0;                   // 1-based line number
  std::vector<std::string_view> fields;
  std::string_view text;            // the whole line without comment

  // "file:line" for evidence and error messages.
  std::string Where() const;
  // A kBadDataFile status naming file, line and reason.
  Status Error(std::string_view reason) const;
};

// Calls visit for every non-empty line of root/relative; stops at the first
// non-ok status (from the reader or from visit) and returns it. Lines are
// named by the relative path ("extract/boilerplate.txt:12", as evidence
// shows them); errors name the full path so the file can be opened.
Status ReadDataFile(const std::string& root, const std::string& relative,
                    const std::function<Status(const DataLine&)>& visit);

// Same over text already in memory (used by tests and fuzzers).
Status ReadDataText(std::string_view file, std::string_view text,
                    const std::function<Status(const DataLine&)>& visit);

using DataVisitor = std::function<Status(const DataLine&)>;

// Where knowledge files come from: a function that reads the file named
// relative to data/ ("extract/boilerplate.txt") line by line.
using DataSource = std::function<Status(const std::string& relative, const DataVisitor&)>;
// Files under a data/ folder on disk (errors name the full path).
DataSource DataDirectory(std::string root);
// Files given as texts (tests, fuzzing); a file not given is empty.
DataSource DataInMemory(std::map<std::string, std::string> files);

// A file of cue words, one list per line: "kind  lang  word word ...", the
// words folded (lower case, no accents). Kinds are the ones a stage names;
// any other kind is an error at its line.
//   cue_lists[lang][kind] = {folded words}
using CueLists = std::map<std::string, std::map<std::string, std::unordered_set<std::string>>>;
Result<CueLists> ReadCueLists(const DataSource& read, const std::string& relative,
                              const std::vector<std::string>& kinds);

// The same, straight into one struct per language: each kind is named once,
// with the member of Words that holds its words.
//   ReadCues<Cues>(read, "code/cues.txt", {{"report", &Cues::report}, ...})
template <typename Words>
using CueField = std::pair<const char*, std::unordered_set<std::string> Words::*>;
template <typename Words>
Result<std::map<std::string, Words>> ReadCues(const DataSource& read, const std::string& relative,
                                              const std::vector<CueField<Words>>& fields) {
  std::vector<std::string> kinds;
  for (const auto& [name, member] : fields) kinds.push_back(name);
  auto lists = ReadCueLists(read, relative, kinds);
  if (!lists.ok()) return lists.status();
  std::map<std::string, Words> by_language;
  for (auto& [lang, words] : *lists)
    for (const auto& [name, member] : fields) by_language[lang].*member = std::move(words[name]);
  return by_language;
}

// Reads a whole file; kIoError when it cannot.
Result<std::string> ReadFile(const std::string& path);

}  // namespace vigie
