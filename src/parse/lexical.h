// What the tagger and the parser know of a word before context: keys of its
// lower-case form, its written form, its last and first letters, its shape
// ("Xx", "d.d", "x-x") and its ambiguity class (every part of speech the
// morph stage's dictionaries allow it). Computed once per word, so feature
// extraction only combines integers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::parse {

struct LexicalWord {
  uint64_t form = 0;      // as written
  uint64_t lower = 0;     // lower-cased
  uint64_t suffix[4] = {};  // last 1..4 characters of the lower form
  uint64_t prefix[2] = {};  // first 1..2 characters
  uint64_t shape = 0;
  uint32_t mask = 0;      // ambiguity class: bits of Pos
  bool capitalised = false;
  bool has_digit = false;
  bool has_hyphen = false;
};

// Lower-cases ASCII and the Latin-1 and Latin Extended-A capitals (É, À, Œ).
std::string LowerWord(std::string_view form);
LexicalWord MakeLexicalWord(std::string_view form, uint32_t mask);

}  // namespace vigie::parse
