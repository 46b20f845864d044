// Loading data/segment/abbreviations.txt and clitics.txt.
#include "segment/segment_knowledge.h"

#include <algorithm>

#include "base/data_file.h"
#include "base/utf8.h"

namespace vigie {

const LanguageSegmentation& SegmentKnowledge::For(std::string_view lang) const {
  for (const auto& [code, rules] : langs_)
    if (code == lang) return rules;
  return none_;
}

Status SegmentKnowledge::Parse(const DataSource& read) {
  auto rules_for = [&](std::string_view lang) -> LanguageSegmentation& {
    for (auto& [code, rules] : langs_)
      if (code == lang) return rules;
    langs_.emplace_back(std::string(lang), LanguageSegmentation());
    return langs_.back().second;
  };
  auto check_lang = [](const DataLine& line) -> Status {
    std::string_view lang = line.fields[0];
    if (lang.size() != 2 || !std::all_of(lang.begin(), lang.end(),
                                         [](char c) { return c >= 'a' && c <= 'z'; }))
      return line.Error("language must be a two-letter code, not '" + std::string(lang) + "'");
    return Status::Ok();
  };
  Status s = read("segment/abbreviations.txt", [&](const DataLine& line) -> Status {
    if (line.fields.size() != 2 && line.fields.size() != 3)
      return line.Error("expected: lang  abbreviation  [may-end]");
    if (Status c = check_lang(line); !c.ok()) return c;
    if (!line.fields[1].ends_with("."))
      return line.Error("an abbreviation ends with its period");
    if (line.fields.size() == 3 && line.fields[2] != "may-end")
      return line.Error("the third field can only be may-end");
    LanguageSegmentation& r = rules_for(line.fields[0]);
    (line.fields.size() == 3 ? r.final_abbreviations : r.abbreviations).emplace(line.fields[1]);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  s = read("segment/clitics.txt", [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3) return line.Error("expected: lang  kind  form");
    if (Status c = check_lang(line); !c.ok()) return c;
    LanguageSegmentation& r = rules_for(line.fields[0]);
    std::string form(line.fields[2]);
    if (line.fields[1] == "elision") {
      if (utf8::Lower(form) != form) return line.Error("write elisions in lower case");
      r.elisions.push_back(form);
    } else if (line.fields[1] == "enclitic") {
      if (!form.starts_with("-")) return line.Error("an enclitic starts with its hyphen");
      r.enclitics.push_back(form);
    } else if (line.fields[1] == "suffix") {
      r.suffixes.push_back(form);
    } else {
      return line.Error("kind must be elision, enclitic or suffix");
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  auto longest_first = [](const std::string& a, const std::string& b) {
    return a.size() > b.size();
  };
  for (auto& [code, r] : langs_) {
    std::stable_sort(r.elisions.begin(), r.elisions.end(), longest_first);
    std::stable_sort(r.enclitics.begin(), r.enclitics.end(), longest_first);
    std::stable_sort(r.suffixes.begin(), r.suffixes.end(), longest_first);
  }
  return Status::Ok();
}

Result<std::shared_ptr<const SegmentKnowledge>> SegmentKnowledge::Build(const DataSource& read) {
  auto k = std::make_shared<SegmentKnowledge>();
  Status s = k->Parse(read);
  if (!s.ok()) return s;
  return std::shared_ptr<const SegmentKnowledge>(std::move(k));
}

Result<std::shared_ptr<const SegmentKnowledge>> SegmentKnowledge::FromText(
    std::string_view abbreviations, std::string_view clitics) {
  return Build(DataInMemory({{"segment/abbreviations.txt", std::string(abbreviations)},
                             {"segment/clitics.txt", std::string(clitics)}}));
}

Result<std::shared_ptr<const SegmentKnowledge>> SegmentKnowledge::Load(const std::string& data_dir) {
  return Build(DataDirectory(data_dir));
}

}  // namespace vigie
