// Fuzz target: the JSON string decoder, DecodeJsonString.
//
// The input is decoded as the string token '"' + bytes. When decoding
// succeeds, the offset map must cover the output contiguously from 0 to
// out.size(), every piece must point inside the token, and verbatim pieces
// must be exact copies. As a differential check, when simdjson also accepts
// the consumed token, both decoders must produce the same bytes (vigie
// turns lone surrogates into U+FFFD where simdjson refuses them, so only
// inputs both accept are compared).
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "ingest/reader.h"

namespace {

// simdjson's decoding of a complete JSON string token, or false.
bool SimdjsonDecode(std::string_view token, std::string* out) {
  static simdjson::dom::parser parser;
  simdjson::padded_string padded(token);
  std::string_view s;
  if (parser.parse(padded).get_string().get(s)) return false;
  *out = std::string(s);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string raw = "\"";
  raw.append(reinterpret_cast<const char*>(data), size);
  std::string out;
  vigie::OffsetMap map;
  vigie::Status s = vigie::DecodeJsonString(raw, 0, &out, &map);
  if (!s.ok()) {
    VIGIE_FUZZ_CHECK(s.code() == vigie::ErrorCode::kMalformedJson);
    return 0;
  }
  VIGIE_FUZZ_CHECK(map.size() == out.size());
  VIGIE_FUZZ_CHECK(vigie::fuzz::MapIsSound(map, out, raw));

  // The token ends at the first quote not escaped; the map's last piece
  // ends before it.
  if (!map.pieces().empty()) {
    const auto& last = map.pieces().back();
    VIGIE_FUZZ_CHECK(last.raw_begin + last.raw_length < raw.size());
  }
  size_t end = 1;
  while (end < raw.size() && raw[end] != '"') end += raw[end] == '\\' ? 2 : 1;
  VIGIE_FUZZ_CHECK(end < raw.size());
  std::string expected;
  if (SimdjsonDecode(std::string_view(raw).substr(0, end + 1), &expected))
    VIGIE_FUZZ_CHECK(expected == out);
  return 0;
}
