// The CASE 2021 task 2 reader, the ACLED-to-CASE label map, the predicted
// label and the averaged F1 figures; see case2021.h.
#include "eval/case2021.h"

#include <set>

#include "base/utf8.h"
#include "code/codebook.h"
#include "eval/report.h"

namespace vigie::eval {

namespace {

bool IsLabelName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string_view WithoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t p = 0;
  while (true) {
    size_t tab = line.find('\t', p);
    out.push_back(line.substr(p, tab == std::string_view::npos ? std::string_view::npos : tab - p));
    if (tab == std::string_view::npos) return out;
    p = tab + 1;
  }
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

bool IsCase2021Header(std::string_view first_line) {
  return WithoutCr(first_line) == "id\tEventSnippet\tSubType";
}

void ParseCase2021(const std::string& path, std::string_view content, GoldSet* set) {
  size_t nl = content.find('\n');
  if (!IsCase2021Header(content.substr(0, nl))) {
    set->errors.push_back(Status(ErrorCode::kMalformedRecord,
                                 path + ":1: the first line is not the CASE 2021 task 2 header "
                                        "'id<TAB>EventSnippet<TAB>SubType'"));
    return;
  }
  std::map<std::string, int> seen;  // id -> line
  int number = 1;
  for (size_t pos = nl; pos != std::string_view::npos && pos < content.size();) {
    size_t begin = pos + 1;
    pos = content.find('\n', begin);
    ++number;
    std::string_view line =
        WithoutCr(content.substr(begin, pos == std::string_view::npos ? std::string_view::npos : pos - begin));
    if (utf8::Trim(line).empty()) continue;
    std::string where = path + ":" + std::to_string(number);
    auto fail = [&](ErrorCode code, const std::string& what) {
      set->errors.push_back(Status(code, where + ": " + what));
    };
    if (auto bad = utf8::FindInvalid(line)) {
      fail(ErrorCode::kInvalidUtf8, "not UTF-8 at byte " + std::to_string(*bad) + " of the line");
      continue;
    }
    std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() != 3) {
      fail(ErrorCode::kMalformedRecord, std::to_string(fields.size()) +
                                            " field(s); a record is id<TAB>EventSnippet<TAB>SubType");
      continue;
    }
    std::string_view id = utf8::Trim(fields[0]), text = utf8::Trim(fields[1]), label = utf8::Trim(fields[2]);
    if (id.empty()) {
      fail(ErrorCode::kMalformedRecord, "empty id");
      continue;
    }
    where += " (id " + std::string(id) + ")";
    if (text.empty()) {
      fail(ErrorCode::kMalformedRecord, "empty EventSnippet");
      continue;
    }
    if (!IsLabelName(label)) {
      fail(ErrorCode::kMalformedRecord, "SubType " + Quote(label) + " is not a label (capitals, digits, '_')");
      continue;
    }
    GoldDocument g;
    g.path = path;
    g.line = number;
    g.kind = GoldKind::kCaseLabel;
    g.id = std::string(id);
    g.text = std::string(text);
    g.lang = "en";
    g.label = std::string(label);
    auto [it, inserted] = seen.emplace(g.id, number);
    if (!inserted) {
      std::string renamed = g.id + "~" + std::to_string(number);
      set->warnings.push_back(where + ": id already used at line " + std::to_string(it->second) +
                              "; this one is read as '" + renamed + "'");
      g.id = renamed;
    }
    set->documents.push_back(std::move(g));
  }
}

Result<std::shared_ptr<const CaseLabelMap>> CaseLabelMap::Load(const DataSource& read,
                                                               const Codebook& codebook) {
  auto map = std::make_shared<CaseLabelMap>();
  std::map<std::pair<std::string, std::string>, std::string> where;  // pair -> file:line
  std::map<std::string, std::string> cameo_where;  // code -> file:line
  Status s = read(kFile, [&](const DataLine& line) -> Status {
    if (!line.fields.empty() && line.fields[0] == "hazard") return map->ReadHazardLine(line);
    if (line.fields.size() != 3)
      return line.Error("expected: acled-event-type  acled-sub-event-type|-  case-label|-");
    if (line.fields[0] == "cameo") return map->ReadCameoLine(line, codebook, &cameo_where);
    std::string type(line.fields[0]), sub(line.fields[1] == "-" ? "" : line.fields[1]);
    std::string_view label = line.fields[2];
    if (!codebook.IsAcled(type, ""))
      return line.Error("unknown ACLED event type " + Quote(type) + " (code/acled.txt)");
    if (!sub.empty() && !codebook.IsAcled(type, sub))
      return line.Error("ACLED event type " + Quote(type) + " has no sub-event type " + Quote(sub));
    if (label != "-" && !IsLabelName(label))
      return line.Error("label " + Quote(label) + " is not capitals, digits and '_' (or '-')");
    auto [it, inserted] = where.emplace(std::make_pair(type, sub), line.Where());
    if (!inserted)
      return line.Error(Quote(type) + " / " + Quote(sub.empty() ? "-" : sub) + " already listed at " +
                        it->second);
    map->labels_[{type, sub}] = label == "-" ? "" : std::string(label);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  for (const AcledType& t : codebook.acled_types()) {
    std::vector<std::string> subs = t.subtypes;
    subs.insert(subs.begin(), "");
    for (const std::string& sub : subs)
      if (!where.count({t.event_type, sub}))
        return Status(ErrorCode::kBadDataFile, std::string(kFile) + ": no line for ACLED " +
                                                   Quote(t.event_type) + " / " +
                                                   Quote(sub.empty() ? "-" : sub) +
                                                   " (every pair of code/acled.txt needs one)");
  }
  return std::shared_ptr<const CaseLabelMap>(std::move(map));
}

// "cameo  CODE  LABEL": a CAMEO code (and those under it) standing for a
// label that no ACLED type stands for.
Status CaseLabelMap::ReadCameoLine(const DataLine& line, const Codebook& codebook,
                                   std::map<std::string, std::string>* where) {
  const std::string code(line.fields[1]);
  const std::string_view label = line.fields[2];
  if (codebook.Find(code) == nullptr) return line.Error("CAMEO code " + Quote(code) + " is not in code/cameo.txt");
  if (!IsLabelName(label)) return line.Error("label " + Quote(label) + " is not capitals, digits and '_'");
  auto [it, inserted] = where->emplace(code, line.Where());
  if (!inserted) return line.Error("CAMEO code " + Quote(code) + " already listed at " + it->second);
  by_cameo_[code] = std::string(label);
  return Status::Ok();
}

// "hazard  KIND  LABEL  RANK": the label of a hazard of that kind, and the
// rank (0 to 1) it competes with events' confidence at.
Status CaseLabelMap::ReadHazardLine(const DataLine& line) {
  if (line.fields.size() != 4) return line.Error("expected: hazard  kind  case-label  rank");
  const std::string kind(line.fields[1]);
  if (kind != "natural" && kind != "accident") return line.Error("hazard kind " + Quote(kind) + " is neither natural nor accident");
  if (!IsLabelName(line.fields[2])) return line.Error("label " + Quote(line.fields[2]) + " is not capitals, digits and '_'");
  double rank = -1;
  try {
    rank = std::stod(std::string(line.fields[3]));
  } catch (const std::exception&) {
  }
  if (rank < 0 || rank > 1) return line.Error("rank " + Quote(line.fields[3]) + " is not a number from 0 to 1");
  if (!by_hazard_.emplace(kind, std::make_pair(std::string(line.fields[2]), rank)).second)
    return line.Error("hazard kind " + Quote(kind) + " is listed twice");
  return Status::Ok();
}

double CaseLabelMap::RankOf(const SystemEvent& e) const {
  if (e.hazard.empty()) return e.confidence;
  auto it = by_hazard_.find(e.hazard);
  return it == by_hazard_.end() ? 0.0 : it->second.second;
}

std::string_view CaseLabelMap::LabelOf(const SystemEvent& e) const {
  if (!e.hazard.empty()) {
    auto it = by_hazard_.find(e.hazard);
    return it == by_hazard_.end() ? std::string_view() : std::string_view(it->second.first);
  }
  std::string_view l = LabelOf(e.acled_type, e.acled_subtype);
  if (!l.empty() || !e.acled_subtype.empty()) return l;
  // The longest listed code the event's code starts with.
  for (size_t n = e.cameo.size(); n >= 2; --n) {
    auto it = by_cameo_.find(e.cameo.substr(0, n));
    if (it != by_cameo_.end()) return it->second;
  }
  return {};
}

std::string_view CaseLabelMap::LabelOf(std::string_view type, std::string_view subtype) const {
  auto it = labels_.find(std::make_pair(std::string(type), std::string(subtype)));
  return it == labels_.end() ? std::string_view() : std::string_view(it->second);
}

std::string PredictCaseLabel(const std::vector<SystemEvent>& events, const CaseLabelMap& map,
                             int* chosen) {
  int best = -1;
  std::string_view label;
  for (size_t i = 0; i < events.size(); ++i) {
    const SystemEvent& e = events[i];
    if (!e.told_as_done()) continue;
    std::string_view l = map.LabelOf(e);
    if (l.empty()) continue;
    if (best < 0 || map.RankOf(e) > map.RankOf(events[static_cast<size_t>(best)])) {
      best = static_cast<int>(i);
      label = l;
    }
  }
  if (chosen != nullptr) *chosen = best;
  return best < 0 ? std::string(kNoCaseLabel) : std::string(label);
}

double WeightedF1(const LabelScores& scores) {
  double sum = 0;
  size_t support = 0;
  for (const auto& [label, c] : scores.per_type) {
    sum += static_cast<double>(c.tp + c.fn) * F1(c);
    support += c.tp + c.fn;
  }
  return support == 0 ? 0.0 : sum / static_cast<double>(support);
}

double MacroF1(const LabelScores& scores) {
  double sum = 0;
  size_t n = 0;
  for (const auto& [label, c] : scores.per_type) {
    if (c.tp + c.fn == 0) continue;
    sum += F1(c);
    ++n;
  }
  return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

double Accuracy(const LabelScores& scores) {
  size_t tp = scores.Total().tp;
  return scores.documents == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(scores.documents);
}

size_t GoldLabels(const LabelScores& scores) {
  size_t n = 0;
  for (const auto& [label, c] : scores.per_type) n += c.tp + c.fn > 0;
  return n;
}

}  // namespace vigie::eval
