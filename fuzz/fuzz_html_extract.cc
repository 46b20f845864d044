// Fuzz target: bytes as an HTML page through the reader and the HTML
// extractor. Whatever the input, extraction ends with a status; when it
// succeeds, the text is valid UTF-8, its map is contiguous and points inside
// the page source, and verbatim pieces are copies of source bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/utf8.h"
#include "extract/html/html_extract.h"
#include "extract/knowledge.h"
#include "fuzz/fuzz_check.h"
#include "ingest/html_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::shared_ptr<const vigie::ExtractKnowledge> knowledge = [] {
    auto k = vigie::ExtractKnowledge::Load(VIGIE_SOURCE_DATA_DIR);
    if (!k.ok()) std::abort();
    return *k;
  }();
  static vigie::html::Extractor extractor(knowledge->html_cues());
  vigie::ReaderOptions options;
  options.max_bytes = 1u << 20;
  vigie::Document doc;
  vigie::ParseHtml(std::string(reinterpret_cast<const char*>(data), size), "fuzz.html", "", options,
                   &doc);
  if (!doc.status.ok()) return 0;
  VIGIE_FUZZ_CHECK(!vigie::utf8::FindInvalid(doc.source).has_value());
  vigie::html::Extraction x;
  vigie::Status s = extractor.Extract(doc.source, "https://fuzz.example/2024/01/02/x", &x);
  if (!s.ok()) return 0;
  VIGIE_FUZZ_CHECK(!vigie::utf8::FindInvalid(x.text).has_value());
  VIGIE_FUZZ_CHECK(vigie::fuzz::MapIsSound(x.map, x.text, doc.source));
  for (const vigie::html::OutBlock& b : x.blocks) {
    VIGIE_FUZZ_CHECK(b.span.end <= x.text.size());
    VIGIE_FUZZ_CHECK(vigie::fuzz::IsBoundary(x.text, b.span.begin));
    VIGIE_FUZZ_CHECK(vigie::fuzz::IsBoundary(x.text, b.span.end));
  }
  for (const vigie::html::DroppedBlock& d : x.dropped)
    VIGIE_FUZZ_CHECK(d.source.begin <= d.source.end && d.source.end <= doc.source.size());
  return 0;
}
