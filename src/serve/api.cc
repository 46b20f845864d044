// API handlers; see api.h. Lists are assembled from the stored JSON
// summaries without re-parsing them.
#include "serve/api.h"

#include <nlohmann/json.hpp>

#include "export/formats.h"
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

namespace {

// A summary with its reported fatalities spliced in as the last key
// ("fatalities": n or null), without parsing it.
void AppendWithFatalities(std::string& out, const store::EventSummary& e) {
  std::string_view j = e.json;
  while (!j.empty() && j.back() != '}') j.remove_suffix(1);
  if (j.empty()) {
    out += "null";
    return;
  }
  j.remove_suffix(1);
  out += j;
  out += j.size() > 1 ? ",\"fatalities\":" : "\"fatalities\":";
  out += e.fatalities >= 0 ? std::to_string(e.fatalities) : "null";
  out += '}';
}

// A CSV field through the exports' cell writer: RFC 4180 quoting and the
// spreadsheet formula guard (a text cell starting with = + - @ tab or CR
// gets a leading apostrophe; numbers, a negative longitude, are left).
std::string CsvField(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return exports::CsvCell(v.get<std::string>(), true);
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return exports::CsvCell(v.dump(), !v.is_number());
}

Json At(const Json& j, const char* a, const char* b = nullptr) {
  if (!j.is_object() || !j.contains(a)) return nullptr;
  const Json& x = j[a];
  if (!b) return x;
  if (!x.is_object() || !x.contains(b)) return nullptr;
  return x[b];
}

constexpr const char* kCsvColumns[] = {
    "id", "date_earliest", "date_latest", "cameo_code", "cameo_root", "plover", "acled_event_type",
    "acled_sub_event_type", "source_name", "source_country", "source_group", "target_name", "target_country",
    "target_group", "place_name", "admin1", "country", "latitude", "longitude", "precision", "geonames_id",
    "fatalities", "modality", "background", "mentions", "articles", "sources", "article_ids"};

std::vector<Json> CsvRow(const Json& e, int64_t fatalities) {
  Json ids = At(e, "article_ids");
  std::string joined;
  if (ids.is_array())
    for (const auto& id : ids) joined += (joined.empty() ? "" : " ") + (id.is_string() ? id.get<std::string>() : id.dump());
  return {At(e, "id"), At(e, "date", "earliest"), At(e, "date", "latest"), At(e, "cameo", "code"),
          At(e, "cameo", "root"), At(e, "plover"), At(e, "acled", "event_type"), At(e, "acled", "sub_event_type"),
          At(e, "source", "name"), At(e, "source", "country"), At(e, "source", "group"), At(e, "target", "name"),
          At(e, "target", "country"), At(e, "target", "group"), At(e, "place", "name"), At(e, "place", "admin1"),
          At(e, "place", "country"), At(e, "place", "lat"), At(e, "place", "lon"), At(e, "place", "precision"),
          At(e, "place", "geonames_id"), fatalities >= 0 ? Json(fatalities) : Json(nullptr), At(e, "modality"),
          At(e, "background"), At(e, "counts", "mentions"), At(e, "counts", "articles"), At(e, "counts", "sources"),
          Json(joined)};
}

Response EventsCsv(const std::vector<store::EventSummary>& rows) {
  std::string out;
  for (const char* c : kCsvColumns) out += std::string(out.empty() ? "" : ",") + c;
  out += "\r\n";
  for (const auto& r : rows) {
    Json e = Json::parse(r.json, nullptr, false);
    bool first = true;
    for (const Json& v : CsvRow(e, r.fatalities)) {
      if (!first) out += ',';
      first = false;
      out += CsvField(v);
    }
    out += "\r\n";
  }
  return {200, std::move(out), "text/csv; charset=utf-8", "vigie-events.csv"};
}

std::string CountFields(const store::EventCount& total) {
  return "\"count\":" + std::to_string(total.n) + ",\"count_exact\":" + (total.exact ? "true" : "false");
}

Response EventsGeoJson(const std::vector<store::EventSummary>& rows, const store::EventCount& total) {
  std::string out = "{\"type\":\"FeatureCollection\"," + CountFields(total) + ",\"features\":[";
  bool first = true;
  for (const auto& r : rows) {
    Json e = Json::parse(r.json, nullptr, false);
    Json lat = At(e, "place", "lat"), lon = At(e, "place", "lon");
    if (!lat.is_number() || !lon.is_number()) continue;
    e["fatalities"] = r.fatalities >= 0 ? Json(r.fatalities) : Json(nullptr);
    Json f = {{"type", "Feature"},
              {"id", At(e, "id")},
              {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}},
              {"properties", std::move(e)}};
    if (!first) out += ',';
    first = false;
    out += Dump(f);
  }
  out += "]}";
  return {200, std::move(out), "application/geo+json; charset=utf-8", "vigie-events.geojson"};
}

const char* SortName(store::EventFilter::Sort s) {
  using S = store::EventFilter::Sort;
  switch (s) {
    case S::kDateDesc: return "-date";
    case S::kDateAsc: return "date";
    case S::kFatalitiesDesc: return "-fatalities";
    case S::kFatalitiesAsc: return "fatalities";
    case S::kSourcesDesc: return "-sources";
    case S::kSourcesAsc: return "sources";
    case S::kMentionsDesc: return "-mentions";
    case S::kCodeAsc: return "code";
    case S::kCodeDesc: return "-code";
    case S::kPlaceAsc: return "place";
    case S::kPlaceDesc: return "-place";
  }
  return "-date";
}

}  // namespace

Response ListEvents(store::Connection& db, const Params& params) {
  ParsedFilter p = ParseEventParams(params);
  if (!p.ok()) return ErrorResponse(400, p.error);
  std::vector<store::EventSummary> rows = store::QueryEvents(db, p.filter);
  if (p.format == Format::kCsv) return EventsCsv(rows);
  // A short page that is not past the end holds the last match: it counts.
  const store::EventFilter& f = p.filter;
  const auto returned = static_cast<int64_t>(rows.size());
  store::EventCount total = returned < f.limit && (returned > 0 || f.offset == 0)
                                ? store::EventCount{f.offset + returned, true}
                                : store::CountEvents(db, f, p.exact_count ? -1 : f.offset + kCountCap);
  if (p.format == Format::kGeoJson) return EventsGeoJson(rows, total);
  std::string body = "{" + CountFields(total) + ",\"returned\":" + std::to_string(rows.size()) +
                     ",\"limit\":" + std::to_string(p.filter.limit) +
                     ",\"offset\":" + std::to_string(p.filter.offset) + ",\"sort\":\"" + SortName(p.filter.sort) +
                     "\",\"events\":[";
  size_t size = body.size() + 2;
  for (const auto& r : rows) size += r.json.size() + 24;
  body.reserve(size);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) body += ',';
    AppendWithFatalities(body, rows[i]);
  }
  body += "]}";
  return {200, std::move(body)};
}

Response EventTimeline(store::Connection& db, const Params& params) {
  ParsedFilter p = ParseEventParams(FilterParamsOnly(params));
  if (!p.ok()) return ErrorResponse(400, p.error);
  store::TimelineRows t = store::Timeline(db, p.filter);
  Json days = Json::array(), ranges = Json::array();
  int64_t total = t.undated;
  for (const auto& d : t.dates) {
    total += d.count;
    if (!days.empty() && days.back()["day"] == d.earliest)
      days.back()["count"] = days.back()["count"].get<int64_t>() + d.count;
    else
      days.push_back({{"day", d.earliest}, {"count", d.count}});
    if (d.latest > d.earliest) ranges.push_back({{"earliest", d.earliest}, {"latest", d.latest}, {"count", d.count}});
  }
  return {200, Dump(Json{{"count", total}, {"undated", t.undated}, {"days", std::move(days)},
                         {"ranges", std::move(ranges)}})};
}

Response Places(store::Connection& db, const Params& params) {
  ParsedFilter p = ParseEventParams(FilterParamsOnly(params));
  if (!p.ok()) return ErrorResponse(400, p.error);
  Json places = Json::array();
  int64_t total = 0;
  auto counts = [](const std::vector<std::pair<std::string, int64_t>>& by_type) {
    Json o = Json::object();
    for (const auto& [t, n] : by_type) o[t.empty() ? "none" : t] = o.value(t.empty() ? "none" : t, int64_t{0}) + n;
    return o;
  };
  for (const auto& r : store::PlaceCounts(db, p.filter)) {
    total += r.count;
    places.push_back({{"lat", r.lat}, {"lon", r.lon}, {"name", r.name}, {"country", OrNull(r.country)},
                      {"geonames_id", r.geonames_id ? Json(r.geonames_id) : Json(nullptr)},
                      {"precision", OrNull(r.precision)}, {"count", r.count}, {"fatalities", r.fatalities},
                      {"latest", OrNull(r.latest)}, {"plover", counts(r.plover)}, {"acled", counts(r.acled)}});
  }
  return {200, Dump(Json{{"count", total}, {"places", std::move(places)}})};
}

Response Facets(store::Connection& db) {
  std::vector<store::ValueCounts> f = store::FacetCounts(db);
  Json j;
  auto list = [&](const store::ValueCounts& counts) {
    Json a = Json::array();
    for (const auto& [v, n] : counts) a.push_back({{"value", v}, {"count", n}});
    return a;
  };
  j["plover"] = list(f[0]);
  j["acled"] = list(f[1]);
  j["cameo_roots"] = list(f[2]);
  j["modality"] = list(f[4]);
  Json countries = Json::array();
  for (const auto& [v, n] : f[3]) countries.push_back({{"alpha2", v}, {"alpha3", OrNull(CountryAlpha3(v))}, {"count", n}});
  j["countries"] = std::move(countries);
  return {200, Dump(j)};
}

Response Actors(store::Connection& db, const Params& params) {
  std::string part;
  for (const auto& [k, v] : params) {
    if (k != "q") return ErrorResponse(400, "unknown parameter '" + k + "' (known: q)");
    part = v;
  }
  if (part.empty() || part.size() > 100 || part.find('\0') != std::string::npos)
    return ErrorResponse(400, "q must be 1 to 100 bytes of text");
  Json a = Json::array();
  for (const auto& [name, n] : store::ActorSuggestions(db, part, 20)) a.push_back({{"name", name}, {"count", n}});
  return {200, Dump(Json{{"actors", std::move(a)}})};
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
