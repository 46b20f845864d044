// Story grouping and event fusion; the rules are in fuse.h.
//
// 1. Copies: LSH candidates over the stored signatures, confirmed by exact
//    Jaccard on shingles recomputed from the stored text (union-find).
// 2. Events: per CAMEO root, events sorted by date; each joins the first
//    fused event whose every member it is compatible with.
// 3. Stories by shared events: articles of different stories that share
//    enough fused events are joined.
// 4. Records: each fused event's JSON record is built from its members'.
#include "fuse/fuse.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/calendar.h"
#include "base/geo.h"
#include "fuse/minhash.h"

namespace vigie::fuse {

namespace {

using Json = nlohmann::ordered_json;

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

// Days since 1970-01-01 of a YYYY-MM-DD date, or INT32_MIN.
int DayNumber(const std::string& d) {
  const auto days = calendar::ParseIso(d);
  return days ? static_cast<int>(*days) : INT32_MIN;
}

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

struct Ev {
  const store::EventRow* row;
  size_t article;  // index into articles
  int first = INT32_MIN, last = INT32_MIN;  // day numbers, INT32_MIN when unknown
};

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
  if (a.article == b.article) return false;
  if (a.row->root != b.row->root) return false;
  if (!Compatible(a.row->source, b.row->source) || !Compatible(a.row->target, b.row->target))
    return false;
  if (!SamePlace(*a.row, *b.row, max_km)) return false;
  const bool a_dated = a.first != INT32_MIN, b_dated = b.first != INT32_MIN;
  if (a_dated != b_dated) return false;
  return !a_dated || (a.first <= b.last && b.first <= a.last);
}

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

int DaysBetween(const std::string& a, const std::string& b) {
  int x = DayNumber(a), y = DayNumber(b);
  if (x == INT32_MIN || y == INT32_MIN) return -1;
  return std::abs(x - y);
}

store::FusedLayer Fuse(store::Store& store, const Options& options, Report* report) {
  Report r;
  // Read first: an article written while this runs (outside the caller's
  // transaction) leaves the layer stale rather than wrongly fresh.
  const int64_t generation = store.ArticlesGeneration();
  std::vector<store::ArticleRow> articles = store.LoadArticles();
  std::vector<store::EventRow> events = store.LoadEvents();
  r.articles = articles.size();
  r.events = events.size();
  std::unordered_map<int64_t, size_t> article_index;
  for (size_t i = 0; i < articles.size(); ++i) article_index[articles[i].id] = i;

  auto within_days = [&](size_t a, size_t b) {
    int d = DaysBetween(articles[a].published, articles[b].published);
    return d < 0 || d <= options.max_days;
  };

  // 1. Copies.
  UnionFind stories(articles.size());
  std::vector<store::StoryMember> why(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) why[i].article_id = articles[i].id;
  std::vector<std::vector<uint32_t>> signatures;
  signatures.reserve(articles.size());
  for (const auto& a : articles) signatures.push_back(a.minhash);
  auto candidates = LshCandidates(signatures);
  r.candidate_pairs = candidates.size();
  std::unordered_map<size_t, std::vector<uint64_t>> shingles;
  auto shingles_of = [&](size_t i) -> const std::vector<uint64_t>& {
    auto it = shingles.find(i);
    if (it == shingles.end()) it = shingles.emplace(i, Shingles(store.ArticleText(articles[i].id))).first;
    return it->second;
  };
  auto note = [&](size_t later, size_t earlier, const char* reason, double similarity) {
    store::StoryMember& m = why[later];
    bool better = m.reason.empty() || (m.reason == "same_events" && std::string(reason) == "near_duplicate") ||
                  (m.reason == reason && similarity > m.similarity);
    if (better) m = {articles[later].id, reason, similarity, articles[earlier].id};
  };
  for (auto [i, j] : candidates) {
    if (!within_days(i, j)) continue;
    // The similarity kept is the measure that made them copies.
    const double jac = Jaccard(shingles_of(i), shingles_of(j));
    const double contained = jac >= options.min_jaccard ? 0 : Containment(shingles_of(i), shingles_of(j));
    if (jac < options.min_jaccard && contained < options.min_containment) continue;
    const double similarity = std::max(jac, contained);
    ++r.copies;
    stories.Union(i, j);
    note(j, i, "near_duplicate", similarity);
    note(i, j, "near_duplicate", similarity);
  }

  // 2. Events, per root, by date.
  std::vector<Ev> evs;
  evs.reserve(events.size());
  for (const auto& e : events) {
    auto it = article_index.find(e.article_id);
    if (it == article_index.end()) continue;
    Ev ev{&e, it->second};
    std::string first = e.earliest.empty() ? articles[it->second].published : e.earliest;
    std::string last = e.latest.empty() ? first : e.latest;
    ev.first = DayNumber(first);
    ev.last = DayNumber(last);
    if (ev.first == INT32_MIN || ev.last == INT32_MIN || ev.last < ev.first) ev.first = ev.last = INT32_MIN;
    evs.push_back(ev);
  }
  std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) {
    if (a.row->root != b.row->root) return a.row->root < b.row->root;
    if (a.first != b.first) return a.first < b.first;
    return a.row->id < b.row->id;
  });
  std::vector<std::vector<size_t>> clusters;  // indexes into evs
  std::vector<int> cluster_last;              // latest day of any member
  std::vector<size_t> active;                 // open clusters of the current root
  std::string root;
  for (size_t i = 0; i < evs.size(); ++i) {
    if (evs[i].row->root != root) {
      root = evs[i].row->root;
      active.clear();
    }
    // Clusters that end before this event starts can take nothing more.
    std::erase_if(active, [&](size_t c) {
      return evs[i].first != INT32_MIN && cluster_last[c] != INT32_MIN && cluster_last[c] < evs[i].first;
    });
    size_t chosen = SIZE_MAX;
    for (size_t c : active) {
      bool ok = std::all_of(clusters[c].begin(), clusters[c].end(),
                            [&](size_t m) { return Mergeable(evs[m], evs[i], options.max_km); });
      if (ok) {
        chosen = c;
        break;
      }
    }
    if (chosen == SIZE_MAX) {
      chosen = clusters.size();
      clusters.emplace_back();
      cluster_last.push_back(INT32_MIN);
      active.push_back(chosen);
    }
    clusters[chosen].push_back(i);
    cluster_last[chosen] = std::max(cluster_last[chosen], evs[i].last);
  }

  // 3. Stories joined by shared fused events.
  std::map<std::pair<size_t, size_t>, int> shared;
  std::vector<int> events_per_article(articles.size(), 0);
  for (const auto& ev : evs) ++events_per_article[ev.article];
  for (const auto& cluster : clusters) {
    if (cluster.size() < 2 || !evs[cluster[0]].row->has_place) continue;
    for (size_t x = 0; x < cluster.size(); ++x)
      for (size_t y = x + 1; y < cluster.size(); ++y) {
        size_t a = evs[cluster[x]].article, b = evs[cluster[y]].article;
        ++shared[{std::min(a, b), std::max(a, b)}];
      }
  }
  for (const auto& [pair, n] : shared) {
    auto [a, b] = pair;
    int need = std::min({options.min_shared_events, events_per_article[a], events_per_article[b]});
    if (n < need || !within_days(a, b)) continue;
    if (stories.Find(a) == stories.Find(b)) continue;
    ++r.same_event_links;
    stories.Union(a, b);
    note(b, a, "same_events", n);
    note(a, b, "same_events", n);
  }

  // Story rows. The story's id is its smallest article id (stable); the
  // member marked "first" is the first of its copies (so that an article
  // that joined by shared events says so), else the first article.
  store::FusedLayer layer;
  layer.generation = generation;
  std::map<size_t, size_t> story_of_root;  // union-find root -> index in layer.stories
  std::map<size_t, size_t> first_of_root;
  for (size_t i = 0; i < articles.size(); ++i) {
    size_t root_index = stories.Find(i);
    auto f = first_of_root.find(root_index);
    if (f == first_of_root.end())
      first_of_root[root_index] = i;
    else if (why[i].reason == "near_duplicate" && why[f->second].reason != "near_duplicate")
      f->second = i;
  }
  for (size_t i = 0; i < articles.size(); ++i) {
    size_t root_index = stories.Find(i);
    auto [it, inserted] = story_of_root.emplace(root_index, layer.stories.size());
    if (inserted) {
      store::StoryRow s;
      s.id = articles[root_index].id;
      s.title = articles[first_of_root[root_index]].title;
      layer.stories.push_back(std::move(s));
    }
    store::StoryMember m = why[i];
    if (i == first_of_root[root_index] || m.reason.empty()) m = {articles[i].id, "first", -1, 0};
    layer.stories[it->second].members.push_back(m);
  }
  r.stories = layer.stories.size();
  for (const auto& s : layer.stories) r.multi_article_stories += s.members.size() > 1;

  // 4. Fused records.
  for (const auto& cluster : clusters) {
    std::vector<const Ev*> members;
    for (size_t m : cluster) members.push_back(&evs[m]);
    std::sort(members.begin(), members.end(), [](const Ev* a, const Ev* b) { return a->row->id < b->row->id; });
    const Ev* rep = *std::max_element(members.begin(), members.end(), [](const Ev* a, const Ev* b) {
      int fa = Fullness(*a->row), fb = Fullness(*b->row);
      return fa != fb ? fa < fb : a->row->id > b->row->id;  // ties: the first stored
    });
    store::FusedEventRow f;
    f.id = members.front()->row->id;
    const store::EventRow& e = *rep->row;
    f.cameo = e.cameo;
    f.root = e.root;
    // Pairwise-overlapping ranges share a common intersection.
    int first = INT32_MIN, last = INT32_MAX;
    bool dated = false;
    for (const Ev* m : members) {
      if (m->first == INT32_MIN) continue;
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
    std::set<size_t> article_set;
    std::map<size_t, size_t> story_votes;
    for (const Ev* m : members) {
      for (const auto* a : {&m->row->source, &m->row->target})
        for (const auto* w : {&a->name, &a->country, &a->sector, &a->group})
          if (!w->empty()) actor_words.insert(*w);
      sources.insert(Lower(SourceName(articles[m->article])));
      article_set.insert(m->article);
      f.members.push_back(m->row->id);
    }
    for (const auto& w : actor_words) f.actors += w + "\n";
    f.mentions = static_cast<int>(members.size());
    f.articles = static_cast<int>(article_set.size());
    f.sources = static_cast<int>(sources.size());
    f.story_id = layer.stories[story_of_root[stories.Find(rep->article)]].id;
    r.merged_events += members.size() > 1 ? members.size() : 0;

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
      const store::ArticleRow& a = articles[m->article];
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
    layer.events.push_back(std::move(f));
  }
  std::sort(layer.events.begin(), layer.events.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  r.fused_events = layer.events.size();
  if (report) *report = r;
  return layer;
}

Report Rebuild(store::Store& store, const Options& options) {
  Report r;
  store::FusedLayer layer = Fuse(store, options, &r);
  store.ReplaceFusedLayer(layer);
  return r;
}

}  // namespace vigie::fuse
