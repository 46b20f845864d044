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
  int status = 200;
  std::string body;  // JSON
};

Response ErrorResponse(int status, const std::string& reason);

// GET /api/events?from&to&bbox&code&actor&country&q&limit&offset
Response ListEvents(store::Connection& db, const Params& params);
// GET /api/timeline (same filters): events per day.
Response EventTimeline(store::Connection& db, const Params& params);
// GET /api/events/{id}: the fused record with every contribution's evidence.
Response GetEvent(store::Connection& db, std::string_view id);
// GET /api/articles/{id}: text, metadata, story, and the evidence spans of
// each of its events (UTF-8 byte offsets into `text`).
Response GetArticle(store::Connection& db, std::string_view id);
// GET /api/stats: counts of articles, events, stories, fused events.
Response Stats(store::Connection& db);

}  // namespace vigie::serve
