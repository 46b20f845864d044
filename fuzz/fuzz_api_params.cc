// Fuzz target: an API query string through the server's parameter checks.
//
// The bytes are a query string ("from=...&bbox=..."), split and
// percent-decoded by cpp-httplib as the server does, then checked by
// ParseEventParams. Whatever the input, the result is a filter or a reason,
// never a crash; an accepted filter holds only values SQL may see: real
// dates in order, a bounding box inside the globe, digits-only codes,
// PLOVER names in capitals, known modalities, alpha-2 countries, limits in
// range, and a text query made only of quoted words. The id
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
    VIGIE_FUZZ_CHECK(f.codes.size() <= vigie::serve::kMaxValues);
    for (const auto& code : f.codes) {
      VIGIE_FUZZ_CHECK(!code.empty() && code.size() <= 4);
      for (char c : code) VIGIE_FUZZ_CHECK(c >= '0' && c <= '9');
    }
    for (const auto& t : f.plover) {
      VIGIE_FUZZ_CHECK(!t.empty() && t.size() <= 24);
      for (char c : t) VIGIE_FUZZ_CHECK((c >= 'A' && c <= 'Z') || c == '_');
    }
    for (const auto& t : f.acled)
      for (char c : t) VIGIE_FUZZ_CHECK(c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20);
    for (const auto& m : f.modality)
      VIGIE_FUZZ_CHECK(m == "asserted" || m == "negated" || m == "hypothetical" || m == "reported");
    VIGIE_FUZZ_CHECK(f.min_fatalities >= -1 && f.min_fatalities <= 10000000);
    VIGIE_FUZZ_CHECK(f.background >= -1 && f.background <= 1);
    VIGIE_FUZZ_CHECK(f.limit >= 1 && f.limit <= (r.format == vigie::serve::Format::kJson ? vigie::serve::kMaxLimit
                                                                                        : vigie::serve::kMaxExportLimit));
    VIGIE_FUZZ_CHECK(f.offset >= 0 && f.offset <= vigie::serve::kMaxOffset);
    VIGIE_FUZZ_CHECK(f.text.empty() || QuotedWords(f.text));
    for (const auto& c : f.countries) VIGIE_FUZZ_CHECK(c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z');
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
