// Fuzz target: bytes as a WARC archive (gzip when they start with the gzip
// magic), read record by record. Reading always ends, every record is a
// Document with an id, and an accepted one has a valid UTF-8 source whose
// map points inside its raw bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "base/utf8.h"
#include "fuzz/fuzz_check.h"
#include "ingest/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  FILE* f = fmemopen(bytes.data(), bytes.size() == 0 ? 1 : bytes.size(), "rb");
  if (f == nullptr) return 0;
  vigie::ReaderOptions options;
  options.max_bytes = 1u << 16;
  vigie::WarcReader reader(std::make_unique<vigie::ByteStream>(f, true, vigie::IsGzip(bytes)),
                           "fuzz.warc", options);
  vigie::Document doc;
  int records = 0;
  while (reader.Next(&doc)) {
    VIGIE_FUZZ_CHECK(++records <= 100000);
    VIGIE_FUZZ_CHECK(!doc.id.empty());
    if (!doc.status.ok()) continue;
    VIGIE_FUZZ_CHECK(!vigie::utf8::FindInvalid(doc.source).has_value());
    for (const vigie::OffsetMap::Piece& p : doc.source_map.pieces())
      VIGIE_FUZZ_CHECK(static_cast<uint64_t>(p.raw_begin) + p.raw_length <= doc.raw.size());
  }
  return 0;
}
