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

// The clustering of one root's events, given one at a time in (first, id)
// order: each event joins the first open cluster (in creation order) whose
// every member it is compatible with. An event must overlap every member,
// so a cluster can take nothing more once an event starts after the
// earliest last day of its members: it closes then (closing it once an
// event starts after its latest day, as fusion first did, chooses the
// same clusters, slower). Cluster() runs it over a whole sequence; the
// incremental update also starts it from the clusters a stored layer had
// open at some point, and compares two runs' open clusters (Same).
class Clustering {
 public:
  struct Group {
    std::vector<Ev> members;
    int last = store::kNoDay;      // latest day of any member
    int min_last = store::kNoDay;  // earliest last day of any member
    uint64_t print = 0;        // a hash of the member ids, independent of order
  };
  explicit Clustering(double max_km) : max_km_(max_km) {}
  // A cluster open before the first Add (call in creation order).
  void Open(Group group);
  // Adds an event; returns the index of the group it joined.
  size_t Add(const Ev& e);
  const std::vector<Group>& groups() const { return groups_; }
  const std::vector<size_t>& open() const { return open_; }
  // Whether a cluster can still take an event starting on `day`.
  static bool OpenOn(const Group& g, int day);
  // Whether both have the same clusters open on `day`, with the same members.
  static bool Same(const Clustering& a, const Clustering& b, int day);

 private:
  double max_km_;
  std::vector<Group> groups_;
  std::vector<size_t> open_;  // indexes into groups_, in creation order
};

// The contribution of one member to Group::print.
uint64_t MemberPrint(int64_t event_id);

// Clusters of one root's events, given in (first, id) order (Clustering
// over all of them), in creation order.
//
// The undated events only join each other, and the dated ones in date
// order: the incremental update replays a root from the clusters open where
// a new event falls, and stops where its run has the same open clusters as
// the stored run at the same event (from there on, both go the same way).
std::vector<Clustering::Group> Cluster(std::span<const Ev> evs, double max_km);

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
