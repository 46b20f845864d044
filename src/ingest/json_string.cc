// A JSON string decoder that remembers where every decoded byte came from,
// so evidence found in the "text" of a JSON line points back into the line.
#include <cstdint>

#include "base/utf8.h"
#include "ingest/reader.h"

namespace vigie {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ReadHex4(std::string_view raw, size_t at, uint32_t* value) {
  if (at + 4 > raw.size()) return false;
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = HexValue(raw[at + k]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}

}  // namespace

Status DecodeJsonString(std::string_view raw, size_t begin, std::string* out,
                        OffsetMap* map) {
  out->clear();
  *map = OffsetMap();
  if (begin >= raw.size() || raw[begin] != '"')
    return Status(ErrorCode::kMalformedJson, "expected a string");
  size_t i = begin + 1;
  size_t run = i;  // start of the current run of verbatim bytes
  auto flush = [&](size_t upto) {
    if (upto > run) {
      map->Add(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(upto - run),
               static_cast<uint32_t>(run), static_cast<uint32_t>(upto - run));
      out->append(raw.substr(run, upto - run));
    }
  };
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '"') {
      flush(i);
      return Status::Ok();
    }
    if (static_cast<unsigned char>(c) < 0x20)
      return Status(ErrorCode::kMalformedJson,
                    "control character in string at byte " + std::to_string(i));
    if (c != '\\') {
      ++i;
      continue;
    }
    flush(i);
    if (i + 1 >= raw.size()) break;
    const size_t esc_begin = i;
    const auto out_begin = static_cast<uint32_t>(out->size());
    char e = raw[i + 1];
    i += 2;
    switch (e) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t cp;
        if (!ReadHex4(raw, i, &cp))
          return Status(ErrorCode::kMalformedJson,
                        "bad \\u escape at byte " + std::to_string(esc_begin));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low;
          if (i + 1 < raw.size() && raw[i] == '\\' && raw[i + 1] == 'u' &&
              ReadHex4(raw, i + 2, &low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;  // lone high surrogate
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;  // lone low surrogate
        }
        utf8::Append(static_cast<char32_t>(cp), out);
        break;
      }
      default:
        return Status(ErrorCode::kMalformedJson,
                      "bad escape at byte " + std::to_string(esc_begin));
    }
    map->AddWhole(out_begin, static_cast<uint32_t>(out->size()) - out_begin,
                  static_cast<uint32_t>(esc_begin), static_cast<uint32_t>(i - esc_begin));
    run = i;
  }
  return Status(ErrorCode::kMalformedJson, "unterminated string");
}

}  // namespace vigie
