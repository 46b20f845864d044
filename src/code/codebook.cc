// Loading and checking the codebook; see codebook.h.
//
// The four files are read in order: cameo.txt (codes, each after its root
// and parent), plover.txt and acled.txt (the type lists), then mapping.txt,
// whose rules may only name codes and types already read. Each rule is then
// given to the codes it covers, the longest prefix winning, so a look-up is
// one map search.
#include "code/codebook.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace vigie {

namespace {

constexpr const char* kCameoFile = "code/cameo.txt";
constexpr const char* kPloverFile = "code/plover.txt";
constexpr const char* kAcledFile = "code/acled.txt";
constexpr const char* kMappingFile = "code/mapping.txt";

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "-3.5", "10", "+4.0": a plain decimal number, nothing else.
bool ParseDecimal(std::string_view s, double* out) {
  std::string_view body = s;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  size_t dot = body.find('.');
  std::string_view whole = body.substr(0, dot);
  if (!AllDigits(whole)) return false;
  if (dot != std::string_view::npos && !AllDigits(body.substr(dot + 1))) return false;
  if (s[0] == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool IsTypeName(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

Result<std::shared_ptr<const Codebook>> Codebook::Load(const std::string& data_dir) {
  return Build(DataDirectory(data_dir));
}

Result<std::shared_ptr<const Codebook>> Codebook::FromTexts(
    std::map<std::string, std::string> files) {
  return Build(DataInMemory(std::move(files)));
}

Result<std::shared_ptr<const Codebook>> Codebook::Build(const DataSource& read) {
  auto book = std::make_shared<Codebook>();
  Status s = book->ReadCameo(read);
  if (s.ok()) s = book->ReadPlover(read);
  if (s.ok()) s = book->ReadAcled(read);
  if (s.ok()) s = book->ReadMapping(read);
  if (!s.ok()) return s;
  return std::shared_ptr<const Codebook>(std::move(book));
}

Status Codebook::ReadCameo(const DataSource& read) {
  std::map<std::string, CameoEntry, std::less<>> codes;
  Status s = read(kCameoFile, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 4) return line.Error("expected: code  goldstein  quad  label");
    std::string_view code = line.fields[0];
    if (!AllDigits(code) || code.size() < 2 || code.size() > 4)
      return line.Error("code " + Quote(code) + " is not 2 to 4 digits");
    if (auto it = codes.find(code); it != codes.end())
      return line.Error("code " + Quote(code) + " already listed at " + it->second.where);
    CameoEntry e;
    e.code = std::string(code);
    e.root = e.code.substr(0, 2);
    e.label = std::string(line.fields[3]);
    e.where = line.Where();
    int root_number = (code[0] - '0') * 10 + (code[1] - '0');
    if (root_number < 1 || root_number > 20)
      return line.Error("unknown root " + Quote(e.root) + ": CAMEO roots are 01 to 20");
    if (!ParseDecimal(line.fields[1], &e.goldstein) || !std::isfinite(e.goldstein))
      return line.Error("Goldstein value " + Quote(line.fields[1]) + " is not a number");
    if (e.goldstein < -10 || e.goldstein > 10)
      return line.Error("Goldstein value " + Quote(line.fields[1]) + " is outside -10..10");
    std::string_view quad = line.fields[2];
    if (quad.size() != 1 || quad[0] < '1' || quad[0] > '4')
      return line.Error("quad class " + Quote(quad) + " is not 1, 2, 3 or 4");
    e.quad_class = quad[0] - '0';
    if (code.size() > 2) {
      auto root = codes.find(e.root);
      if (root == codes.end())
        return line.Error("root " + Quote(e.root) + " of code " + Quote(code) +
                          " is not listed above it");
      if (root->second.quad_class != e.quad_class)
        return line.Error("quad class " + std::to_string(e.quad_class) + " differs from root " +
                          e.root + "'s (" + std::to_string(root->second.quad_class) + ")");
    }
    if (code.size() == 4 && !codes.count(code.substr(0, 3)))
      return line.Error("parent " + Quote(code.substr(0, 3)) + " of code " + Quote(code) +
                        " is not listed above it");
    codes.emplace(e.code, std::move(e));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (codes.empty()) return Status(ErrorCode::kBadDataFile, std::string(kCameoFile) + ": no codes");
  for (auto& [code, e] : codes) {
    index_.emplace(code, entries_.size());
    entries_.push_back(std::move(e));
  }
  return Status::Ok();
}

Status Codebook::ReadPlover(const DataSource& read) {
  Status s = read(kPloverFile, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3) return line.Error("expected: type  earlier-names|-  description");
    PloverType t;
    t.name = std::string(line.fields[0]);
    t.description = std::string(line.fields[2]);
    t.where = line.Where();
    std::vector<std::string_view> names = {line.fields[0]};
    if (line.fields[1] != "-") {
      std::string_view rest = line.fields[1];
      while (true) {
        size_t bar = rest.find('|');
        names.push_back(rest.substr(0, bar));
        t.aliases.emplace_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
    }
    for (std::string_view n : names) {
      if (!IsTypeName(n)) return line.Error("PLOVER name " + Quote(n) + " is not in capitals");
      if (!plover_names_.emplace(std::string(n), t.name).second)
        return line.Error("PLOVER name " + Quote(n) + " is listed twice");
    }
    plover_.push_back(std::move(t));
    return Status::Ok();
  });
  if (s.ok() && plover_.empty())
    return Status(ErrorCode::kBadDataFile, std::string(kPloverFile) + ": no types");
  return s;
}

Status Codebook::ReadAcled(const DataSource& read) {
  Status s = read(kAcledFile, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3)
      return line.Error("expected: event-type  sub-event-type|-  description");
    std::string_view type = line.fields[0], sub = line.fields[1];
    if (type == "-") return line.Error("the event type cannot be '-'");
    auto it = std::find_if(acled_.begin(), acled_.end(),
                           [&](const AcledType& a) { return a.event_type == type; });
    if (sub == "-") {
      if (it != acled_.end()) return line.Error("event type " + Quote(type) + " is listed twice");
      acled_.push_back({std::string(type), std::string(line.fields[2]), {}});
      return Status::Ok();
    }
    if (it == acled_.end())
      return line.Error("event type " + Quote(type) + " is not declared above (with '-')");
    if (std::find(it->subtypes.begin(), it->subtypes.end(), sub) != it->subtypes.end())
      return line.Error("sub-event type " + Quote(sub) + " is listed twice");
    it->subtypes.emplace_back(sub);
    return Status::Ok();
  });
  if (s.ok() && acled_.empty())
    return Status(ErrorCode::kBadDataFile, std::string(kAcledFile) + ": no event types");
  return s;
}

Status Codebook::ReadMapping(const DataSource& read) {
  struct Rule {
    std::string plover, acled_type, acled_subtype, where;
  };
  std::map<std::string, Rule, std::less<>> rules;
  Status s = read(kMappingFile, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 4)
      return line.Error("expected: cameo-prefix  plover|-  acled-type|-  acled-sub-type|-");
    std::string_view prefix = line.fields[0];
    if (Find(prefix) == nullptr)
      return line.Error("CAMEO code " + Quote(prefix) + " is not in " + kCameoFile);
    if (auto it = rules.find(prefix); it != rules.end())
      return line.Error("code " + Quote(prefix) + " already has a rule at " + it->second.where);
    Rule r;
    r.where = line.Where();
    if (line.fields[1] != "-") {
      auto it = plover_names_.find(line.fields[1]);
      if (it == plover_names_.end())
        return line.Error("unknown PLOVER type " + Quote(line.fields[1]));
      if (it->second != line.fields[1])
        return line.Error("PLOVER type " + Quote(line.fields[1]) + " is an earlier name: write " +
                          it->second);
      r.plover = it->second;
    }
    std::string_view type = line.fields[2], sub = line.fields[3];
    if (type == "-") {
      if (sub != "-") return line.Error("an ACLED sub-event type needs its event type");
    } else {
      if (!IsAcled(type, ""))
        return line.Error("unknown ACLED event type " + Quote(type));
      if (sub != "-" && !IsAcled(type, sub))
        return line.Error("ACLED event type " + Quote(type) + " has no sub-event type " +
                          Quote(sub));
      r.acled_type = std::string(type);
      if (sub != "-") r.acled_subtype = std::string(sub);
    }
    rules.emplace(std::string(prefix), std::move(r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  for (CameoEntry& e : entries_) {
    if (e.code.size() == 2 && !rules.count(e.code))
      return Status(ErrorCode::kBadDataFile, std::string(kMappingFile) + ": root " + e.code +
                                                 " (" + e.where + ") has no rule");
    for (size_t n = e.code.size(); n >= 2; --n) {
      auto it = rules.find(std::string_view(e.code).substr(0, n));
      if (it == rules.end()) continue;
      e.plover = it->second.plover;
      e.acled_type = it->second.acled_type;
      e.acled_subtype = it->second.acled_subtype;
      e.mapping_where = it->second.where;
      break;
    }
  }
  return Status::Ok();
}

const CameoEntry* Codebook::Find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

std::vector<const CameoEntry*> Codebook::Roots() const {
  std::vector<const CameoEntry*> roots;
  for (const CameoEntry& e : entries_)
    if (e.code.size() == 2) roots.push_back(&e);
  return roots;
}

std::string Codebook::CanonicalPlover(std::string_view name) const {
  auto it = plover_names_.find(Upper(name));
  return it == plover_names_.end() ? std::string() : it->second;
}

bool Codebook::IsAcled(std::string_view event_type, std::string_view subtype) const {
  for (const AcledType& a : acled_) {
    if (a.event_type != event_type) continue;
    return subtype.empty() ||
           std::find(a.subtypes.begin(), a.subtypes.end(), subtype) != a.subtypes.end();
  }
  return false;
}

bool Codebook::Fill(Event* event) const {
  const CameoEntry* e = Find(event->cameo);
  if (e == nullptr) {
    event->quad_class = 0;
    event->goldstein = 0;
    event->plover.clear();
    event->acled_type.clear();
    event->acled_subtype.clear();
    return false;
  }
  event->quad_class = e->quad_class;
  event->goldstein = e->goldstein;
  event->plover = e->plover;
  event->acled_type = e->acled_type;
  event->acled_subtype = e->acled_subtype;
  return true;
}

}  // namespace vigie
