// The rules of fusion (fuse.h), as functions that the full rebuild
// (fuse.cc) and the incremental update (update.cc) both call, so that the
// two give the same layer by construction: the days of an event, the
// greedy clustering of one CAMEO root's events, stories from copy and
// shared-event links, and a fused record from its members. Internal to
// src/fuse.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fuse/fuse.h"
#include "store/rows.h"

namespace vigie::fuse::internal {

// Days since 1970-01-01 of a YYYY-MM-DD date, or store::kNoDay.
int DayNumber(const std::string& d);

// Published at most max_days apart, or either without a date.
bool WithinDays(int day_a, int day_b, int max_days);

// An article event as clustering sees it: its days (the event's dates,
// else its article's publication day; both kNoDay when either is unknown
// or the range is reversed).
struct Ev {
  const store::EventRow* row = nullptr;
  int first = store::kNoDay, last = store::kNoDay;
};
std::pair<int, int> EventDays(const store::EventRow& e, const std::string& article_published);

// Clusters of one root's events, given in (first, id) order: each event
// joins the first open cluster (in creation order) whose every member it
// is compatible with; a cluster closes once an event starts after its last
// day. Returns each cluster's indexes into `evs`, in creation order.
//
// The sequence cuts itself into runs: where every earlier event ends before
// the next begins, no cluster stays open, so each run of overlapping date
// ranges (and the undated events, which only join each other) is clustered
// the same alone as within all of the root's events. The incremental
// update relies on this.
std::vector<std::vector<size_t>> Cluster(std::span<const Ev> evs, double max_km);

// Story links among a closed set of articles (no link leaves it).
struct StoryInput {
  std::vector<const store::ArticleRow*> articles;  // sorted by id
  std::vector<store::CopyLink> copies;             // confirmed copies, a < b, sorted
  // Fused events with a place that articles a < b share, for a, b in the set.
  std::map<std::pair<int64_t, int64_t>, int> shared;
  std::unordered_map<int64_t, int> events;  // article id -> number of article events
};
// The stories of those articles; counts same_event_links into the report.
std::vector<store::StoryRow> BuildStories(const StoryInput& input, const Options& options, Report* report);

// The member the record is built from: the fullest, ties to the first stored.
const Ev* Representative(std::span<const Ev* const> members);

// The fused event of a cluster (members in any order; their rows carry the
// record JSON), with `story_id` the story of the representative's article.
store::FusedEventRow BuildFusedEvent(std::vector<const Ev*> members,
                                     const std::function<const store::ArticleRow&(int64_t)>& article,
                                     int64_t story_id);

// The options a fused layer was computed with, as stored beside it: an
// incremental update continues only a layer made with the same ones.
std::string OptionsKey(const Options& options);

}  // namespace vigie::fuse::internal
