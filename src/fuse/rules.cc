// The rules of fusion shared by the full rebuild and the incremental
// update; see rules.h for what each computes and fuse.h for the rules.
#include "fuse/rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <set>

#include <nlohmann/json.hpp>

#include "base/calendar.h"
#include "base/geo.h"

namespace vigie::fuse::internal {

namespace {

using Json = nlohmann::ordered_json;
using store::kNoDay;

bool Compatible(const store::ActorRow& a, const store::ActorRow& b) {
  auto differs = [](const std::string& x, const std::string& y) {
    return !x.empty() && !y.empty() && x != y;
  };
  // A group ("ISIL") is no state actor ("RUS MIL"): one side naming a group
  // and the other a country are two actors.
  const bool group_vs_state = (a.group.empty() != b.group.empty()) &&
                              (a.group.empty() ? !a.country.empty() : !b.country.empty());
  return !group_vs_state && !differs(a.country, b.country) && !differs(a.sector, b.sector) &&
         !differs(a.group, b.group);
}

bool SamePlace(const store::EventRow& a, const store::EventRow& b, double max_km) {
  if (!a.has_place || !b.has_place) return !a.has_place && !b.has_place;
  if (a.geonames_id != 0 && a.geonames_id == b.geonames_id) return true;
  if (a.precision == b.precision && a.precision != "point")
    return !a.place_code.empty() && a.place_code == b.place_code;
  if (a.precision == "point" && b.precision == "point")
    return HaversineKm(a.lat, a.lon, b.lat, b.lon) <= max_km;
  return false;
}

bool Mergeable(const Ev& a, const Ev& b, double max_km) {
  if (a.row->article_id == b.row->article_id) return false;
  if (a.row->root != b.row->root) return false;
  if (!Compatible(a.row->source, b.row->source) || !Compatible(a.row->target, b.row->target))
    return false;
  if (!SamePlace(*a.row, *b.row, max_km)) return false;
  const bool a_dated = a.first != kNoDay, b_dated = b.first != kNoDay;
  if (a_dated != b_dated) return false;
  return !a_dated || (a.first <= b.last && b.first <= a.last);
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // The smaller index stays the root.
  bool Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (b < a) std::swap(a, b);
    parent[b] = a;
    return true;
  }
};

std::string SourceName(const store::ArticleRow& a) {
  std::string s = !a.outlet.empty() ? a.outlet : !a.agency.empty() ? a.agency : "";
  if (s.empty() && !a.url.empty()) {
    size_t p = a.url.find("://");
    s = a.url.substr(p == std::string::npos ? 0 : p + 3);
    s = s.substr(0, s.find('/'));
    if (s.rfind("www.", 0) == 0) s = s.substr(4);
  }
  if (s.empty()) s = a.doc_id;
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// How much a member record tells: the representative is the fullest.
int Fullness(const store::EventRow& e) {
  return (e.has_place ? 4 : 0) + (e.source.empty() ? 0 : 2) + (e.target.empty() ? 0 : 2) +
         (e.earliest.empty() ? 0 : 1);
}

}  // namespace

int DayNumber(const std::string& d) {
  const auto days = calendar::ParseIso(d);
  return days ? static_cast<int>(*days) : kNoDay;
}

bool WithinDays(int a, int b, int max_days) {
  return a == kNoDay || b == kNoDay || std::abs(a - b) <= max_days;
}

std::pair<int, int> EventDays(const store::EventRow& e, const std::string& article_published) {
  const std::string first = e.earliest.empty() ? article_published : e.earliest;
  const std::string last = e.latest.empty() ? first : e.latest;
  int f = DayNumber(first), l = DayNumber(last);
  if (f == kNoDay || l == kNoDay || l < f) f = l = kNoDay;
  return {f, l};
}

uint64_t MemberPrint(int64_t id) {  // splitmix64's finaliser
  uint64_t x = static_cast<uint64_t>(id) + 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void Clustering::Open(Group group) {
  open_.push_back(groups_.size());
  groups_.push_back(std::move(group));
}

bool Clustering::OpenOn(const Group& g, int day) {
  return day == kNoDay || g.min_last == kNoDay || g.min_last >= day;
}

size_t Clustering::Add(const Ev& e) {
  // Clusters that end before this event starts can take nothing more.
  std::erase_if(open_, [&](size_t c) { return !OpenOn(groups_[c], e.first); });
  size_t chosen = SIZE_MAX;
  for (size_t c : open_) {
    const auto& members = groups_[c].members;
    if (std::all_of(members.begin(), members.end(), [&](const Ev& m) { return Mergeable(m, e, max_km_); })) {
      chosen = c;
      break;
    }
  }
  if (chosen == SIZE_MAX) {
    chosen = groups_.size();
    groups_.emplace_back();
    open_.push_back(chosen);
  }
  Group& g = groups_[chosen];
  g.last = g.members.empty() ? e.last : std::max(g.last, e.last);
  g.min_last = g.members.empty() ? e.last : std::min(g.min_last, e.last);
  g.members.push_back(e);
  g.print += MemberPrint(e.row->id);
  return chosen;
}

bool Clustering::Same(const Clustering& a, const Clustering& b, int day) {
  std::vector<const Group*> x, y;
  for (size_t c : a.open_)
    if (OpenOn(a.groups_[c], day)) x.push_back(&a.groups_[c]);
  for (size_t c : b.open_)
    if (OpenOn(b.groups_[c], day)) y.push_back(&b.groups_[c]);
  if (x.size() != y.size()) return false;
  for (size_t k = 0; k < x.size(); ++k)
    if (x[k]->print != y[k]->print || x[k]->members.size() != y[k]->members.size()) return false;
  for (size_t k = 0; k < x.size(); ++k)  // the prints agree: check the members
    for (size_t m = 0; m < x[k]->members.size(); ++m)
      if (x[k]->members[m].row->id != y[k]->members[m].row->id) return false;
  return true;
}

std::vector<Clustering::Group> Cluster(std::span<const Ev> evs, double max_km) {
  Clustering c(max_km);
  for (const Ev& e : evs) c.Add(e);
  return c.groups();
}

std::vector<store::StoryRow> BuildStories(const StoryInput& in, const Options& options, Report* report) {
  const auto& articles = in.articles;
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < articles.size(); ++i) index[articles[i]->id] = i;
  std::vector<int> days(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) days[i] = DayNumber(articles[i]->published);
  UnionFind stories(articles.size());
  std::vector<store::StoryMember> why(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) why[i].article_id = articles[i]->id;
  auto note = [&](size_t later, size_t earlier, const char* reason, double similarity) {
    store::StoryMember& m = why[later];
    bool better = m.reason.empty() || (m.reason == "same_events" && std::string(reason) == "near_duplicate") ||
                  (m.reason == reason && similarity > m.similarity);
    if (better) m = {articles[later]->id, reason, similarity, articles[earlier]->id};
  };
  // 1. Copies, in the order of their article ids.
  for (const store::CopyLink& c : in.copies) {
    size_t i = index.at(c.a), j = index.at(c.b);
    stories.Union(i, j);
    note(j, i, "near_duplicate", c.similarity);
    note(i, j, "near_duplicate", c.similarity);
  }
  // 2. Articles of different stories that share enough fused events.
  auto events_of = [&](size_t i) {
    auto it = in.events.find(articles[i]->id);
    return it == in.events.end() ? 0 : it->second;
  };
  for (const auto& [pair, n] : in.shared) {
    size_t a = index.at(pair.first), b = index.at(pair.second);
    int need = std::min({options.min_shared_events, events_of(a), events_of(b)});
    if (n < need || !WithinDays(days[a], days[b], options.max_days)) continue;
    if (stories.Find(a) == stories.Find(b)) continue;
    if (report) ++report->same_event_links;
    stories.Union(a, b);
    note(b, a, "same_events", n);
    note(a, b, "same_events", n);
  }
  // Story rows. The story's id is its smallest article id (stable); the
  // member marked "first" is the first of its copies (so that an article
  // that joined by shared events says so), else the first article.
  std::vector<store::StoryRow> out;
  std::unordered_map<size_t, size_t> story_of_root;  // union-find root -> index in out
  std::unordered_map<size_t, size_t> first_of_root;
  for (size_t i = 0; i < articles.size(); ++i) {
    size_t root = stories.Find(i);
    auto f = first_of_root.find(root);
    if (f == first_of_root.end())
      first_of_root[root] = i;
    else if (why[i].reason == "near_duplicate" && why[f->second].reason != "near_duplicate")
      f->second = i;
  }
  for (size_t i = 0; i < articles.size(); ++i) {
    size_t root = stories.Find(i);
    auto [it, inserted] = story_of_root.emplace(root, out.size());
    if (inserted) {
      store::StoryRow s;
      s.id = articles[root]->id;
      s.title = articles[first_of_root[root]]->title;
      out.push_back(std::move(s));
    }
    store::StoryMember m = why[i];
    if (i == first_of_root[root] || m.reason.empty()) m = {articles[i]->id, "first", -1, 0};
    out[it->second].members.push_back(m);
  }
  return out;
}

const Ev* Representative(std::span<const Ev* const> members) {
  return *std::max_element(members.begin(), members.end(), [](const Ev* a, const Ev* b) {
    int fa = Fullness(*a->row), fb = Fullness(*b->row);
    return fa != fb ? fa < fb : a->row->id > b->row->id;  // ties: the first stored
  });
}

store::FusedEventRow BuildFusedEvent(std::vector<const Ev*> members,
                                     const std::function<const store::ArticleRow&(int64_t)>& article,
                                     int64_t story_id) {
  std::sort(members.begin(), members.end(), [](const Ev* a, const Ev* b) { return a->row->id < b->row->id; });
  const Ev* rep = Representative(members);
  store::FusedEventRow f;
  f.id = members.front()->row->id;
  const store::EventRow& e = *rep->row;
  f.cameo = e.cameo;
  f.root = e.root;
  // Pairwise-overlapping ranges share a common intersection.
  int first = INT32_MIN, last = INT32_MAX;
  bool dated = false;
  for (const Ev* m : members) {
    if (m->first == kNoDay) continue;
    dated = true;
    first = std::max(first, m->first);
    last = std::min(last, m->last);
  }
  if (dated) {
    f.earliest = calendar::FormatIso(first);
    f.latest = calendar::FormatIso(last);
  }
  f.has_place = e.has_place;
  f.place_name = e.place_name;
  f.place_country = e.place_country;
  f.precision = e.precision;
  f.lat = e.lat;
  f.lon = e.lon;
  f.source_country = e.source.country;
  f.target_country = e.target.country;
  f.source_group = e.source.group;
  f.target_group = e.target.group;
  std::set<std::string> actor_words, sources;
  std::set<int64_t> article_set;
  for (const Ev* m : members) {
    for (const auto* a : {&m->row->source, &m->row->target})
      for (const auto* w : {&a->name, &a->country, &a->sector, &a->group})
        if (!w->empty()) actor_words.insert(*w);
    sources.insert(Lower(SourceName(article(m->row->article_id))));
    article_set.insert(m->row->article_id);
    f.members.push_back(m->row->id);
  }
  for (const auto& w : actor_words) f.actors += w + "\n";
  f.mentions = static_cast<int>(members.size());
  f.articles = static_cast<int>(article_set.size());
  f.sources = static_cast<int>(sources.size());
  f.story_id = story_id;

  Json record = Json::parse(e.record, nullptr, false);
  if (record.is_discarded() || !record.is_object()) record = Json::object();
  record["id"] = std::to_string(f.id);
  Json article_ids = Json::array(), source_names = Json::array(), claims = Json::array(),
       contributions = Json::array();
  std::set<std::string> seen_doc, seen_source;
  // In the lead paragraph of any article (GDELT's IsRootEvent); unknown
  // (null) when no member's record says (records stored before schema 3).
  Json lead = nullptr;
  for (const Ev* m : members) {
    const store::ArticleRow& a = article(m->row->article_id);
    if (seen_doc.insert(a.doc_id).second) article_ids.push_back(a.doc_id);
    std::string source = SourceName(a);
    if (seen_source.insert(Lower(source)).second) source_names.push_back(source);
    Json mr = Json::parse(m->row->record, nullptr, false);
    if (mr.is_discarded() || !mr.is_object()) mr = Json::object();
    if (mr.contains("lead") && mr["lead"].is_boolean())
      lead = (lead.is_boolean() && lead.get<bool>()) || mr["lead"].get<bool>();
    if (mr.contains("claims") && mr["claims"].is_array()) {
      for (Json c : mr["claims"]) {
        c["article_id"] = a.doc_id;
        c["source"] = source;
        claims.push_back(std::move(c));
      }
    }
    contributions.push_back({{"event_id", m->row->id},
                             {"record_id", mr.value("id", a.doc_id + "#" + std::to_string(m->row->ordinal))},
                             {"article", a.id},
                             {"article_id", a.doc_id},
                             {"source", source},
                             {"language", a.language},
                             {"published", a.published.empty() ? Json(nullptr) : Json(a.published)},
                             {"cameo", m->row->cameo},
                             {"lead", mr.contains("lead") ? mr["lead"] : Json(nullptr)},
                             {"sentence", mr.contains("sentence") ? mr["sentence"] : Json(nullptr)},
                             {"evidence", mr.contains("evidence") ? mr["evidence"] : Json(nullptr)}});
  }
  record["article_ids"] = std::move(article_ids);
  record["date"] = {{"earliest", f.earliest.empty() ? Json(nullptr) : Json(f.earliest)},
                    {"latest", f.latest.empty() ? Json(nullptr) : Json(f.latest)}};
  record["claims"] = std::move(claims);
  record["lead"] = lead;
  record["story_id"] = f.story_id;
  record["counts"] = {{"mentions", f.mentions}, {"articles", f.articles}, {"sources", f.sources}};
  record["sources"] = std::move(source_names);
  Json summary = record;
  summary.erase("evidence");
  record["contributions"] = std::move(contributions);
  f.summary = summary.dump(-1, ' ', false, Json::error_handler_t::replace);
  f.record = record.dump(-1, ' ', false, Json::error_handler_t::replace);
  return f;
}

std::string OptionsKey(const Options& o) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "min_jaccard=%.17g min_containment=%.17g max_days=%d max_km=%.17g min_shared_events=%d",
                o.min_jaccard, o.min_containment, o.max_days, o.max_km, o.min_shared_events);
  return buf;
}

}  // namespace vigie::fuse::internal
