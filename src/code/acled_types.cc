// ACLED types from actors; see acled_types.h.
#include "code/acled_types.h"

#include <algorithm>

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr std::string_view kKinds[] = {"*", "state", "nonstate", "armed", "civil"};
constexpr std::string_view kSectors[] = {"GOV", "MIL", "COP", "REB", "OPP", "PRO", "CVL", "REF",
                                         "PTY", "JUD", "MED", "SPY", "LEG"};

bool Known(std::string_view who) {
  return std::find(std::begin(kKinds), std::end(kKinds), who) != std::end(kKinds) ||
         std::find(std::begin(kSectors), std::end(kSectors), who) != std::end(kSectors);
}

// The trimmed pieces of a field between separators ("a|b", "a|b & c").
std::vector<std::string_view> Split(std::string_view text, char by) {
  std::vector<std::string_view> out;
  for (size_t b = 0; b <= text.size();) {
    const size_t e = std::min(text.find(by, b), text.size());
    out.push_back(utf8::Trim(text.substr(b, e - b)));
    b = e + 1;
  }
  return out;
}

}  // namespace

Result<AcledRules> AcledRules::Read(const DataSource& read, const Codebook& codebook) {
  AcledRules rules;
  Status s = read("code/acled_rules.txt", [&](const DataLine& line) -> Status {
    if (line.fields.size() != 5 && line.fields.size() != 6)
      return line.Error("expected: cameo-prefix, source, target, event-type, sub-event-type, [words]");
    Rule r{std::string(line.fields[0]), std::string(line.fields[1]), std::string(line.fields[2]),
           std::string(line.fields[3]), std::string(line.fields[4]), line.Where(), {}};
    if (line.fields.size() == 6) {
      for (std::string_view list : Split(line.fields[5], '&')) {
        std::vector<uint32_t> words;
        for (std::string_view w : Split(list, '|'))
          if (!w.empty())
            words.push_back(rules.word_ids_.try_emplace(utf8::Fold(w), static_cast<uint32_t>(rules.word_ids_.size()))
                                .first->second);
        if (words.empty()) return line.Error("empty word list");
        r.words.push_back(std::move(words));
      }
    }
    if (codebook.Find(r.prefix) == nullptr) return line.Error("CAMEO code " + r.prefix + " is not in code/cameo.txt");
    for (const std::string& who : {r.source, r.target})
      if (!Known(who)) return line.Error("'" + who + "' is not an actor kind (*, state, nonstate, armed, civil or a sector)");
    bool found = false;
    for (const AcledType& t : codebook.acled_types())
      if (t.event_type == r.type)
        found = std::find(t.subtypes.begin(), t.subtypes.end(), r.subtype) != t.subtypes.end();
    if (!found) return line.Error("'" + r.type + " / " + r.subtype + "' is not an ACLED type of code/acled.txt");
    rules.rules_.push_back(std::move(r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  for (uint32_t i = 0; i < rules.rules_.size(); ++i) {
    const std::string& prefix = rules.rules_[i].prefix;
    if (prefix.size() < 2) {
      rules.by_root_.clear();
      break;
    }
    rules.by_root_[prefix.substr(0, 2)].push_back(i);
  }
  return rules;
}

bool AcledRules::Fits(const std::string& who, const EventActor& a) {
  if (who == "*") return true;
  // State forces need no country: "government forces", "the army".
  const bool state_sector = a.sector == "GOV" || a.sector == "MIL" || a.sector == "COP" || a.sector == "SPY";
  if (who == "state") return a.group.empty() && (state_sector || (a.sector.empty() && !a.country.empty()));
  // A group is non-state whatever country it is said to be of.
  if (who == "nonstate") return !a.group.empty() || a.sector == "REB";
  if (who == "armed") return !a.group.empty() || a.sector == "MIL" || a.sector == "COP" || a.sector == "REB";
  if (who == "civil") return a.sector == "CVL" || a.sector == "REF" || a.sector == "MED" || a.sector == "PRO";
  return a.sector == who;
}

void AcledRules::MarkWord(std::string_view folded, std::vector<bool>* marks) const {
  if (auto it = word_ids_.find(folded); it != word_ids_.end()) (*marks)[it->second] = true;
}

bool AcledRules::Refine(Event* e, const std::function<const std::vector<bool>&()>& said) const {
  if (!by_root_.empty()) {
    // A rule's prefix begins with its root: only the event's root's rules can fit.
    const auto root = by_root_.find(std::string_view(e->cameo).substr(0, 2));
    if (root == by_root_.end()) return false;
    for (uint32_t i : root->second)
      if (Apply(rules_[i], e, said)) return true;
    return false;
  }
  for (const Rule& r : rules_)
    if (Apply(r, e, said)) return true;
  return false;
}

// Whether rule r fits the event; if so, the event takes its type.
bool AcledRules::Apply(const Rule& r, Event* e, const std::function<const std::vector<bool>&()>& said) {
  if (!e->cameo.starts_with(r.prefix) || !Fits(r.source, e->source) || !Fits(r.target, e->target)) return false;
  auto heard = [&](const std::vector<uint32_t>& words) {
    const std::vector<bool>& marks = said();
    return std::any_of(words.begin(), words.end(), [&](uint32_t w) { return marks[w]; });
  };
  if (!std::all_of(r.words.begin(), r.words.end(), heard)) return false;
  e->acled_type = r.type;
  e->acled_subtype = r.subtype;
  return true;
}

}  // namespace vigie
