// Plain rows read from and written to the store by fusion: what the fuse
// library needs of each article and article event, and the fused layer it
// computes. No SQL here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::store {

struct ArticleRow {
  int64_t id = 0;
  std::string doc_id, published, language, outlet, agency, title, url, path;
  std::vector<uint32_t> minhash;  // empty when the article had no text to hash
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
  std::string record;  // the article event record (JSON)
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

struct FusedLayer {
  std::vector<StoryRow> stories;
  std::vector<FusedEventRow> events;
  // Store::ArticlesGeneration() when fusion began reading the articles:
  // stored as `fused_generation` with the layer.
  int64_t generation = 0;
};

}  // namespace vigie::store
