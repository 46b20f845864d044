// Plain rows read from and written to the store by fusion: what the fuse
// library needs of each article and article event, and the fused layer it
// computes. No SQL here.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vigie::store {

// A day as fusion counts them: days since 1970-01-01; this when unknown.
constexpr int kNoDay = INT32_MIN;

struct ArticleRow {
  int64_t id = 0;
  std::string doc_id, published, language, outlet, agency, title, url, path;
  std::vector<uint32_t> minhash;  // empty when the article had no text to hash (or not read)
  int64_t story_id = 0;           // 0 until a fusion has placed it
};

struct ActorRow {
  std::string name, country, sector, group;
  bool empty() const { return country.empty() && sector.empty() && group.empty(); }
};

struct EventRow {
  int64_t id = 0;
  int64_t article_id = 0;
  int ordinal = 0;
  std::string cameo, root;
  ActorRow source, target;
  bool has_place = false;
  int64_t geonames_id = 0;
  std::string place_code, place_name, place_country, precision;
  double lat = 0, lon = 0;
  std::string earliest, latest;
  int first_day = kNoDay, last_day = kNoDay;  // as fusion stored them, when read
  std::string record;  // the article event record (JSON), when read
};

// Two articles fusion confirmed as copies (a < b), with the measure that
// did (Jaccard, else containment).
struct CopyLink {
  int64_t a = 0, b = 0;
  double similarity = 0;
};

// The days fusion gave an article event (kNoDay: undated).
struct EventDays {
  int64_t id = 0;
  int first = kNoDay, last = kNoDay;
};

struct StoryMember {
  int64_t article_id = 0;
  std::string reason;      // first, near_duplicate, same_events
  double similarity = -1;  // Jaccard with `via`, or -1
  int64_t via = 0;
};

struct StoryRow {
  int64_t id = 0;  // smallest member article id
  std::string title;
  std::vector<StoryMember> members;
};

struct FusedEventRow {
  int64_t id = 0;  // smallest member event id
  std::string cameo, root, earliest, latest;
  bool has_place = false;
  std::string place_name, place_country, precision;
  double lat = 0, lon = 0;
  std::string source_country, target_country, source_group, target_group, actors;
  int64_t story_id = 0;
  int mentions = 0, articles = 0, sources = 0;
  std::vector<int64_t> members;  // article event ids
  std::string summary, record;   // JSON
};

// What an incremental fusion changes in a stored layer, written at once
// (Store::ApplyFusedUpdate): fused events and stories removed, then
// (re)written; the new articles' days, copies and events' days.
struct FusedUpdate {
  std::vector<std::pair<int64_t, int>> article_days;
  std::vector<EventDays> event_days;
  std::vector<CopyLink> copies;
  std::vector<int64_t> removed_events;   // fused event ids
  std::vector<FusedEventRow> events;
  std::vector<int64_t> removed_stories;  // story ids
  std::vector<StoryRow> stories;
  int64_t generation = 0;  // as in FusedLayer
};

// A member of a fused event, as the story links read it.
struct Membership {
  int64_t fused_id = 0, event_id = 0, article_id = 0;
  bool has_place = false;
};

struct FusedLayer {
  std::vector<StoryRow> stories;
  std::vector<FusedEventRow> events;
  // What an incremental update needs to continue this layer: every
  // confirmed copy, the day of every article and the days of every event,
  // and the fusion options (text) they were computed with.
  std::vector<CopyLink> copies;
  std::vector<std::pair<int64_t, int>> article_days;
  std::vector<EventDays> event_days;
  std::string options;
  // Store::ArticlesGeneration() when fusion began reading the articles:
  // stored as `fused_generation` with the layer.
  int64_t generation = 0;
};

}  // namespace vigie::store
