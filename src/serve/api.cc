// API handlers; see api.h. Lists are assembled from the stored JSON
// summaries without re-parsing them.
#include "serve/api.h"

#include <nlohmann/json.hpp>

#include "store/query.h"

namespace vigie::serve {

namespace {
using Json = nlohmann::ordered_json;
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
}  // namespace

Response ErrorResponse(int status, const std::string& reason) {
  return {status, Dump(Json{{"error", reason}})};
}

Response ListEvents(store::Connection& db, const Params& params) {
  ParsedFilter p = ParseEventParams(params);
  if (!p.ok()) return ErrorResponse(400, p.error);
  std::vector<std::string> rows = store::QueryEvents(db, p.filter);
  std::string body = "{\"count\":" + std::to_string(rows.size()) +
                     ",\"limit\":" + std::to_string(p.filter.limit) +
                     ",\"offset\":" + std::to_string(p.filter.offset) + ",\"events\":[";
  size_t size = body.size() + 2;
  for (const auto& r : rows) size += r.size() + 1;
  body.reserve(size);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) body += ',';
    body += rows[i];
  }
  body += "]}";
  return {200, std::move(body)};
}

Response EventTimeline(store::Connection& db, const Params& params) {
  Params filters;
  for (const auto& kv : params)
    if (kv.first != "limit" && kv.first != "offset") filters.push_back(kv);
  ParsedFilter p = ParseEventParams(filters);
  if (!p.ok()) return ErrorResponse(400, p.error);
  Json days = Json::array();
  for (const auto& [day, n] : store::Timeline(db, p.filter)) days.push_back({{"day", day}, {"count", n}});
  return {200, Dump(Json{{"days", std::move(days)}})};
}

Response GetEvent(store::Connection& db, std::string_view id) {
  int64_t n = ParseId(id);
  if (n < 0) return ErrorResponse(400, "an event id is a positive number");
  auto record = store::FusedRecord(db, n);
  if (!record) return ErrorResponse(404, "no event " + std::to_string(n));
  return {200, *record};
}

Response GetArticle(store::Connection& db, std::string_view id) {
  int64_t n = ParseId(id);
  if (n < 0) return ErrorResponse(400, "an article id is a positive number");
  auto a = store::Article(db, n);
  if (!a) return ErrorResponse(404, "no article " + std::to_string(n));
  Json j;
  j["id"] = a->id;
  j["doc_id"] = a->doc_id;
  j["url"] = OrNull(a->url);
  j["path"] = OrNull(a->path);
  j["published"] = OrNull(a->published);
  j["language"] = OrNull(a->language);
  j["title"] = OrNull(a->title);
  j["outlet"] = OrNull(a->outlet);
  j["agency"] = OrNull(a->agency);
  j["byline"] = OrNull(a->byline);
  Json story = Json::array();
  for (const auto& m : a->story)
    story.push_back({{"article", m.article},
                     {"doc_id", m.doc_id},
                     {"title", OrNull(m.title)},
                     {"outlet", OrNull(m.outlet)},
                     {"reason", m.reason},
                     {"similarity", m.similarity < 0 ? Json(nullptr) : Json(m.similarity)},
                     {"via", m.via ? Json(m.via) : Json(nullptr)}});
  j["story_id"] = a->story_id ? Json(a->story_id) : Json(nullptr);
  j["story"] = std::move(story);
  j["text"] = a->text;
  Json events = Json::array();
  for (const auto& e : a->events) {
    Json spans = Json::array();
    for (const auto& s : e.evidence) {
      Json o = {{"field", s.field}, {"begin", s.begin}, {"end", s.end}};
      if (s.raw_begin >= 0) {
        o["raw_begin"] = s.raw_begin;
        o["raw_end"] = s.raw_end;
      }
      o["rule"] = s.rule;
      if (s.begin >= 0 && s.end >= s.begin && static_cast<size_t>(s.end) <= a->text.size())
        o["text"] = a->text.substr(s.begin, s.end - s.begin);
      spans.push_back(std::move(o));
    }
    events.push_back({{"event_id", e.id},
                      {"fused_id", e.fused_id ? Json(e.fused_id) : Json(nullptr)},
                      {"record_id", a->doc_id + "#" + std::to_string(e.ordinal)},
                      {"cameo", e.cameo},
                      {"evidence", std::move(spans)}});
  }
  j["events"] = std::move(events);
  return {200, Dump(j)};
}

Response Stats(store::Connection& db) {
  Json j;
  for (const char* table : {"articles", "events", "stories", "fused_events"}) {
    // The table name is one of four constants, never input.
    store::Statement& s = db.Prepare(std::string("SELECT count(*) FROM ") + table);
    j[table] = s.Step() ? s.Int(0) : 0;
    s.Reset();
  }
  return {200, Dump(j)};
}

}  // namespace vigie::serve
