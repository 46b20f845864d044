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

struct ParsedFilter {
  store::EventFilter filter;
  std::string error;  // empty when the parameters are good
  bool ok() const { return error.empty(); }
};

constexpr int64_t kMaxLimit = 1000;
constexpr int64_t kMaxOffset = 1000000;

// Parameters of /api/events and /api/timeline:
//   from, to   YYYY-MM-DD (a real date), from <= to
//   bbox       min_lon,min_lat,max_lon,max_lat (degrees, min <= max)
//   code       CAMEO code or prefix, 1 to 4 digits
//   actor      an actor code or part of a name (1-100 bytes of UTF-8)
//   country    ISO 3166-1 alpha-2 (place) or alpha-3 (actor)
//   q          words of the article text (1-200 bytes, at most 16 words)
//   limit      1..1000 (default 100); offset 0..1000000
// Unknown or repeated parameters are refused.
ParsedFilter ParseEventParams(const Params& params);

// A real calendar date YYYY-MM-DD, years 1000-9999.
bool IsDate(std::string_view s);

// The FTS5 query for free text: each word quoted (so no operator or
// column filter can come from the user), all words required. Empty when
// the text has no word.
std::string FtsQuery(std::string_view text);

// A positive id of at most 18 digits, or -1.
int64_t ParseId(std::string_view s);

}  // namespace vigie::serve
