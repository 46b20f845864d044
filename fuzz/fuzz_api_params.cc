// Fuzz target: an API query string through the server's parameter checks.
//
// The bytes are a query string ("from=...&bbox=..."), split and
// percent-decoded by cpp-httplib as the server does, then checked by
// ParseEventParams. Whatever the input, the result is a filter or a reason,
// never a crash; an accepted filter holds only values SQL may see: real
// dates in order, a bounding box inside the globe, a digits-only code,
// limits in range, and a text query made only of quoted words. The id
// parser and the FTS quoting are fuzzed on the raw bytes too.
#include <cstddef>
#include <cstdint>
#include <string>

#include <httplib.h>

#include "fuzz/fuzz_check.h"
#include "serve/params.h"

namespace {

// Every token is "word" with no quote inside.
bool QuotedWords(const std::string& q) {
  size_t i = 0;
  while (i < q.size()) {
    if (q[i] != '"') return false;
    size_t end = q.find('"', i + 1);
    if (end == std::string::npos || end == i + 1) return false;
    i = end + 1;
    if (i < q.size()) {
      if (q[i] != ' ') return false;
      ++i;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string query(reinterpret_cast<const char*>(data), size);
  httplib::Params parsed;
  httplib::detail::parse_query_text(query, parsed);
  vigie::serve::Params params(parsed.begin(), parsed.end());
  vigie::serve::ParsedFilter r = vigie::serve::ParseEventParams(params);
  if (r.ok()) {
    const auto& f = r.filter;
    VIGIE_FUZZ_CHECK(f.from.empty() || vigie::serve::IsDate(f.from));
    VIGIE_FUZZ_CHECK(f.to.empty() || vigie::serve::IsDate(f.to));
    VIGIE_FUZZ_CHECK(f.from.empty() || f.to.empty() || f.from <= f.to);
    if (f.has_bbox) {
      VIGIE_FUZZ_CHECK(f.min_lon >= -180 && f.max_lon <= 180 && f.min_lon <= f.max_lon);
      VIGIE_FUZZ_CHECK(f.min_lat >= -90 && f.max_lat <= 90 && f.min_lat <= f.max_lat);
    }
    for (char c : f.code) VIGIE_FUZZ_CHECK(c >= '0' && c <= '9');
    VIGIE_FUZZ_CHECK(f.code.size() <= 4);
    VIGIE_FUZZ_CHECK(f.limit >= 1 && f.limit <= vigie::serve::kMaxLimit);
    VIGIE_FUZZ_CHECK(f.offset >= 0 && f.offset <= vigie::serve::kMaxOffset);
    VIGIE_FUZZ_CHECK(f.text.empty() || QuotedWords(f.text));
    VIGIE_FUZZ_CHECK(f.country.empty() || f.country.size() == 2 || f.country.size() == 3);
    VIGIE_FUZZ_CHECK(f.actor.size() <= 100);
  } else {
    VIGIE_FUZZ_CHECK(!r.error.empty());
  }
  std::string fts = vigie::serve::FtsQuery(query);
  VIGIE_FUZZ_CHECK(fts.empty() || QuotedWords(fts));
  int64_t id = vigie::serve::ParseId(query);
  VIGIE_FUZZ_CHECK(id == -1 || id > 0);
  return 0;
}
