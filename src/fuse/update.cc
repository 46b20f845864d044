// Incremental fusion: the articles no fusion has placed yet (no story) are
// added to the stored layer, reading and rewriting only what they can
// touch, with the rules of the full rebuild (rules.cc), so that the result
// is the layer `vigie fuse --rebuild` computes from the same articles.
//
// 1. Copies: a new article is compared with the placed articles published
//    within max_days of it (articles.day, indexed) or undated, through the
//    same LSH banding; confirmed copies are stored (copy_links).
// 2. Events: per CAMEO root, the clustering cuts itself into runs of
//    overlapping date ranges (rules.h, Cluster). The run of each new event
//    is found through events(root, first_day, last_day) and widened until
//    no stored event overlaps it; only that run is clustered again, and its
//    clusters compared with the stored ones: an unchanged cluster keeps its
//    rows, a changed one is rewritten, a vanished one deleted. Undated
//    events of a root form one run.
// 3. Stories: the articles touched (new ones, members of changed clusters,
//    copies of new ones) and every article of their stories are a closed
//    set (no copy or shared-events link leaves it in the stored layer, and
//    the new links are among them), whose stories are computed again.
// 4. Records: the changed clusters, and the fused events of articles whose
//    story changed (a record names its story), are built again.
#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "fuse/fuse.h"
#include "fuse/minhash.h"
#include "fuse/rules.h"

namespace vigie::fuse {

namespace {

using internal::Ev;
using store::kNoDay;

// A run of one root's events to cluster again: every stored event in it
// (new ones included), owned here.
struct Run {
  std::vector<store::EventRow> rows;
};

bool Overlaps(const store::EventRow& e, int first, int last) {
  return e.first_day <= last && e.last_day >= first;
}

// Finds the runs of the new events of one root.
void RunsOfRoot(store::Store& store, const std::string& root, std::vector<const store::EventRow*> fresh,
                std::vector<Run>* runs) {
  std::vector<const store::EventRow*> undated, dated;
  for (const auto* e : fresh) (e->first_day == kNoDay ? undated : dated).push_back(e);
  if (!undated.empty()) {
    Run run;
    run.rows = store.UndatedEvents(root);
    for (const auto* e : undated) run.rows.push_back(*e);
    runs->push_back(std::move(run));
  }
  std::sort(dated.begin(), dated.end(), [](const auto* a, const auto* b) { return a->first_day < b->first_day; });
  std::vector<std::pair<int, int>> spans;
  for (const auto* e : dated) {
    bool covered = false;
    for (auto [s, t] : spans) covered |= Overlaps(*e, s, t);
    if (covered) continue;
    int first = e->first_day, last = e->last_day;
    Run run;
    for (;;) {
      run.rows = store.EventsOverlapping(root, first, last);
      for (const auto* f : dated)
        if (Overlaps(*f, first, last)) run.rows.push_back(*f);
      int wider_first = first, wider_last = last;
      for (const auto& r : run.rows) {
        wider_first = std::min(wider_first, r.first_day);
        wider_last = std::max(wider_last, r.last_day);
      }
      if (wider_first == first && wider_last == last) break;
      first = wider_first;
      last = wider_last;
    }
    spans.emplace_back(first, last);
    runs->push_back(std::move(run));
  }
}

std::vector<int64_t> Sorted(std::set<int64_t> s) { return {s.begin(), s.end()}; }

}  // namespace

bool CanContinue(store::Store& store, const Options& options) {
  // None, or of another vigie, or with other options: rebuilt whole.
  return store.FusedGeneration() > 0 && store.FusedOptions() == internal::OptionsKey(options);
}

Report Update(store::Store& store, const Options& options) {
  if (!CanContinue(store, options)) return Rebuild(store, options);
  const int64_t generation = store.ArticlesGeneration();
  std::vector<store::ArticleRow> fresh = store.UnfusedArticles();
  if (fresh.empty()) return Rebuild(store, options);  // stale with nothing new: not ours to guess
  Report r;
  r.articles = fresh.size();
  store::FusedUpdate u;
  u.generation = generation;
  std::unordered_map<int64_t, const store::ArticleRow*> fresh_by_id;
  std::vector<int64_t> fresh_ids;
  for (const auto& a : fresh) {
    fresh_by_id[a.id] = &a;
    fresh_ids.push_back(a.id);
    u.article_days.emplace_back(a.id, internal::DayNumber(a.published));
  }

  // 1. Copies with the placed articles they can share dates with.
  std::set<int64_t> touched(fresh_ids.begin(), fresh_ids.end());  // articles whose story may change
  {
    std::vector<store::ArticleRow> pool;
    bool undated = false;
    std::vector<std::pair<int, int>> ranges;
    for (const auto& [id, day] : u.article_days) {
      if (day == kNoDay) undated = true;
      else ranges.emplace_back(day - options.max_days, day + options.max_days);
    }
    if (undated) ranges = {{INT_MIN + 1, INT_MAX}};
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<int, int>> merged;
    for (auto [lo, hi] : ranges) {
      if (!merged.empty() && lo <= merged.back().second + 1) merged.back().second = std::max(merged.back().second, hi);
      else merged.emplace_back(lo, hi);
    }
    for (size_t k = 0; k < merged.size(); ++k) {
      auto rows = store.ArticlesOnDays(merged[k].first, merged[k].second, k == 0);
      for (auto& a : rows) pool.push_back(std::move(a));
    }
    for (const auto& a : fresh) pool.push_back(a);
    std::sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    std::vector<std::vector<uint32_t>> signatures;
    std::vector<int> days;
    for (const auto& a : pool) {
      signatures.push_back(a.minhash);
      days.push_back(internal::DayNumber(a.published));
    }
    std::unordered_map<size_t, std::vector<uint64_t>> shingles;
    auto shingles_of = [&](size_t i) -> const std::vector<uint64_t>& {
      auto it = shingles.find(i);
      if (it == shingles.end()) it = shingles.emplace(i, Shingles(store.ArticleText(pool[i].id))).first;
      return it->second;
    };
    for (auto [i, j] : LshCandidates(signatures, days, options.max_days)) {
      if (!fresh_by_id.count(pool[i].id) && !fresh_by_id.count(pool[j].id)) continue;  // stored before
      ++r.candidate_pairs;
      const double jac = Jaccard(shingles_of(i), shingles_of(j));
      const double contained = jac >= options.min_jaccard ? 0 : Containment(shingles_of(i), shingles_of(j));
      if (jac < options.min_jaccard && contained < options.min_containment) continue;
      ++r.copies;
      u.copies.push_back({pool[i].id, pool[j].id, std::max(jac, contained)});
      touched.insert(pool[i].id);
      touched.insert(pool[j].id);
    }
  }

  // 2. Events: the runs of the new ones, clustered again.
  std::vector<store::EventRow> fresh_events = store.EventsOfArticles(fresh_ids);
  r.events = fresh_events.size();
  std::map<std::string, std::vector<const store::EventRow*>> fresh_by_root;
  for (auto& e : fresh_events) {
    std::tie(e.first_day, e.last_day) = internal::EventDays(e, fresh_by_id.at(e.article_id)->published);
    u.event_days.push_back({e.id, e.first_day, e.last_day});
    fresh_by_root[e.root].push_back(&e);
  }
  std::vector<Run> runs;
  for (const auto& [root, events] : fresh_by_root) RunsOfRoot(store, root, events, &runs);

  struct Changed {
    const Run* run;
    std::vector<size_t> members;  // indexes into run->rows
  };
  std::vector<Changed> changed;
  std::set<int64_t> removed;  // fused ids deleted (changed ones are deleted, then written)
  for (const Run& run : runs) {
    std::vector<Ev> evs;
    std::vector<int64_t> old_ids;
    for (const auto& row : run.rows) {
      evs.push_back({&row, row.first_day, row.last_day});
      if (!fresh_by_id.count(row.article_id)) old_ids.push_back(row.id);
    }
    r.run_events += evs.size();
    std::vector<size_t> order(evs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return evs[a].first != evs[b].first ? evs[a].first < evs[b].first : evs[a].row->id < evs[b].row->id;
    });
    std::vector<Ev> sorted;
    for (size_t i : order) sorted.push_back(evs[i]);
    std::map<int64_t, std::vector<int64_t>> old_clusters;  // fused id -> member event ids
    for (auto [event, fused] : store.FusedIdsOfEvents(old_ids)) old_clusters[fused].push_back(event);
    for (auto& [id, members] : old_clusters) std::sort(members.begin(), members.end());
    std::set<int64_t> kept;
    for (const auto& cluster : internal::Cluster(sorted, options.max_km)) {
      std::vector<int64_t> ids;
      std::vector<size_t> members;
      for (size_t m : cluster) {
        ids.push_back(sorted[m].row->id);
        members.push_back(order[m]);
      }
      std::sort(ids.begin(), ids.end());
      auto old = old_clusters.find(ids.front());
      if (old != old_clusters.end() && old->second == ids) {
        kept.insert(ids.front());
        continue;
      }
      changed.push_back({&run, std::move(members)});
    }
    for (const auto& [id, members] : old_clusters) {
      if (kept.count(id)) continue;
      removed.insert(id);
      for (const auto& row : run.rows)
        if (std::binary_search(members.begin(), members.end(), row.id)) touched.insert(row.article_id);
    }
    for (const auto& c : changed)
      if (c.run == &run)
        for (size_t m : c.members) touched.insert(run.rows[m].article_id);
  }

  // 3. Stories of the touched articles and of every article sharing a story with one.
  std::set<int64_t> closed(touched.begin(), touched.end());
  for (int64_t id : store.StoryMates(Sorted(touched))) closed.insert(id);
  const std::vector<int64_t> ids = Sorted(closed);
  std::vector<store::ArticleRow> articles = store.ArticlesById(ids);
  std::unordered_map<int64_t, const store::ArticleRow*> article_by_id;
  internal::StoryInput in;
  for (const auto& a : articles) {
    article_by_id[a.id] = &a;
    in.articles.push_back(&a);
  }
  for (const auto& l : store.CopyLinksOf(ids))
    if (closed.count(l.a) && closed.count(l.b)) in.copies.push_back(l);
  for (const auto& l : u.copies) in.copies.push_back(l);
  std::sort(in.copies.begin(), in.copies.end(),
            [](const auto& x, const auto& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  for (auto [id, n] : store.EventCounts(ids)) in.events[id] = n;
  // Fused events with a place shared by two of them: the stored ones that
  // stay, and the changed ones.
  std::map<int64_t, std::vector<int64_t>> with_place;  // fused id -> member articles in `closed`
  std::vector<store::Membership> stored_membership = store.MembershipOfArticles(ids);
  for (const auto& m : stored_membership)
    if (!removed.count(m.fused_id) && m.has_place) with_place[m.fused_id].push_back(m.article_id);
  for (size_t c = 0; c < changed.size(); ++c) {
    const auto& rows = changed[c].run->rows;
    if (!rows[changed[c].members.front()].has_place) continue;
    auto& list = with_place[-1 - static_cast<int64_t>(c)];  // not a stored id
    for (size_t m : changed[c].members) list.push_back(rows[m].article_id);
  }
  for (const auto& [fused, list] : with_place)
    for (size_t x = 0; x < list.size(); ++x)
      for (size_t y = x + 1; y < list.size(); ++y)
        ++in.shared[{std::min(list[x], list[y]), std::max(list[x], list[y])}];
  u.stories = internal::BuildStories(in, options, &r);
  std::unordered_map<int64_t, int64_t> story_of;
  for (const auto& s : u.stories)
    for (const auto& m : s.members) story_of[m.article_id] = s.id;
  std::set<int64_t> old_stories, moved;  // moved: articles whose story id changed
  for (const auto& a : articles) {
    if (a.story_id) old_stories.insert(a.story_id);
    if (a.story_id != story_of.at(a.id)) moved.insert(a.id);
  }
  u.removed_stories = Sorted(old_stories);
  r.stories = u.stories.size();
  for (const auto& s : u.stories) r.multi_article_stories += s.members.size() > 1;

  // 4. Records: changed clusters, and stored ones naming a story that changed.
  std::set<int64_t> renamed;
  for (const auto& m : stored_membership)
    if (moved.count(m.article_id) && !removed.count(m.fused_id)) renamed.insert(m.fused_id);
  std::vector<std::pair<int64_t, store::EventRow>> renamed_rows = store.EventsOfFused(Sorted(renamed));
  std::vector<std::vector<const store::EventRow*>> groups;
  for (const auto& c : changed) {
    groups.emplace_back();
    for (size_t m : c.members) groups.back().push_back(&c.run->rows[m]);
  }
  for (size_t i = 0; i < renamed_rows.size(); ++i) {
    if (i == 0 || renamed_rows[i].first != renamed_rows[i - 1].first) groups.emplace_back();
    groups.back().push_back(&renamed_rows[i].second);
  }
  // Their rows with records, and their articles.
  std::vector<int64_t> event_ids;
  std::set<int64_t> member_articles;
  for (const auto& g : groups)
    for (const auto* e : g) {
      event_ids.push_back(e->id);
      if (!article_by_id.count(e->article_id)) member_articles.insert(e->article_id);
    }
  std::vector<std::string> records = store.EventRecords(event_ids);
  std::vector<store::ArticleRow> others = store.ArticlesById(Sorted(member_articles));
  for (const auto& a : others) article_by_id[a.id] = &a;
  auto article = [&](int64_t id) -> const store::ArticleRow& { return *article_by_id.at(id); };
  auto story = [&](int64_t article_id) {
    auto it = story_of.find(article_id);
    return it != story_of.end() ? it->second : article_by_id.at(article_id)->story_id;
  };
  size_t k = 0;
  for (const auto& g : groups) {
    std::vector<store::EventRow> rows;
    rows.reserve(g.size());
    for (const auto* e : g) {
      rows.push_back(*e);
      rows.back().record = std::move(records[k++]);
    }
    std::vector<Ev> evs;
    for (const auto& row : rows) evs.push_back({&row, row.first_day, row.last_day});
    std::vector<const Ev*> members;
    for (const auto& ev : evs) members.push_back(&ev);
    const Ev* rep = internal::Representative(members);
    u.events.push_back(internal::BuildFusedEvent(members, article, story(rep->row->article_id)));
    removed.insert(u.events.back().id);
    r.merged_events += members.size() > 1 ? members.size() : 0;
  }
  u.removed_events = Sorted(removed);
  r.fused_events = u.events.size();
  r.fused_removed = u.removed_events.size();
  store.ApplyFusedUpdate(u);
  return r;
}

}  // namespace vigie::fuse
