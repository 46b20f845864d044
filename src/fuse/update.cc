// Incremental fusion: the articles no fusion has placed yet (no story) are
// added to the stored layer, reading and rewriting only what they can
// touch, with the rules of the full rebuild (rules.cc), so that the result
// is the layer `vigie fuse --rebuild` computes from the same articles.
//
// 1. Copies: a new article is compared with the placed articles published
//    within max_days of it (articles.day, indexed) or undated, through the
//    same LSH banding; confirmed copies are stored (copy_links).
// 2. Events: per CAMEO root, the clustering (rules.h) is replayed from
//    where a new event falls, starting from the clusters the stored layer
//    had open there (the stored events still open on that day, through
//    event_days(root, last_day), and their clusters' earlier members), taking
//    the stored events in order (event_days(root, first_day)) in two runs, one
//    with the new events and one without (which remakes the stored
//    clusters), until both have the same open clusters: from there on they
//    go the same way. The clusters closed by then are compared: an
//    unchanged one keeps its rows, a changed one is rewritten, a vanished
//    one deleted. The undated events of a root are replayed whole.
// 3. Stories: the articles touched (new ones, members of changed clusters,
//    copies of new ones) and every article of their stories are a closed
//    set (no copy or shared-events link leaves it in the stored layer, and
//    the new links are among them), whose stories are computed again.
// 4. Records: the changed clusters, and the fused events of articles whose
//    story changed (a record names its story), are built again.
#include <algorithm>
#include <climits>
#include <deque>
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

// What replaying the roots of the new events gave: the clusters that
// differ from the stored ones (their members), and the stored fused
// events that are gone (their ids) with their articles.
struct Replayed {
  std::vector<std::vector<const store::EventRow*>> changed;
  std::set<int64_t> removed;
  std::set<int64_t> articles;  // of the changed and removed clusters' members
  size_t events = 0;           // stored events replayed
};

// (first day, id): the order in which a root's events are clustered.
bool Before(const store::EventRow& a, const store::EventRow& b) {
  return a.first_day != b.first_day ? a.first_day < b.first_day : a.id < b.id;
}

Ev Of(const store::EventRow& e) { return {&e, e.first_day, e.last_day}; }

// Compares the clusters a replay closed (all of them when it did not
// stop early at an event of `day`) with those of the stored run over the
// same events.
void Collect(const internal::Clustering& now, const internal::Clustering& then, bool stopped, int day,
             Replayed* out) {
  auto closed = [&](const internal::Clustering& c) {
    std::vector<const internal::Clustering::Group*> groups;
    std::set<size_t> open;
    for (size_t g : c.open())
      if (internal::Clustering::OpenOn(c.groups()[g], day)) open.insert(g);
    for (size_t g = 0; g < c.groups().size(); ++g)
      if (!stopped || !open.count(g)) groups.push_back(&c.groups()[g]);
    return groups;
  };
  auto ids = [](const internal::Clustering::Group& g) {
    std::vector<int64_t> v;
    for (const Ev& m : g.members) v.push_back(m.row->id);
    std::sort(v.begin(), v.end());
    return v;
  };
  std::map<int64_t, std::pair<std::vector<int64_t>, const internal::Clustering::Group*>> stored;
  for (const auto* g : closed(then)) {
    auto v = ids(*g);
    const int64_t id = v.front();
    stored.emplace(id, std::make_pair(std::move(v), g));
  }
  for (const auto* g : closed(now)) {
    auto v = ids(*g);
    auto it = stored.find(v.front());
    if (it != stored.end() && it->second.first == v) {
      stored.erase(it);
      continue;
    }
    out->changed.emplace_back();
    for (const Ev& m : g->members) {
      out->changed.back().push_back(m.row);
      out->articles.insert(m.row->article_id);
    }
  }
  for (const auto& [id, old] : stored) {
    out->removed.insert(id);
    for (const Ev& m : old.second->members) out->articles.insert(m.row->article_id);
  }
}

constexpr int kBatch = 256;

// Replays one root's dated events from the new event fresh[*i]: both runs
// (with the new events, and the stored one without) start from the
// clusters the stored layer had open there, take the stored events in
// order, and stop where their open clusters are the same again (or at the
// end). Advances *i past the new events replayed.
void ReplayFrom(store::Store& store, const std::string& root, const Options& options,
                const std::vector<const store::EventRow*>& fresh, size_t* i, std::deque<store::EventRow>* arena,
                Replayed* out) {
  const store::EventRow& p = *fresh[*i];
  // The stored clusters open at p: whose members before p are all still
  // open on its day (found through any of them).
  std::vector<int64_t> before;
  for (const auto& d : store.EventsOpenOn(root, p.first_day))
    if (d.first < p.first_day || (d.first == p.first_day && d.id < p.id)) before.push_back(d.id);
  std::set<int64_t> fused_ids;
  for (auto [event, fused] : store.FusedIdsOfEvents(before)) fused_ids.insert(fused);
  std::map<int64_t, internal::Clustering::Group> open;
  for (auto& [fused, row] : store.EventsOfFused(std::vector<int64_t>(fused_ids.begin(), fused_ids.end()))) {
    if (!Before(row, p)) continue;  // met again in the replay
    arena->push_back(std::move(row));
    open[fused].members.push_back(Of(arena->back()));
  }
  std::vector<internal::Clustering::Group> seeds;
  for (auto& [fused, g] : open) {
    std::sort(g.members.begin(), g.members.end(), [](const Ev& a, const Ev& b) { return Before(*a.row, *b.row); });
    seeds.push_back(std::move(g));
  }
  std::sort(seeds.begin(), seeds.end(),  // creation order: by first member
            [](const auto& a, const auto& b) { return Before(*a.members[0].row, *b.members[0].row); });
  internal::Clustering now(options.max_km), then(options.max_km);
  for (auto& g : seeds) {
    internal::Clustering::Group seed;
    for (const Ev& m : g.members) {
      seed.last = seed.members.empty() ? m.last : std::max(seed.last, m.last);
      seed.min_last = seed.members.empty() ? m.last : std::min(seed.min_last, m.last);
      seed.members.push_back(m);
    }
    for (const Ev& m : g.members) seed.print += internal::MemberPrint(m.row->id);
    if (!internal::Clustering::OpenOn(seed, p.first_day)) continue;  // closed before p
    now.Open(seed);
    then.Open(std::move(seed));
  }
  size_t j = *i;
  bool stopped = false;
  int stop_day = kNoDay;
  int from_day = p.first_day;
  int64_t from_id = p.id;
  for (;;) {
    std::vector<store::EventRow> batch = store.EventsFrom(root, from_day, from_id, kBatch);
    for (auto& row : batch) {
      arena->push_back(std::move(row));
      const store::EventRow& q = arena->back();
      while (j < fresh.size() && Before(*fresh[j], q)) now.Add(Of(*fresh[j++]));
      if (internal::Clustering::Same(now, then, q.first_day)) {
        stopped = true;
        stop_day = q.first_day;
        break;
      }
      now.Add(Of(q));
      then.Add(Of(q));
      ++out->events;
      from_day = q.first_day;
      from_id = q.id + 1;
    }
    if (stopped || batch.size() < static_cast<size_t>(kBatch)) break;
  }
  if (!stopped)
    while (j < fresh.size()) now.Add(Of(*fresh[j++]));
  Collect(now, then, stopped, stop_day, out);
  *i = j;
}

// The new events of one root replayed: the undated ones with every stored
// undated event of the root, the dated ones from where each falls.
void ReplayRoot(store::Store& store, const std::string& root, const Options& options,
                std::vector<const store::EventRow*> fresh, std::deque<store::EventRow>* arena, Replayed* out) {
  std::vector<const store::EventRow*> undated, dated;
  for (const auto* e : fresh) (e->first_day == kNoDay ? undated : dated).push_back(e);
  if (!undated.empty()) {
    internal::Clustering now(options.max_km), then(options.max_km);
    std::vector<const store::EventRow*> all;
    for (auto& row : store.UndatedEvents(root)) {
      arena->push_back(std::move(row));
      all.push_back(&arena->back());
    }
    for (const auto* e : undated) all.push_back(e);
    std::sort(all.begin(), all.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
    for (const auto* e : all) {
      now.Add(Of(*e));
      if (std::find(undated.begin(), undated.end(), e) == undated.end()) {
        then.Add(Of(*e));
        ++out->events;
      }
    }
    Collect(now, then, false, kNoDay, out);
  }
  std::sort(dated.begin(), dated.end(), [](const auto* a, const auto* b) { return Before(*a, *b); });
  for (size_t i = 0; i < dated.size();) ReplayFrom(store, root, options, dated, &i, arena, out);
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
  std::deque<store::EventRow> arena;  // the stored events read, for the records
  Replayed replayed;
  for (const auto& [root, events] : fresh_by_root) ReplayRoot(store, root, options, events, &arena, &replayed);
  r.run_events = replayed.events;
  const auto& changed = replayed.changed;
  std::set<int64_t>& removed = replayed.removed;
  touched.insert(replayed.articles.begin(), replayed.articles.end());

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
    if (!changed[c].front()->has_place) continue;
    auto& list = with_place[-1 - static_cast<int64_t>(c)];  // not a stored id
    for (const auto* m : changed[c]) list.push_back(m->article_id);
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
  const std::set<int64_t> vanished_or_changed = removed;
  std::set<int64_t> renamed;
  for (const auto& m : stored_membership)
    if (moved.count(m.article_id) && !removed.count(m.fused_id)) renamed.insert(m.fused_id);
  std::vector<std::pair<int64_t, store::EventRow>> renamed_rows = store.EventsOfFused(Sorted(renamed));
  std::vector<std::vector<const store::EventRow*>> groups;
  for (const auto& c : changed) groups.push_back(c);
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
  std::set<int64_t> written;
  for (const auto& f : u.events) written.insert(f.id);
  for (int64_t id : vanished_or_changed) r.fused_removed += !written.count(id);
  store.ApplyFusedUpdate(u);
  return r;
}

}  // namespace vigie::fuse
