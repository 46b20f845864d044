// Query parameters of the API, checked before anything reaches SQL: every
// value is parsed into a typed filter or refused with a reason (HTTP 400).
// Nothing here touches the database, so it is fuzzed on its own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/query.h"

namespace vigie::serve {

using Params = std::vector<std::pair<std::string, std::string>>;

enum class Format { kJson, kCsv, kGeoJson };

struct ParsedFilter {
  store::EventFilter filter;
  Format format = Format::kJson;
  bool exact_count = false;  // count=exact: count every match, however many
  std::string error;  // empty when the parameters are good
  bool ok() const { return error.empty(); }
};

constexpr int64_t kMaxLimit = 1000;          // a page of JSON
constexpr int64_t kMaxExportLimit = 100000;  // CSV and GeoJSON
constexpr int64_t kMaxOffset = 1000000;
constexpr size_t kMaxValues = 64;            // values of one list parameter
constexpr int64_t kCountCap = 1000;          // matches counted past the offset, unless count=exact

// Parameters of /api/events, /api/timeline and /api/places (the last two
// ignore limit, offset, sort, format and count):
//   from, to        YYYY-MM-DD (a real date), from <= to
//   bbox            min_lon,min_lat,max_lon,max_lat (degrees, min <= max)
//   code*           CAMEO code or prefix, 1 to 4 digits
//   plover*         PLOVER type (ASSAULT, PROTEST...)
//   acled*          ACLED event type (Battles, Protests...)
//   actor           an actor code or part of a name (1-100 bytes of UTF-8)
//   country*        the place's country, ISO 3166-1 alpha-2 or alpha-3 (SY = SYR)
//   q               words of the article text (1-200 bytes, at most 16 words)
//   min_fatalities  at least this many reported killed (0..10000000)
//   modality*       asserted, negated, hypothetical, reported
//   background      true (background only) or false (news of the day only)
//   sort            date, -date (default), fatalities, -fatalities, sources,
//                   -sources, -mentions, code, -code, place, -place
//   format          json (default), csv, geojson
//   count           exact: count every match (by default counting stops
//                   at offset + 1000 and the answer says it is not exact)
//   limit           1..1000 (default 100; up to 100000 for csv and geojson);
//   offset          0..1000000
// A starred parameter takes several values, repeated or separated by
// commas; code, plover and acled together are one set of types (any
// matches). Unknown parameters, or others given twice, are refused.
ParsedFilter ParseEventParams(const Params& params);

// The ISO 3166-1 alpha-2 code of a country given by its alpha-2 or alpha-3
// code (any case), or "" when ICU does not know it.
std::string CountryAlpha2(std::string_view code);
// The alpha-3 code of an alpha-2 one, or "".
std::string CountryAlpha3(std::string_view alpha2);

// The query parameters that name filters (not limit, offset, sort, format,
// count).
Params FilterParamsOnly(const Params& params);

// A real calendar date YYYY-MM-DD, years 1000-9999.
bool IsDate(std::string_view s);

// The FTS5 query for free text: each word quoted (so no operator or
// column filter can come from the user), all words required. Empty when
// the text has no word.
std::string FtsQuery(std::string_view text);

// A positive id of at most 18 digits, or -1.
int64_t ParseId(std::string_view s);

}  // namespace vigie::serve
