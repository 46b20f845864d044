// `vigie export --db FILE --format F [filters]`: the fused events out
// (`--store sqlite:FILE` or `--store postgresql://...` as well).
//
//   jsonl           one fused record per line, with the flat fields
//                   event_date, event_date_basis and fatalities;
//   gdelt           the 61 tab-separated columns of a GDELT 2.0 event table;
//   gdelt-mentions  the 16 columns of a GDELT 2.0 mentions table, one row per
//                   article event that a fused event merges;
//   acled           ACLED's 31 columns, in ACLED's order, as CSV with a header
//                   (formula cells guarded; --excel adds a byte-order mark);
//   geojson         a FeatureCollection of the events that have coordinates.
// The formats are computed in src/export/ (formats.h) and documented column
// by column in docs/EXPORTS.md. Filters (--from, --to, --since, --country,
// --code, --bbox) are checked before the database is opened: a bad one is
// E906 and exit status 2. What was left out, and why, is counted on stderr.
#include <iostream>
#include <map>

#include "base/calendar.h"
#include "base/date_text.h"
#include "cli/app.h"
#include "cli/store_commands.h"
#include "export/crosswalk.h"
#include "export/formats.h"
#include "geocode/gazetteer.h"
#include "store/query.h"
#include "store/store.h"

namespace vigie::cli {

namespace {

using exports::Json;

struct Filter {
  std::string from, to, since, country, code;
  bool has_bbox = false;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

bool Bad(const std::string& what) {
  std::cerr << "vigie export: " << Status(ErrorCode::kBadOption, what).ToString() << "\n";
  return false;
}

bool ParseFilter(const ExportOptions& o, Filter* f) {
  for (const auto& [name, value] : {std::pair{"--from", &o.from}, std::pair{"--to", &o.to}}) {
    if (value->empty()) continue;
    std::string why = date_text::WhyNotIsoDate(*value);
    if (!why.empty()) return Bad(std::string(name) + " '" + *value + "': " + why);
  }
  f->from = o.from;
  f->to = o.to;
  if (!o.since.empty()) {
    if (o.since.size() < 10 || !calendar::ParseIso(o.since.substr(0, 10)) ||
        (o.since.size() > 10 && !date_text::ParseMachineDate(o.since)))
      return Bad("--since '" + o.since + "': not a day (2024-03-04) or an ISO time (2024-03-04T10:00:00Z)");
    f->since = o.since;
    if (f->since.size() == 10) f->since += "T00:00:00Z";
  }
  if (!o.country.empty()) {
    bool ok = (o.country.size() == 2 || o.country.size() == 3);
    for (char c : o.country) ok = ok && c >= 'A' && c <= 'Z';
    if (!ok) return Bad("--country '" + o.country + "': an ISO 3166-1 code in capitals, alpha-2 (NG) or alpha-3 (NGA)");
    f->country = o.country;
  }
  if (!o.code.empty()) {
    if (o.code.size() > 4 || o.code.find_first_not_of("0123456789") != std::string::npos)
      return Bad("--code '" + o.code + "': a CAMEO code or prefix, digits only (19, 195)");
    f->code = o.code;
  }
  if (!o.bbox.empty()) {
    double v[4];
    char tail = 0;
    if (std::sscanf(o.bbox.c_str(), "%lf,%lf,%lf,%lf%c", &v[0], &v[1], &v[2], &v[3], &tail) != 4 ||
        v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] > v[2] || v[1] > v[3])
      return Bad("--bbox '" + o.bbox + "': min_lon,min_lat,max_lon,max_lat in degrees, min before max");
    f->has_bbox = true;
    f->min_lon = v[0];
    f->min_lat = v[1];
    f->max_lon = v[2];
    f->max_lat = v[3];
  }
  return true;
}

std::string Str(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

bool Keep(const Json& r, const Filter& f, const exports::Context& ctx) {
  if (!f.from.empty() || !f.to.empty()) {
    const exports::EventDay d = exports::DayOf(r, ctx);
    if (d.day.empty()) return false;
    if (!f.from.empty() && d.latest < f.from) return false;
    if (!f.to.empty() && d.day > f.to) return false;
  }
  if (!f.since.empty()) {
    bool any = false;
    if (r.contains("contributions"))
      for (const Json& c : r["contributions"]) {
        if (!c.contains("article") || !c["article"].is_number_integer()) continue;
        auto it = ctx.articles->find(c["article"].get<int64_t>());
        any = any || (it != ctx.articles->end() && it->second.ingested_at >= f.since);
      }
    if (!any) return false;
  }
  if (!f.country.empty()) {
    const Json& place = r.contains("place") ? r["place"] : Json();
    bool match = f.country.size() == 2 ? Str(place, "country") == f.country
                                       : Str(r.value("source", Json()), "country") == f.country ||
                                             Str(r.value("target", Json()), "country") == f.country;
    if (!match && f.country.size() == 3) {
      const exports::Country* c = ctx.crosswalk->ByIso3(f.country);
      match = c != nullptr && Str(place, "country") == c->iso2;
    }
    if (!match) return false;
  }
  if (!f.code.empty() && Str(r.value("cameo", Json()), "code").rfind(f.code, 0) != 0) return false;
  if (f.has_bbox) {
    const Json& place = r.contains("place") ? r["place"] : Json();
    if (!place.is_object() || !place.contains("lat") || !place["lat"].is_number()) return false;
    const double lat = place["lat"].get<double>(), lon = place["lon"].get<double>();
    if (lon < f.min_lon || lon > f.max_lon || lat < f.min_lat || lat > f.max_lat) return false;
  }
  return true;
}

void WriteRow(std::ostream& out, const std::vector<std::string>& row, char sep, bool csv) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out << sep;
    out << (csv ? exports::CsvCell(row[i], exports::AcledTextColumn(i)) : exports::TsvCell(row[i]));
  }
  out << (csv ? "\r\n" : "\n");
}

}  // namespace

int RunExport(const ExportOptions& options, std::ostream& out) {
  const std::string& format = options.format;
  if (format != "jsonl" && format != "gdelt" && format != "gdelt-mentions" && format != "acled" &&
      format != "geojson") {
    std::cerr << "vigie export: "
              << Status(ErrorCode::kBadOption, "--format '" + format +
                                                   "': one of jsonl, gdelt, gdelt-mentions, acled, geojson")
                     .ToString()
              << "\n";
    return 2;
  }
  Filter filter;
  if (!ParseFilter(options, &filter)) return 2;
  const std::string data_dir = FindDataDir(options.data_dir);
  auto crosswalk = exports::Crosswalk::Load(data_dir);
  if (!crosswalk.ok()) {
    std::cerr << "vigie export: " << crosswalk.status().ToString() << "\n";
    return 2;
  }
  std::unique_ptr<store::Store> db;
  try {
    db = store::Store::Open(options.db, true);
  } catch (const store::StoreError& e) {
    std::cerr << "vigie export: " << options.db << ": " << e.what() << "\n";
    return 2;
  }
  // Countries' points for the actor geography columns: the gazetteer's
  // country records (population-weighted centres of their towns).
  std::shared_ptr<const Gazetteer> gazetteer;
  if (format == "gdelt") {
    auto g = Gazetteer::Open(DefaultGazetteerSources(data_dir));
    if (!g.ok()) {
      std::cerr << "vigie export: " << g.status().ToString() << "\n";
      return 2;
    }
    gazetteer = *g;
  }
  // The text: character offsets (mentions) and the sentences of claims
  // (aggregates over a period are not fatalities).
  // On PostgreSQL, one snapshot for every query of the export, while
  // workers may be writing.
  if (db->connection().dialect() == store::Dialect::kPostgres)
    db->connection().Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const auto articles = store::ExportArticles(db->connection(), format != "gdelt");
  const auto events = store::ExportEvents(db->connection());
  exports::Context ctx;
  ctx.crosswalk = crosswalk->get();
  ctx.articles = &articles;
  ctx.events = &events;
  if (gazetteer) {
    ctx.country_point = [&gazetteer](const std::string& iso2) -> std::optional<exports::CountryPoint> {
      const uint32_t i = gazetteer->Country(iso2);
      if (i == Gazetteer::kNoRecord) return std::nullopt;
      const PlaceRecord& r = gazetteer->place(i);
      return exports::CountryPoint{std::string(gazetteer->String(r.name)), r.lat, r.lon};
    };
  }

  if (options.header && format == "gdelt") WriteRow(out, exports::GdeltEventColumns(), '\t', false);
  if (options.header && format == "gdelt-mentions") WriteRow(out, exports::GdeltMentionColumns(), '\t', false);
  if (format == "acled") {
    if (options.excel) out << "\xEF\xBB\xBF";
    WriteRow(out, exports::AcledColumns(), ',', true);
  }
  if (format == "geojson") out << "{\"type\": \"FeatureCollection\", \"features\": [\n";

  size_t written = 0, rows = 0, filtered = 0, unreadable = 0, no_acled_type = 0, no_point = 0;
  std::map<std::string, size_t> basis;
  bool first_feature = true;
  store::ForEachFusedRecord(db->connection(), [&](int64_t id, const std::string& text) {
    Json r = Json::parse(text, nullptr, false);
    if (r.is_discarded() || !r.is_object()) {
      ++unreadable;
      std::cerr << "vigie export: fused event " << id << ": its stored record is not JSON; left out\n";
      return;
    }
    if (!Keep(r, filter, ctx)) {
      ++filtered;
      return;
    }
    if (format == "jsonl") {
      out << exports::JsonLine(r, ctx).dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    } else if (format == "gdelt") {
      WriteRow(out, exports::GdeltEventRow(id, r, ctx), '\t', false);
    } else if (format == "gdelt-mentions") {
      auto mentions = exports::GdeltMentionRows(id, r, ctx);
      for (const auto& m : mentions) WriteRow(out, m, '\t', false);
      rows += mentions.size();
    } else if (format == "acled") {
      auto row = exports::AcledRow(id, r, ctx);
      if (row.empty()) {
        ++no_acled_type;
        return;
      }
      WriteRow(out, row, ',', true);
    } else {
      Json f = exports::GeoJsonFeature(id, r, ctx);
      if (f.is_null()) {
        ++no_point;
        return;
      }
      out << (first_feature ? "" : ",\n") << f.dump(-1, ' ', false, Json::error_handler_t::replace);
      first_feature = false;
    }
    ++written;
    ++basis[exports::DayOf(r, ctx).basis];
  });
  if (format == "geojson") out << "\n]}\n";
  if (db->connection().dialect() == store::Dialect::kPostgres) db->connection().Exec("COMMIT");

  std::cerr << "vigie export: " << written << " events (" << format << ")";
  if (format == "gdelt-mentions") std::cerr << ", " << rows << " mentions";
  std::string days;
  for (const auto& [b, n] : basis) days += (days.empty() ? "" : ", ") + std::to_string(n) + " " + (b.empty() ? "undated" : b);
  if (!days.empty()) std::cerr << "; days from: " << days;
  if (filtered) std::cerr << "; " << filtered << " not matching the filters";
  if (no_acled_type) std::cerr << "; " << no_acled_type << " left out: no ACLED event type (CAMEO codes with no ACLED counterpart)";
  if (no_point) std::cerr << "; " << no_point << " left out: no coordinates";
  if (unreadable) std::cerr << "; " << unreadable << " left out: unreadable record";
  std::cerr << "\n";
  return unreadable ? 1 : 0;
}

}  // namespace vigie::cli
