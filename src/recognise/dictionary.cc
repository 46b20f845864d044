// Building the actor dictionary; see dictionary.h.
#include "recognise/dictionary.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <set>

#include "base/utf8.h"

namespace vigie {

void Trie::Insert(std::string_view key, uint32_t value) {
  pending_.push_back({static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()), value,
                      static_cast<uint32_t>(pending_.size())});
  keys_.append(key);
}

// The keys sorted (bytes, then insertion order), each node is made when its
// key is first seen, below the node of the longest prefix it shares with
// the key before it: children come in byte order, so a stable counting sort
// of the edges by parent lays out every node's edges contiguous and sorted.
void Trie::Freeze() {
  const std::string_view bytes = keys_;
  auto key = [&](const Key& k) { return bytes.substr(k.at, k.size); };
  std::sort(pending_.begin(), pending_.end(), [&](const Key& a, const Key& b) {
    const int c = key(a).compare(key(b));
    return c != 0 ? c < 0 : a.order < b.order;
  });
  struct Made {
    uint32_t parent;
    unsigned char byte;
  };
  std::vector<Made> made = {{kNone, 0}};      // node -> how it was made (the root first)
  std::vector<uint32_t> path = {0};           // nodes along the previous key
  std::vector<std::pair<uint32_t, uint32_t>> ends;  // (node, value), in sorted key order
  std::string_view previous;
  for (const Key& k : pending_) {
    const std::string_view s = key(k);
    size_t common = 0;
    while (common < s.size() && common < previous.size() && s[common] == previous[common]) ++common;
    path.resize(common + 1);
    for (size_t i = common; i < s.size(); ++i) {
      made.push_back({path.back(), static_cast<unsigned char>(s[i])});
      path.push_back(static_cast<uint32_t>(made.size() - 1));
    }
    ends.emplace_back(path.back(), k.value);
    previous = s;
  }
  const size_t nodes = made.size();
  first_edge_.assign(nodes + 1, 0);
  for (size_t n = 1; n < nodes; ++n) ++first_edge_[made[n].parent + 1];
  for (size_t n = 1; n <= nodes; ++n) first_edge_[n] += first_edge_[n - 1];
  edges_.assign(nodes - 1, Edge{});
  std::vector<uint32_t> fill(first_edge_.begin(), first_edge_.end() - 1);
  for (size_t n = 1; n < nodes; ++n) edges_[fill[made[n].parent]++] = {made[n].byte, static_cast<uint32_t>(n)};
  root_ = MakeEmptyRoot();
  for (uint32_t e = first_edge_[0]; e < first_edge_[1]; ++e) root_[edges_[e].byte] = edges_[e].child;
  // Values: the keys of one node are adjacent in sorted order, in the order
  // they were inserted; a value given twice for a key is kept once.
  first_value_.assign(nodes + 1, 0);
  values_.clear();
  values_.reserve(ends.size());
  std::vector<uint32_t> count(nodes, 0);
  for (size_t i = 0; i < ends.size();) {
    const uint32_t node = ends[i].first;
    const size_t begin = values_.size();
    for (; i < ends.size() && ends[i].first == node; ++i)
      if (std::find(values_.begin() + static_cast<ptrdiff_t>(begin), values_.end(), ends[i].second) == values_.end())
        values_.push_back(ends[i].second);
    count[node] = static_cast<uint32_t>(values_.size() - begin);
  }
  // values_ is in sorted-key order, which is node order only for the nodes
  // that end a key; lay it out by node.
  for (size_t n = 0; n < nodes; ++n) first_value_[n + 1] = first_value_[n] + count[n];
  std::vector<uint32_t> by_node(values_.size());
  size_t read = 0;
  for (size_t i = 0; i < ends.size();) {
    const uint32_t node = ends[i].first;
    std::copy_n(values_.begin() + static_cast<ptrdiff_t>(read), count[node],
                by_node.begin() + first_value_[node]);
    read += count[node];
    while (i < ends.size() && ends[i].first == node) ++i;
  }
  values_ = std::move(by_node);
  keys_.clear();
  keys_.shrink_to_fit();
  pending_.clear();
  pending_.shrink_to_fit();
}

std::string ActorDictionary::Fold(std::string_view s) { return utf8::Fold(s); }

bool ActorDictionary::IsAcronym(std::string_view s) {
  int letters = 0;
  for (size_t p = 0; p < s.size();) {
    auto c = static_cast<UChar32>(utf8::Next(s, &p));
    if (u_isalpha(c)) {
      if (!u_isupper(c)) return false;
      ++letters;
    }
  }
  return letters >= 2;
}

void ActorDictionary::AddName(uint32_t entry, std::string_view name) {
  // Names of states and organisations are proper nouns ("Turkey", not
  // "turkey"); groups' names are also written as common nouns in French
  // ("les shebab", "les rebelles houthis") and match either way.
  size_t p = 0;
  bool capitalised = entries_[entry].kind != MentionKind::kGroup &&
                     u_isupper(static_cast<UChar32>(utf8::Next(name, &p)));
  if (IsAcronym(name)) {
    exact_.Insert(name, entry * 2);
  } else {
    folded_.Insert(Fold(name), entry * 2 + (capitalised ? 1 : 0));
  }
}

// Every territory ICU knows, by its French and English names.
Status ActorDictionary::AddCountriesFromIcu() {
  const char* const* codes = icu::Locale::getISOCountries();
  for (; *codes != nullptr; ++codes) {
    icu::Locale region("", *codes);
    std::string iso3 = region.getISO3Country();
    if (iso3.size() != 3) continue;
    for (const char* lang : {"fr", "en"}) {
      icu::UnicodeString display;
      region.getDisplayCountry(icu::Locale(lang), display);
      std::string name;
      display.toUTF8String(name);
      if (name.empty() || name == *codes) continue;
      auto index = static_cast<uint32_t>(entries_.size());
      entries_.push_back({MentionKind::kState, iso3, iso3, "", name,
                          std::string("icu:cldr/") + lang + " " + *codes});
      AddName(index, name);
    }
  }
  return Status::Ok();
}

Status ActorDictionary::ParseNames(const DataLine& line, size_t field, uint32_t entry,
                                   uint32_t context_entry) {
  std::string_view names = line.fields[field];
  while (!names.empty()) {
    size_t bar = names.find('|');
    std::string_view name = utf8::Trim(names.substr(0, bar));
    if (name.empty()) return line.Error("empty name in '" + std::string(line.fields[field]) + "'");
    if (name.back() == '?') {
      if (context_entry == UINT32_MAX)
        return line.Error("'" + std::string(name) + "' needs a 'context:' column (a name ending in ? counts only in context)");
      name = utf8::Trim(name.substr(0, name.size() - 1));
      if (name.empty()) return line.Error("empty name before '?'");
      AddName(context_entry, name);
    } else {
      AddName(entry, name);
    }
    if (bar == std::string_view::npos) break;
    names.remove_prefix(bar + 1);
  }
  return Status::Ok();
}

namespace {

bool IsIso3(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

const std::set<std::string, std::less<>> kSectors = {
    "GOV", "MIL", "COP", "REB", "OPP", "PTY", "POL", "CVL", "NGO", "IGO",
    "MED", "JUD", "BUS", "REL", "REF", "PRO", "INS", "SPY", "LAB", "EDU", "LEG", "ELI"};

// The people files, by region (read in this order; ids are shared).
constexpr const char* kPeopleFiles[] = {
    "recognise/people/africa.txt",   "recognise/people/americas.txt",
    "recognise/people/asia-pacific.txt", "recognise/people/europe.txt",
    "recognise/people/middle-east.txt",  "recognise/people/international.txt"};

// "2014", "2014-06" or "2014-06-03" as the first (or last) day it names;
// false if malformed.
bool DayBound(std::string_view s, bool last, std::string* day) {
  auto digits = [&](size_t at, size_t n) {
    if (s.size() < at + n) return false;
    for (size_t k = at; k < at + n; ++k)
      if (s[k] < '0' || s[k] > '9') return false;
    return true;
  };
  if (s.empty()) {
    *day = last ? "9999-12-31" : "0000-01-01";
    return true;
  }
  if (!digits(0, 4)) return false;
  if (s.size() == 4) {
    *day = std::string(s) + (last ? "-12-31" : "-01-01");
    return true;
  }
  if (s[4] != '-' || !digits(5, 2)) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) {
    *day = std::string(s) + (last ? "-31" : "-01");  // "-31" sorts after every day of the month
    return true;
  }
  if (s.size() != 10 || s[7] != '-' || !digits(8, 2)) return false;
  const int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (d < 1 || d > 31) return false;
  *day = std::string(s);
  return true;
}

// The period field: "2009-01-20..2017-01-20", "2024-05..", "..2010", "-".
bool ParsePeriod(std::string_view s, std::string* from, std::string* to) {
  if (s == "-") return DayBound("", false, from) && DayBound("", true, to);
  size_t dots = s.find("..");
  if (dots == std::string_view::npos) return false;
  return DayBound(s.substr(0, dots), false, from) && DayBound(s.substr(dots + 2), true, to) &&
         *from <= *to;
}

}  // namespace

Status ActorDictionary::AddPerson(const DataLine& line, std::map<std::string, uint32_t>& people,
                                  const std::map<std::string, uint32_t, std::less<>>& affiliations) {
  if (line.fields.size() != 5) return line.Error("expected: id  affiliation  sector  period  name|name");
  Office office;
  std::string_view affiliation = line.fields[1];
  // An organisation's or a group's id first: "IMF", "WHO", "ELN" look like
  // country codes.
  if (auto it = affiliations.find(affiliation); it != affiliations.end()) {
    const ActorEntry& a = entries_[it->second];
    office.kind = a.kind;
    office.id = a.id;
    office.country = a.country;
  } else if (IsIso3(affiliation)) {
    office.kind = MentionKind::kActor;
    office.id = office.country = std::string(affiliation);
  } else {
    return line.Error("affiliation '" + std::string(affiliation) +
                      "' is neither an ISO3 code nor an id of groups.txt or organisations.txt");
  }
  if (!kSectors.count(line.fields[2]))
    return line.Error("unknown sector '" + std::string(line.fields[2]) + "'");
  office.sector = std::string(line.fields[2]);
  if (!ParsePeriod(line.fields[3], &office.from, &office.to))
    return line.Error("period must be FROM..TO (YYYY, YYYY-MM or YYYY-MM-DD, either may be empty) or -: '" +
                      std::string(line.fields[3]) + "'");
  office.where = line.Where();
  const std::string id(line.fields[0]);
  std::string_view names = line.fields[4];
  auto known = people.find(id);
  if (known == people.end()) {
    if (names == "-") return line.Error("names '-' on the first line of '" + id + "'");
    auto index = static_cast<uint32_t>(entries_.size());
    ActorEntry e{MentionKind::kActor, id, "", "", std::string(names), line.Where(), {}, ""};
    std::string_view first = utf8::Trim(names.substr(0, names.find('|')));
    size_t space = first.rfind(' ');
    e.surname = Fold(space == std::string_view::npos ? first : first.substr(space + 1));
    entries_.push_back(std::move(e));
    known = people.emplace(id, index).first;
  }
  entries_[known->second].offices.push_back(std::move(office));
  if (names == "-") return Status::Ok();
  return ParseNames(line, 4, known->second);
}

// A group line; its names ending in "?" go to a second entry of the same
// id that carries the context words of the fourth column.
Status ActorDictionary::AddGroup(const DataLine& line) {
  const std::string id(line.fields[0]);
  const std::string country = line.fields[1] == "-" ? "" : std::string(line.fields[1]);
  auto index = static_cast<uint32_t>(entries_.size());
  entries_.push_back({MentionKind::kGroup, id, country, "", std::string(line.fields[2]), line.Where()});
  uint32_t context_entry = UINT32_MAX;
  if (line.fields.size() == 4) {
    std::string_view column = line.fields[3];
    constexpr std::string_view kMarker = "context:";
    if (column.substr(0, kMarker.size()) != kMarker)
      return line.Error("fourth column must be 'context: word|word', not '" + std::string(column) + "'");
    ActorEntry e{MentionKind::kGroup, id, country, "", std::string(line.fields[2]), line.Where()};
    for (std::string_view words = column.substr(kMarker.size()); !words.empty();) {
      size_t bar = words.find('|');
      std::string_view word = utf8::Trim(words.substr(0, bar));
      if (word.empty() || word == "*") return line.Error("empty context word in '" + std::string(column) + "'");
      e.context.push_back(Fold(word));
      if (bar == std::string_view::npos) break;
      words.remove_prefix(bar + 1);
    }
    if (e.context.empty()) return line.Error("'context:' lists no word");
    context_entry = static_cast<uint32_t>(entries_.size());
    entries_.push_back(std::move(e));
    if (line.fields[2].find('?') == std::string_view::npos)
      return line.Error("a 'context:' column but no name ending in ? that needs it");
  }
  return ParseNames(line, 2, index, context_entry);
}

Office OfficeOn(const ActorEntry& person, std::string_view day) {
  const std::vector<Office>& offices = person.offices;
  if (day.empty())
    return *std::max_element(offices.begin(), offices.end(),
                             [](const Office& a, const Office& b) { return a.from < b.from; });
  for (const Office& o : offices)
    if (o.from <= day && day <= o.to) return o;
  const Office* last = nullptr;
  for (const Office& o : offices)
    if (o.to < day && (last == nullptr || o.to > last->to)) last = &o;
  if (last != nullptr) {
    Office former = *last;
    if (former.kind == MentionKind::kActor) former.sector = "ELI";
    return former;
  }
  Office before = *std::min_element(offices.begin(), offices.end(),
                                    [](const Office& a, const Office& b) { return a.from < b.from; });
  if (before.kind == MentionKind::kActor) before.sector.clear();
  return before;
}

Result<std::shared_ptr<const ActorDictionary>> ActorDictionary::Build(const DataSource& read) {
  auto d = std::make_shared<ActorDictionary>();
  ActorDictionary* p = d.get();
  Status s = p->AddCountriesFromIcu();
  auto add = [p](const DataLine& line, ActorEntry e, size_t names_field) -> Status {
    auto index = static_cast<uint32_t>(p->entries_.size());
    e.name = std::string(line.fields[names_field]);
    e.where = line.Where();
    p->entries_.push_back(std::move(e));
    return p->ParseNames(line, names_field, index);
  };
  std::set<std::string> ids;
  // groups.txt: id  country  names  [context: words]
  std::map<std::string, std::string> group_names;  // folded or exact name -> "file:line id"
  if (s.ok())
    s = read("recognise/groups.txt", [&](const DataLine& line) -> Status {
      if (line.fields.size() != 3 && line.fields.size() != 4)
        return line.Error("expected: id  country  name|name  [context: word|word]");
      std::string_view country = line.fields[1];
      if (country != "-" && !IsIso3(country)) return line.Error("country must be ISO3 or -");
      if (!ids.insert(std::string(line.fields[0])).second)
        return line.Error("id '" + std::string(line.fields[0]) + "' listed twice");
      // A name of two groups would be matched as whichever was listed first.
      for (std::string_view names = line.fields[2]; !names.empty();) {
        size_t bar = names.find('|');
        std::string_view name = utf8::Trim(names.substr(0, bar));
        if (!name.empty() && name.back() == '?') name = utf8::Trim(name.substr(0, name.size() - 1));
        std::string key = IsAcronym(name) ? std::string(name) : Fold(name);
        auto [it, fresh] = group_names.emplace(key, line.Where() + " " + std::string(line.fields[0]));
        if (!fresh && it->second.substr(it->second.rfind(' ') + 1) != line.fields[0])
          return line.Error("name '" + std::string(name) + "' is also a name of " + it->second);
        if (bar == std::string_view::npos) break;
        names.remove_prefix(bar + 1);
      }
      return p->AddGroup(line);
    });
  // organisations.txt: id  sector  country  names
  if (s.ok())
    s = read("recognise/organisations.txt", [&](const DataLine& line) -> Status {
      if (line.fields.size() != 4) return line.Error("expected: id  sector  country  name|name");
      if (!kSectors.count(line.fields[1]))
        return line.Error("unknown sector '" + std::string(line.fields[1]) + "'");
      std::string_view country = line.fields[2];
      if (country != "-" && !IsIso3(country)) return line.Error("country must be ISO3 or -");
      if (!ids.insert(std::string(line.fields[0])).second)
        return line.Error("id '" + std::string(line.fields[0]) + "' listed twice");
      return add(line, {MentionKind::kOrganisation, std::string(line.fields[0]),
                        country == "-" ? "" : std::string(country), std::string(line.fields[1]),
                        "", ""}, 3);
    });
  // demonyms.txt: lang  ISO3  names
  if (s.ok())
    s = read("recognise/demonyms.txt", [&](const DataLine& line) -> Status {
      if (line.fields.size() != 3) return line.Error("expected: lang  ISO3  name|name");
      if (!IsIso3(line.fields[1])) return line.Error("not an ISO3 code: '" + std::string(line.fields[1]) + "'");
      std::string iso3(line.fields[1]);
      return add(line, {MentionKind::kState, iso3, iso3, "", "", ""}, 2);
    });
  // sectors.txt: lang  sector  names
  if (s.ok())
    s = read("recognise/sectors.txt", [&](const DataLine& line) -> Status {
      if (line.fields.size() != 3) return line.Error("expected: lang  sector  name|name");
      if (!kSectors.count(line.fields[1]) && line.fields[1] != "LEAD")
        return line.Error("unknown sector '" + std::string(line.fields[1]) + "'");
      return add(line, {MentionKind::kSector, std::string(line.fields[1]), "",
                        std::string(line.fields[1]), "", ""}, 2);
    });
  // institutions.txt: ISO3  sector  names
  if (s.ok())
    s = read("recognise/institutions.txt", [&](const DataLine& line) -> Status {
      if (line.fields.size() != 3) return line.Error("expected: ISO3  sector  name|name");
      if (!IsIso3(line.fields[0])) return line.Error("not an ISO3 code: '" + std::string(line.fields[0]) + "'");
      if (!kSectors.count(line.fields[1]))
        return line.Error("unknown sector '" + std::string(line.fields[1]) + "'");
      std::string iso3(line.fields[0]);
      return add(line, {MentionKind::kActor, iso3, iso3, std::string(line.fields[1]), "", ""}, 2);
    });
  // people/*.txt: id  affiliation  sector  period  names
  std::map<std::string, uint32_t, std::less<>> affiliations;  // group and organisation ids
  for (uint32_t i = 0; i < p->entries_.size(); ++i)
    if (p->entries_[i].kind == MentionKind::kGroup || p->entries_[i].kind == MentionKind::kOrganisation)
      affiliations.emplace(p->entries_[i].id, i);
  std::map<std::string, uint32_t> people;
  for (const char* file : kPeopleFiles) {
    if (!s.ok()) break;
    s = read(file, [&](const DataLine& line) { return p->AddPerson(line, people, affiliations); });
  }
  if (!s.ok()) return s;
  p->folded_.Freeze();
  p->exact_.Freeze();
  return std::shared_ptr<const ActorDictionary>(std::move(d));
}

Result<std::shared_ptr<const ActorDictionary>> ActorDictionary::Load(const std::string& data_dir) {
  return Build(DataDirectory(data_dir));
}

Result<std::shared_ptr<const ActorDictionary>> ActorDictionary::FromTexts(
    const std::map<std::string, std::string>& files) {
  return Build(DataInMemory(files));
}

}  // namespace vigie
