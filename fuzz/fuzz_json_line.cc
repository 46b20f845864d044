// Fuzz target: one JSON line through ParseJsonLine.
//
// The bytes are parsed as a single line of a JSON-lines file. Whatever the
// input, parsing must end with a status and never crash. When the article
// is accepted, the decoded source must be valid UTF-8 and its offset map
// must be sound: pieces cover the source contiguously, point inside the
// raw line, and verbatim pieces are exact copies of the raw bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/utf8.h"
#include "fuzz/fuzz_check.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigie::ReaderOptions options;
  options.max_bytes = 1u << 20;
  vigie::Document doc;
  vigie::ParseJsonLine(std::string(reinterpret_cast<const char*>(data), size), "fuzz.jsonl", 1,
                       options, &doc);
  VIGIE_FUZZ_CHECK(doc.raw.size() == size);
  VIGIE_FUZZ_CHECK(!doc.id.empty());
  if (!doc.status.ok()) return 0;

  VIGIE_FUZZ_CHECK(!vigie::utf8::FindInvalid(doc.source).has_value());
  for (const vigie::OffsetMap::Piece& p : doc.source_map.pieces()) {
    VIGIE_FUZZ_CHECK(p.raw_begin <= doc.raw.size());
    VIGIE_FUZZ_CHECK(static_cast<uint64_t>(p.raw_begin) + p.raw_length <= doc.raw.size());
  }
  VIGIE_FUZZ_CHECK(vigie::fuzz::MapIsSound(doc.source_map, doc.source, doc.raw));
  // A span of the source maps to a raw span in order and inside the line.
  const auto n = static_cast<uint32_t>(doc.source.size());
  VIGIE_FUZZ_CHECK(doc.source_map.MapBegin(0) <= doc.source_map.MapEnd(n));
  VIGIE_FUZZ_CHECK(doc.source_map.MapEnd(n) <= doc.raw.size());
  return 0;
}
