// Loading and matching the extract stage's knowledge files.
//
// All boilerplate rules are compiled into one RE2::Set, so each line of an
// article is tested against every rule in a single pass. Byline rules are
// few and ordered; they are tried one by one on short lines only.
#include "extract/knowledge.h"

#include "base/data_file.h"
#include "base/utf8.h"

namespace vigie {

namespace {

RE2::Options PatternOptions(bool case_sensitive) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(case_sensitive);
  o.set_log_errors(false);
  return o;
}

}  // namespace

const RE2* BylineRule::re() const {
  std::call_once(compiled_, [this] {
    re_ = std::make_unique<RE2>(pattern, PatternOptions(true));
    if (!re_->ok()) re_.reset();
  });
  return re_.get();
}

Status ExtractKnowledge::AddBoilerplate(const DataLine& line) {
  if (line.fields.size() < 2) return line.Error("expected: reason  pattern");
  // The pattern is everything after the reason, spaces included.
  std::string_view pattern = utf8::Trim(line.text.substr(line.fields[0].size()));
  std::string error;
  if (boilerplate_set_->Add(pattern, &error) < 0) return line.Error("bad pattern: " + error);
  boilerplate_.push_back({std::string(line.fields[0]), line.Where(), pattern.starts_with("^")});
  return Status::Ok();
}

Status ExtractKnowledge::AddAgency(const DataLine& line) {
  if (line.fields.size() != 3) return line.Error("expected: id  name  alias|alias");
  Agency a{std::string(line.fields[0]), std::string(line.fields[1]), {}};
  std::string_view aliases = line.fields[2];
  while (!aliases.empty()) {
    size_t bar = aliases.find('|');
    std::string_view alias = utf8::Trim(aliases.substr(0, bar));
    if (alias.empty()) return line.Error("empty alias");
    a.aliases.emplace_back(alias);
    if (bar == std::string_view::npos) break;
    aliases.remove_prefix(bar + 1);
  }
  agencies_.push_back(std::move(a));
  return Status::Ok();
}

std::string ExtractKnowledge::AgencyAlternation() const {
  // Every alias, longest first so "Agence France-Presse" wins over "AFP".
  std::vector<std::string> names;
  for (const Agency& a : agencies_)
    for (const std::string& alias : a.aliases) names.push_back(alias);
  std::sort(names.begin(), names.end(),
            [](const std::string& x, const std::string& y) { return x.size() > y.size(); });
  std::string alternation = "(?:";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) alternation += '|';
    alternation += RE2::QuoteMeta(names[i]);
  }
  return alternation + ")";
}

Status ExtractKnowledge::AddByline(const DataLine& line, const std::string& agency_alternation) {
  if (line.fields.size() < 2) return line.Error("expected: kind  pattern");
  auto rule = std::make_unique<BylineRule>();
  if (line.fields[0] == "byline") {
    rule->kind = BylineRule::Kind::kByline;
  } else if (line.fields[0] == "dateline") {
    rule->kind = BylineRule::Kind::kDateline;
    if (line.text.find("\\(") == std::string_view::npos) datelines_need_paren_ = false;
  } else if (line.fields[0] == "published") {
    rule->kind = BylineRule::Kind::kPublished;
  } else if (line.fields[0] == "updated") {
    rule->kind = BylineRule::Kind::kUpdated;
  } else {
    return line.Error("kind must be byline, dateline, published or updated, not '" +
                      std::string(line.fields[0]) + "'");
  }
  std::string pattern(utf8::Trim(line.text.substr(line.fields[0].size())));
  for (size_t at; (at = pattern.find("{agency}")) != std::string::npos;)
    pattern.replace(at, 8, agency_alternation);
  // An optional time of day after a date: "à 21h47", "at 10:05 GMT", ", 8.30am".
  static const std::string kTime =
      R"((?:\s*(?:,|-|à|a|at)?\s*\d{1,2}\s*(?:h|:|\.)\s*\d{2}(?:\s*(?i:am|pm))?(?:\s*(?:GMT|UTC|CET|CEST|[A-Z]{2,4}(?:[+-]\d{1,2})?))?)?)";
  for (size_t at; (at = pattern.find("{time}")) != std::string::npos;) pattern.replace(at, 6, kTime);
  rule->where = line.Where();
  // The syntax, without compiling the automaton: RE2::Set::Add parses only.
  {
    RE2::Set syntax(PatternOptions(true), RE2::UNANCHORED);
    std::string error;
    if (syntax.Add(pattern, &error) < 0) return line.Error("bad pattern: " + error);
  }
  auto has_group = [&](std::string_view name) {
    return pattern.find("(?P<" + std::string(name) + ">") != std::string::npos;
  };
  const bool dated = has_group("day") || has_group("month") || has_group("year");
  if (dated && !(has_group("day") && has_group("month")))
    return line.Error("a pattern that reads a date needs both (?P<day>...) and (?P<month>...)");
  if ((rule->kind == BylineRule::Kind::kPublished || rule->kind == BylineRule::Kind::kUpdated) && !dated)
    return line.Error("a " + std::string(line.fields[0]) + " pattern must read (?P<day>...) and (?P<month>...)");
  if (rule->kind == BylineRule::Kind::kPublished || rule->kind == BylineRule::Kind::kUpdated) {
    std::string error;
    if (statement_set_->Add(pattern, &error) < 0) return line.Error("bad pattern: " + error);
    has_statements_ = true;
  }
  rule->pattern = std::move(pattern);
  bylines_.push_back(std::move(rule));
  return Status::Ok();
}

Status ExtractKnowledge::Compile() {
  if (!boilerplate_set_->Compile())
    return Status(ErrorCode::kBadDataFile, "extract/boilerplate.txt: patterns do not compile");
  return Status::Ok();
}

Result<std::shared_ptr<const ExtractKnowledge>> ExtractKnowledge::Build(const DataSource& read) {
  auto k = std::make_shared<ExtractKnowledge>();
  k->boilerplate_set_ = std::make_unique<RE2::Set>(PatternOptions(false), RE2::UNANCHORED);
  k->statement_set_ = std::make_unique<RE2::Set>(PatternOptions(true), RE2::UNANCHORED);
  ExtractKnowledge* p = k.get();
  Status s = read("extract/boilerplate.txt", [p](const DataLine& l) { return p->AddBoilerplate(l); });
  if (s.ok()) s = p->Compile();
  if (s.ok()) s = read("extract/agencies.txt", [p](const DataLine& l) { return p->AddAgency(l); });
  const std::string alternation = p->AgencyAlternation();
  if (s.ok())
    s = read("extract/bylines.txt", [&](const DataLine& l) { return p->AddByline(l, alternation); });
  if (s.ok())
    s = read("extract/html_cues.txt", [p](const DataLine& l) { return p->html_cues_.Add(l); });
  if (!s.ok()) return s;
  return std::shared_ptr<const ExtractKnowledge>(std::move(k));
}

Result<std::shared_ptr<const ExtractKnowledge>> ExtractKnowledge::FromText(
    std::string_view boilerplate, std::string_view agencies, std::string_view bylines,
    std::string_view html_cues) {
  return Build(DataInMemory({{"extract/boilerplate.txt", std::string(boilerplate)},
                             {"extract/agencies.txt", std::string(agencies)},
                             {"extract/bylines.txt", std::string(bylines)},
                             {"extract/html_cues.txt", std::string(html_cues)}}));
}

Result<std::shared_ptr<const ExtractKnowledge>> ExtractKnowledge::Load(const std::string& data_dir) {
  return Build(DataDirectory(data_dir));
}

const BoilerplateRule* ExtractKnowledge::MatchBoilerplate(std::string_view line) const {
  // Past 400 bytes only anchored rules count, and they are decided by the
  // line's start: scan a prefix (cut on a character boundary).
  std::string_view scanned = line;
  if (scanned.size() > 400) {
    size_t cut = 400;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    scanned = line.substr(0, cut);
  }
  std::vector<int> hits;
  if (!boilerplate_set_->Match(scanned, &hits)) return nullptr;
  const BoilerplateRule* best = nullptr;
  for (int i : hits) {
    const BoilerplateRule& r = boilerplate_[static_cast<size_t>(i)];
    if (line.size() > 400 && !r.anchored) continue;
    if (best == nullptr || &r < best) best = &r;  // the earliest rule in the file
  }
  return best;
}

bool ExtractKnowledge::Match(BylineRule::Kind kind, std::string_view text,
                             BylineMatch* out) const {
  for (const auto& r : bylines_) {
    const BylineRule& rule = *r;
    if (rule.kind != kind || rule.re() == nullptr) continue;
    const RE2& re = *rule.re();
    // A first pass without submatches runs on RE2's fast DFA.
    if (!RE2::PartialMatch(text, re)) continue;
    int n = re.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
    if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(), n)) continue;
    ReadGroups(rule, text, groups.data(), out);
    return true;
  }
  return false;
}

void ExtractKnowledge::ReadGroups(const BylineRule& rule, std::string_view text,
                                  const re2::StringPiece* groups, BylineMatch* out) const {
  *out = BylineMatch();
  out->where = rule.where;
  out->updated = rule.kind == BylineRule::Kind::kUpdated;
  out->begin = static_cast<size_t>(groups[0].data() - text.data());
  out->end = out->begin + groups[0].size();
  auto number = [](const std::string& v) {
    if (v.empty() || v.size() > 4) return 0;
    int n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return 0;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  for (const auto& [name, index] : rule.re()->NamedCapturingGroups()) {
    const re2::StringPiece& g = groups[static_cast<size_t>(index)];
    if (g.data() == nullptr) continue;
    std::string value(utf8::Trim(std::string_view(g.data(), g.size())));
    if (name == "outlet") out->outlet = value;
    else if (name == "author") out->author = value;
    else if (name == "agency") out->agency = AgencyId(value);
    else if (name == "day") out->day = number(value);
    else if (name == "year") {
      out->year = number(value);
      if (value.size() == 2) out->year += 2000;
    } else if (name == "month") {
      out->month = number(value);
      if (out->month == 0) {
        std::string lower = utf8::Lower(value);
        if (!lower.empty() && lower.back() == '.') lower.pop_back();
        out->month = html_cues_.Month(lower);
      }
    }
  }
  if (out->month < 1 || out->month > 12 || out->day < 1 || out->day > 31) out->month = out->day = 0;
}

bool ExtractKnowledge::MatchDateStatement(std::string_view line, size_t from, BylineMatch* out) const {
  if (from >= line.size() || !has_statements_) return false;
  // A statement has a day in digits: most lines are out at once.
  if (line.substr(from).find_first_of("0123456789") == std::string_view::npos) return false;
  std::call_once(statements_compiled_, [this] { statements_ok_ = statement_set_->Compile(); });
  std::vector<int> hits;
  if (!statements_ok_ || !statement_set_->Match(line.substr(from), &hits)) return false;
  for (const auto& r : bylines_) {
    const BylineRule& rule = *r;
    if (rule.kind != BylineRule::Kind::kPublished && rule.kind != BylineRule::Kind::kUpdated) continue;
    if (rule.re() == nullptr) continue;
    const RE2& re = *rule.re();
    // Most lines state no date: the DFA pass without submatches says so.
    if (!RE2::PartialMatch(line.substr(from), re)) continue;
    int n = re.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
    if (!re.Match(line, from, line.size(), RE2::UNANCHORED, groups.data(), n)) continue;
    ReadGroups(rule, line, groups.data(), out);
    if (out->month == 0) continue;
    return true;
  }
  return false;
}

bool ExtractKnowledge::MatchByline(std::string_view line, BylineMatch* out) const {
  return line.size() <= 120 && Match(BylineRule::Kind::kByline, line, out);
}

bool ExtractKnowledge::MatchDateline(std::string_view paragraph, BylineMatch* out) const {
  const std::string_view start = paragraph.substr(0, 120);
  if (datelines_need_paren_ && start.find('(') == std::string_view::npos) return false;
  return Match(BylineRule::Kind::kDateline, start, out);
}

bool ExtractKnowledge::IsAgency(std::string_view name) const {
  for (const Agency& a : agencies_)
    for (const std::string& alias : a.aliases)
      if (alias == name) return true;
  return false;
}

std::string ExtractKnowledge::AgencyId(std::string_view name) const {
  for (const Agency& a : agencies_)
    for (const std::string& alias : a.aliases)
      if (alias == name) return a.id;
  return std::string(name);
}

}  // namespace vigie
