// The export formats of fused events: JSON lines (the fused record with
// flat analyst fields), GDELT 2.0 events and mentions tables, an ACLED CSV
// and GeoJSON. Each function turns one fused record (JSON, as stored) into
// its row(s); export_command.cc reads the store and writes them out.
// Documented column by column in docs/EXPORTS.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/crosswalk.h"
#include "store/query.h"

namespace vigie::exports {

using Json = nlohmann::ordered_json;

// A country's representative point and English name (the gazetteer's
// country record), for the actor geography columns; nullopt when unknown.
struct CountryPoint {
  std::string name;
  double lat = 0, lon = 0;
};
using CountryPoints = std::function<std::optional<CountryPoint>(const std::string& iso2)>;

struct Context {
  const Crosswalk* crosswalk = nullptr;
  const std::map<int64_t, store::ExportArticle>* articles = nullptr;
  const std::map<int64_t, store::ExportEvent>* events = nullptr;
  CountryPoints country_point;
};

// The day an event is filed under: its own earliest day, else the first
// article's publication day, else the day it was ingested; and which.
struct EventDay {
  std::string day;    // YYYY-MM-DD
  std::string basis;  // event, published, ingested
  std::string latest; // the last possible day (= day unless the event gives a range)
};
EventDay DayOf(const Json& record, const Context& ctx);

// Per claim of the fused record (in order): true when its sentence makes it
// an aggregate over a period (export/aggregate_cues.txt), not one event's
// toll. Needs the articles' text in the context.
std::vector<bool> AggregateClaims(const Json& record, const Context& ctx);

// ACLED's fatality rule over the event's own claims: the lowest exact (or
// "at least", "more than", "about") count of dead reported for it, leaving
// out aggregates over a period; nullopt when the only counts are vague
// ("dozens killed", "un grand nombre de morts", "up to") or aggregates, or
// when the event is background (a count recalled from earlier, never this
// event's toll); 0 when no death is reported.
std::optional<int64_t> Fatalities(const Json& record, const std::vector<bool>& aggregate = {});

// The record as `vigie export --format jsonl` writes it: integer ids,
// whole numbers as integers, and the flat fields event_date,
// event_date_basis, fatalities, country_iso3, fips.
Json JsonLine(const Json& record, const Context& ctx);

// GDELT 2.0: the 61 event columns and the 16 mention columns.
const std::vector<std::string>& GdeltEventColumns();
const std::vector<std::string>& GdeltMentionColumns();
std::vector<std::string> GdeltEventRow(int64_t id, const Json& record, const Context& ctx);
std::vector<std::vector<std::string>> GdeltMentionRows(int64_t id, const Json& record, const Context& ctx);

// ACLED: the 31 columns, in ACLED's order. A row is empty when the event
// has no ACLED type.
const std::vector<std::string>& AcledColumns();
std::vector<std::string> AcledRow(int64_t id, const Json& record, const Context& ctx);
// The columns of an ACLED row that hold text (the formula guard applies to
// them, never to numbers such as a negative longitude).
bool AcledTextColumn(size_t column);

// One GeoJSON Feature (a Point), or null when the event has no coordinates.
Json GeoJsonFeature(int64_t id, const Json& record, const Context& ctx);

// Cells: a CSV field (RFC 4180 quoting) with the spreadsheet formula guard
// (a text cell starting with = + - @ tab or CR gets a leading apostrophe),
// and a GDELT TSV cell (tabs and line breaks become spaces).
std::string CsvCell(const std::string& s, bool text);
std::string TsvCell(const std::string& s);

// Unicode upper case (ICU, root locale): "armée malienne" -> "ARMÉE MALIENNE".
std::string UpperCase(const std::string& s);

}  // namespace vigie::exports
