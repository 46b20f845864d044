// The JSON API over a store connection, independent of the HTTP library:
// each handler takes the path's id or the query parameters and returns a
// status and a body. Bad input is a 400 with {"error": reason}; a missing
// id a 404; nothing the client sends can reach SQL as text.
#pragma once

#include <string>

#include "serve/params.h"
#include "store/sqlite.h"

namespace vigie::serve {

struct Response {
  Response(int s, std::string b, std::string type = "application/json; charset=utf-8", std::string file = "")
      : status(s), body(std::move(b)), content_type(std::move(type)), filename(std::move(file)) {}
  int status;
  std::string body;
  std::string content_type;
  std::string filename;  // set: sent as an attachment (Content-Disposition)
};

Response ErrorResponse(int status, const std::string& reason);

// GET /api/events (parameters in params.h): {"count": the matches (all of
// them, or with "count_exact": false the first offset + 1000: see count in
// params.h), "count_exact", "returned": this page's length, "limit",
// "offset", "sort", "events": [...]};
// with format=csv one row per event, with format=geojson a FeatureCollection
// of the events that have a place.
Response ListEvents(store::Connection& db, const Params& params);
// GET /api/timeline (same filters): {"days": [{"day", "count"}] by earliest
// date, "ranges": [{"earliest", "latest", "count"}] of the events dated by a
// range of days, "undated": n, "count": every match}.
Response EventTimeline(store::Connection& db, const Params& params);
// GET /api/places (same filters): the matching events grouped by place,
// each with its count, reported fatalities, newest date and counts per
// PLOVER type and per ACLED type.
Response Places(store::Connection& db, const Params& params);
// GET /api/facets: the PLOVER types, ACLED types, CAMEO roots, place
// countries (both codes) and modalities present, with their counts.
Response Facets(store::Connection& db);
// GET /api/actors?q=part: actor names and codes containing it, most
// frequent first (at most 20).
Response Actors(store::Connection& db, const Params& params);
// GET /api/events/{id}: the fused record with every contribution's evidence.
Response GetEvent(store::Connection& db, std::string_view id);
// GET /api/articles/{id}: text, metadata, story, and the evidence spans of
// each of its events (UTF-8 byte offsets into `text`).
Response GetArticle(store::Connection& db, std::string_view id);
// GET /api/stats: counts of articles, events, stories, fused events.
Response Stats(store::Connection& db);

}  // namespace vigie::serve
