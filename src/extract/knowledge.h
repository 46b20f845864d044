// What the extract stage knows, loaded from data/extract/: boilerplate line
// rules, news agencies, byline and dateline patterns. Immutable once built
// and shared by every thread's stage instance.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "extract/html/cues.h"

namespace vigie {

struct BoilerplateRule {
  std::string reason;
  std::string where;  // file:line
  bool anchored = false;
};

struct Agency {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
};

// A byline, dateline or date-statement pattern. Its syntax is checked when
// the file is read; the automaton is compiled on first use (compiling every
// pattern at start cost about half of vigie's start-up), once for every
// thread.
struct BylineRule {
  enum class Kind { kByline, kDateline, kPublished, kUpdated } kind;
  std::string where;
  std::string pattern;
  // The compiled pattern; nullptr when RE2 cannot compile it (over its
  // memory budget), and the rule never matches.
  const RE2* re() const;

 private:
  mutable std::once_flag compiled_;
  mutable std::unique_ptr<RE2> re_;
};

// What a byline or dateline says.
struct BylineMatch {
  std::string outlet, author, agency;  // agency as its id ("AFP")
  std::string where;
  // The day it gives (groups day, month, year): month 0 when none, year 0
  // when the text writes none ("LAGOS, Nov 3 (Reuters)"). The date is not
  // checked here beyond month 1-12 and day 1-31.
  int year = 0, month = 0, day = 0;
  bool updated = false;       // an update statement ("Mis à jour le"), not the publication
  size_t begin = 0, end = 0;  // the bytes the rule matched, in the text given
};

class ExtractKnowledge {
 public:
  // Loads extract/boilerplate.txt, agencies.txt, bylines.txt and
  // html_cues.txt from data_dir.
  static Result<std::shared_ptr<const ExtractKnowledge>> Load(const std::string& data_dir);
  // Same from text in memory (tests and fuzzing).
  static Result<std::shared_ptr<const ExtractKnowledge>> FromText(
      std::string_view boilerplate, std::string_view agencies, std::string_view bylines,
      std::string_view html_cues = {});

  // The boilerplate rule a line matches, or nullptr.
  const BoilerplateRule* MatchBoilerplate(std::string_view line) const;
  // Byline rules on a whole short line; dateline rules on a paragraph start.
  bool MatchByline(std::string_view line, BylineMatch* out) const;
  bool MatchDateline(std::string_view paragraph, BylineMatch* out) const;
  // A statement of the publication (kPublished) or update (kUpdated) day
  // somewhere in a short line ("Publié le 31/01/2022 à 21h47", "Updated on
  // March 4, 2024"), searched from byte `from`; true only when it gives a
  // day and month.
  bool MatchDateStatement(std::string_view line, size_t from, BylineMatch* out) const;
  // The agency id for a name as written ("Agence France-Presse" -> "AFP").
  std::string AgencyId(std::string_view name) const;
  // True when name is a listed agency alias.
  bool IsAgency(std::string_view name) const;
  // Class/id cues, dropped elements, date fields and tunables of HTML pages.
  const html::HtmlCues& html_cues() const { return html_cues_; }

 private:
  static Result<std::shared_ptr<const ExtractKnowledge>> Build(const DataSource& read);
  Status AddBoilerplate(const DataLine& line);
  Status AddAgency(const DataLine& line);
  Status AddByline(const DataLine& line, const std::string& agency_alternation);
  Status Compile();
  std::string AgencyAlternation() const;
  bool Match(BylineRule::Kind kind, std::string_view text, BylineMatch* out) const;
  // Fills out from the named groups of rule's match (groups[0] is the whole).
  void ReadGroups(const BylineRule& rule, std::string_view text, const re2::StringPiece* groups,
                  BylineMatch* out) const;

  std::unique_ptr<RE2::Set> boilerplate_set_;
  // Every published/updated pattern in one set: one DFA pass tells whether
  // a line states a date at all, before the rules are tried one by one.
  // Compiled on first use, like the rules.
  std::unique_ptr<RE2::Set> statement_set_;
  bool has_statements_ = false;
  mutable std::once_flag statements_compiled_;
  mutable bool statements_ok_ = false;
  // Every dateline rule needs a literal "(" ("(AFP)"): a paragraph whose
  // start has none is out without running them.
  bool datelines_need_paren_ = true;
  std::vector<BoilerplateRule> boilerplate_;
  std::vector<Agency> agencies_;
  std::vector<std::unique_ptr<BylineRule>> bylines_;
  html::HtmlCues html_cues_;
};

}  // namespace vigie
