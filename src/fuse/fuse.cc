// Story grouping and event fusion over every stored article: the full
// rebuild (`vigie fuse --rebuild`, and any fusion that cannot continue the
// stored layer); update.cc adds new articles to a stored layer with the
// same rules (rules.cc), so that both give the same layer.
//
// 1. Copies: LSH candidates over the stored signatures (pairs published
//    more than max_days apart are never built), confirmed by exact Jaccard
//    on shingles recomputed from the stored text.
// 2. Events: per CAMEO root, events sorted by date; each joins the first
//    fused event whose every member it is compatible with.
// 3. Stories by copies and by shared events (union-find).
// 4. Records: each fused event's JSON record is built from its members'.
#include "fuse/fuse.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <unordered_map>

#include "fuse/minhash.h"
#include "fuse/rules.h"

namespace vigie::fuse {

using internal::Ev;

int DaysBetween(const std::string& a, const std::string& b) {
  int x = internal::DayNumber(a), y = internal::DayNumber(b);
  if (x == store::kNoDay || y == store::kNoDay) return -1;
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
  store::FusedLayer layer;
  layer.generation = generation;
  layer.options = internal::OptionsKey(options);
  std::unordered_map<int64_t, size_t> article_index;
  std::vector<int> days(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    article_index[articles[i].id] = i;
    days[i] = internal::DayNumber(articles[i].published);
    layer.article_days.emplace_back(articles[i].id, days[i]);
  }

  // 1. Copies.
  {
    std::vector<std::vector<uint32_t>> signatures;
    signatures.reserve(articles.size());
    for (const auto& a : articles) signatures.push_back(a.minhash);
    auto candidates = LshCandidates(signatures, days, options.max_days);
    signatures = {};
    r.candidate_pairs = candidates.size();
    std::unordered_map<size_t, std::vector<uint64_t>> shingles;
    auto shingles_of = [&](size_t i) -> const std::vector<uint64_t>& {
      auto it = shingles.find(i);
      if (it == shingles.end()) it = shingles.emplace(i, Shingles(store.ArticleText(articles[i].id))).first;
      return it->second;
    };
    for (auto [i, j] : candidates) {
      // The similarity kept is the measure that made them copies.
      const double jac = Jaccard(shingles_of(i), shingles_of(j));
      const double contained = jac >= options.min_jaccard ? 0 : Containment(shingles_of(i), shingles_of(j));
      if (jac < options.min_jaccard && contained < options.min_containment) continue;
      ++r.copies;
      layer.copies.push_back({articles[i].id, articles[j].id, std::max(jac, contained)});
    }
  }

  // 2. Events, per root, by date.
  std::vector<Ev> evs;
  evs.reserve(events.size());
  for (const auto& e : events) {
    auto it = article_index.find(e.article_id);
    if (it == article_index.end()) continue;
    auto [first, last] = internal::EventDays(e, articles[it->second].published);
    evs.push_back({&e, first, last});
    layer.event_days.push_back({e.id, first, last});
  }
  std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) {
    if (a.row->root != b.row->root) return a.row->root < b.row->root;
    if (a.first != b.first) return a.first < b.first;
    return a.row->id < b.row->id;
  });
  std::vector<internal::Clustering::Group> clusters;
  for (size_t begin = 0; begin < evs.size();) {
    size_t end = begin;
    while (end < evs.size() && evs[end].row->root == evs[begin].row->root) ++end;
    for (auto& c : internal::Cluster(std::span<const Ev>(evs).subspan(begin, end - begin), options.max_km))
      clusters.push_back(std::move(c));
    begin = end;
  }

  // 3. Stories.
  internal::StoryInput in;
  for (const auto& a : articles) in.articles.push_back(&a);
  in.copies = layer.copies;
  for (const auto& ev : evs) ++in.events[ev.row->article_id];
  for (const auto& cluster : clusters) {
    const auto& m = cluster.members;
    if (m.size() < 2 || !m[0].row->has_place) continue;
    for (size_t x = 0; x < m.size(); ++x)
      for (size_t y = x + 1; y < m.size(); ++y) {
        int64_t a = m[x].row->article_id, b = m[y].row->article_id;
        ++in.shared[{std::min(a, b), std::max(a, b)}];
      }
  }
  layer.stories = internal::BuildStories(in, options, &r);
  r.stories = layer.stories.size();
  std::unordered_map<int64_t, int64_t> story_of;  // article id -> story id
  for (const auto& s : layer.stories) {
    r.multi_article_stories += s.members.size() > 1;
    for (const auto& m : s.members) story_of[m.article_id] = s.id;
  }

  // 4. Fused records.
  auto article = [&](int64_t id) -> const store::ArticleRow& { return articles[article_index.at(id)]; };
  for (const auto& cluster : clusters) {
    std::vector<const Ev*> members;
    for (const Ev& m : cluster.members) members.push_back(&m);
    const Ev* rep = internal::Representative(members);
    layer.events.push_back(internal::BuildFusedEvent(members, article, story_of.at(rep->row->article_id)));
    r.merged_events += members.size() > 1 ? members.size() : 0;
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
  r.rebuilt = true;
  return r;
}

}  // namespace vigie::fuse
