// Fuzz target: charset sniffing and decoding. The first byte picks an HTTP
// Content-Type (none, utf-8, windows-1252, shift_jis, utf-16le, an unknown
// name); the rest is the page. Decoding ends with a status; when it
// succeeds the source is valid UTF-8 and its map covers it contiguously
// inside the raw bytes (verbatim pieces are exact copies for UTF-8 and
// windows-1252, where equal lengths mean equal bytes).
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/utf8.h"
#include "fuzz/fuzz_check.h"
#include "ingest/html_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kTypes[] = {"", "text/html; charset=utf-8", "text/html; charset=windows-1252",
                                       "text/html; charset=Shift_JIS", "text/html; charset=utf-16le",
                                       "text/html; charset=x-unknown"};
  const char* type = kTypes[data[0] % 6];
  vigie::ReaderOptions options;
  options.max_bytes = 1u << 20;
  vigie::Document doc;
  vigie::ParseHtml(std::string(reinterpret_cast<const char*>(data + 1), size - 1), "fuzz.html", type,
                   options, &doc);
  if (!doc.status.ok()) return 0;
  VIGIE_FUZZ_CHECK(!vigie::utf8::FindInvalid(doc.source).has_value());
  uint64_t expect = 0;
  for (const vigie::OffsetMap::Piece& p : doc.source_map.pieces()) {
    VIGIE_FUZZ_CHECK(p.begin == expect);
    VIGIE_FUZZ_CHECK(static_cast<uint64_t>(p.raw_begin) + p.raw_length <= doc.raw.size());
    expect = static_cast<uint64_t>(p.begin) + p.length;
  }
  VIGIE_FUZZ_CHECK(expect == doc.source.size());
  if (doc.charset == "utf-8" || doc.charset == "windows-1252")
    VIGIE_FUZZ_CHECK(vigie::fuzz::MapIsSound(doc.source_map, doc.source, doc.raw));
  return 0;
}
