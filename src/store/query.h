// Read queries over the fused layer for the API and the exports. Every
// filter is a constant SQL clause with bound parameters; which clauses are
// present depends only on which filters are set, never on their values.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite.h"

namespace vigie::store {

// Within a list the values are alternatives; `codes`, `plover` and `acled`
// together are one set of event types (an event of any of them matches);
// every other filter must hold as well.
struct EventFilter {
  std::string from, to;  // YYYY-MM-DD: events whose dates overlap [from, to]
  bool has_bbox = false;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  std::vector<std::string> codes;      // CAMEO code prefixes, digits only: "19", "195"
  std::vector<std::string> plover;     // PLOVER types: "ASSAULT"
  std::vector<std::string> acled;      // ACLED event types: "Battles"
  std::string actor;                   // an actor code (RUS, ISIL, MIL) or part of a name, any case
  std::vector<std::string> countries;  // ISO alpha-2 of the place's country
  std::string text;                    // FTS5 query over the contributing articles' text (already quoted)
  int64_t min_fatalities = -1;         // at least this many reported killed; -1: any
  std::vector<std::string> modality;   // asserted, negated, hypothetical, reported
  int background = -1;                 // 0: news of the day only, 1: background only, -1: both
  enum class Sort { kDateDesc, kDateAsc, kFatalitiesDesc, kFatalitiesAsc, kSourcesDesc, kSourcesAsc,
                    kMentionsDesc, kCodeAsc, kCodeDesc, kPlaceAsc, kPlaceDesc };
  Sort sort = Sort::kDateDesc;
  int64_t limit = 100;
  int64_t offset = 0;
};

// Summaries (JSON text) of the fused events matching the filter, in the
// filter's order (newest first by default; ties by id), with their
// reported fatalities (-1: no figure).
struct EventSummary {
  std::string json;
  int64_t fatalities = -1;
};
std::vector<EventSummary> QueryEvents(Connection& db, const EventFilter& filter);

// The query plans (EXPLAIN QUERY PLAN, one step a line) of the page and of
// the count QueryEvents and CountEvents run for this filter: tests check
// that the main queries read indexes, not the whole table.
std::string ExplainEvents(Connection& db, const EventFilter& filter);

// How many fused events match (ignoring limit and offset), counted up to
// `cap` when it is not negative: past it the count stops at `cap` and is
// not exact. As a search engine answers "10,000+": counting half a million
// matches means reading them all, where a page reads a hundred.
struct EventCount {
  int64_t n = 0;
  bool exact = true;
};
EventCount CountEvents(Connection& db, const EventFilter& filter, int64_t cap = -1);

// Matching fused events by date: per (earliest, latest) pair, oldest
// first, and how many have no date.
struct DateCount {
  std::string earliest, latest;
  int64_t count = 0;
};
struct TimelineRows {
  std::vector<DateCount> dates;
  int64_t undated = 0;
};
TimelineRows Timeline(Connection& db, const EventFilter& filter);

// Matching fused events with a place, grouped by place (same coordinates
// and name), ordered by latitude then longitude, each with its counts per
// PLOVER type and per ACLED type ("" for none).
struct PlaceSummary {
  double lat = 0, lon = 0;
  std::string name, country, precision;
  int64_t geonames_id = 0;
  int64_t count = 0, fatalities = 0;  // fatalities: the sum of the events' figures
  std::string latest;                 // the newest date there
  std::vector<std::pair<std::string, int64_t>> plover, acled;
};
std::vector<PlaceSummary> PlaceCounts(Connection& db, const EventFilter& filter);

// Values present in the fused layer with their number of events, most
// frequent first, for each of the columns plover, acled_type, root,
// place_country and modality (in that order), read in one scan.
using ValueCounts = std::vector<std::pair<std::string, int64_t>>;
std::vector<ValueCounts> FacetCounts(Connection& db);

// Actor names and codes of the fused layer that contain `part` (any case),
// with their number of events, most frequent first.
std::vector<std::pair<std::string, int64_t>> ActorSuggestions(Connection& db, std::string_view part, size_t limit);

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
