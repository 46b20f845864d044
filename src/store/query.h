// Read queries over the fused layer for the API and the exports. Every
// filter is a constant SQL clause with bound parameters; which clauses are
// present depends only on which filters are set, never on their values.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.h"

namespace vigie::store {

struct EventFilter {
  std::string from, to;  // YYYY-MM-DD: events whose dates overlap [from, to]
  bool has_bbox = false;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  std::string code;      // CAMEO code prefix, digits only: "19", "195"
  std::string actor;     // an actor code (RUS, ISIL, MIL) or part of a name, any case
  std::string country;   // ISO alpha-2: the place's country; alpha-3: an actor's
  std::string text;      // FTS5 query over the contributing articles' text (already quoted)
  int64_t limit = 100;
  int64_t offset = 0;
};

// Summaries (JSON text) of the fused events matching the filter, newest
// first.
std::vector<std::string> QueryEvents(Connection& db, const EventFilter& filter);

// Number of matching fused events per day (by earliest date), oldest first.
std::vector<std::pair<std::string, int64_t>> Timeline(Connection& db, const EventFilter& filter);

// The full record of one fused event (JSON text).
std::optional<std::string> FusedRecord(Connection& db, int64_t id);

struct SpanRow {
  std::string field;
  int64_t begin = 0, end = 0;
  int64_t raw_begin = -1, raw_end = -1;
  std::string rule;
};

struct ArticleEventView {
  int64_t id = 0, fused_id = 0;
  int ordinal = 0;
  std::string cameo;
  std::vector<SpanRow> evidence;
};

struct StoryMemberView {
  int64_t article = 0;
  std::string doc_id, title, outlet, reason;
  double similarity = -1;
  int64_t via = 0;
};

struct ArticleView {
  int64_t id = 0, story_id = 0;
  std::string doc_id, url, path, published, language, title, outlet, agency, byline, text;
  std::vector<ArticleEventView> events;
  std::vector<StoryMemberView> story;
};
std::optional<ArticleView> Article(Connection& db, int64_t id);

// What the exports need of each stored article and article event.
struct ExportArticle {
  int64_t id = 0;
  std::string doc_id, raw_hash, url, path, published, published_rule, ingested_at, outlet, agency,
      language, title;
  std::string text;  // only when asked for
};
std::map<int64_t, ExportArticle> ExportArticles(Connection& db, bool with_text);

struct ExportEvent {
  int64_t id = 0, article_id = 0;
  int ordinal = 0;
  int64_t sentence_begin = -1;
  int in_lead = -1;  // 1, 0, or -1 when not known (stored before schema 3)
};
std::map<int64_t, ExportEvent> ExportEvents(Connection& db);

// Every fused event's full record, in id order (exports).
void ForEachFusedRecord(Connection& db, const std::function<void(int64_t, const std::string&)>& fn);

}  // namespace vigie::store
