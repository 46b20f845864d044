// Shared helpers of vigie's fuzz targets: an invariant check that prints
// what broke and aborts (so libFuzzer and the replay driver both see a
// crash), and small UTF-8 and offset-map checks used by several targets.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "doc/offset_map.h"

namespace vigie::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: fuzz invariant violated: %s\n", file, line, what);
  std::fflush(stderr);
  std::abort();
}

// True when pos is a UTF-8 character boundary of text (or its end).
inline bool IsBoundary(std::string_view text, size_t pos) {
  if (pos > text.size()) return false;
  if (pos == text.size()) return true;
  return (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

// True when the map's pieces cover [0, derived_size) contiguously, each
// piece's raw range lies inside raw, and every verbatim piece really is a
// copy of the raw bytes it points at.
inline bool MapIsSound(const OffsetMap& map, std::string_view derived, std::string_view raw) {
  uint64_t expect = 0;
  for (const OffsetMap::Piece& p : map.pieces()) {
    if (p.begin != expect) return false;
    if (static_cast<uint64_t>(p.raw_begin) + p.raw_length > raw.size()) return false;
    if (static_cast<uint64_t>(p.begin) + p.length > derived.size()) return false;
    if (p.verbatim && (p.length != p.raw_length ||
                       derived.substr(p.begin, p.length) != raw.substr(p.raw_begin, p.raw_length)))
      return false;
    expect = static_cast<uint64_t>(p.begin) + p.length;
  }
  return expect == derived.size();
}

}  // namespace vigie::fuzz

// Aborts with the failed condition when cond is false.
#define VIGIE_FUZZ_CHECK(cond)                                   \
  do {                                                           \
    if (!(cond)) ::vigie::fuzz::Fail(__FILE__, __LINE__, #cond); \
  } while (false)
