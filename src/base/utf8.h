// UTF-8 helpers shared by every stage: validation, decoding one code point,
// case folding of a word for dictionary look-ups, binary sniffing.
//
// All text inside vigie is UTF-8 and all offsets are byte offsets; these
// helpers never allocate except where they return a string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::utf8 {

// Offset of the first byte that does not start a valid UTF-8 sequence, or
// nullopt when the whole text is valid (overlongs and surrogates rejected).
std::optional<size_t> FindInvalid(std::string_view text);

// The text with each invalid sequence (its maximal subpart) replaced by
// U+FFFD; valid text comes back unchanged.
std::string ReplaceInvalid(std::string_view text);

// Decodes the code point starting at text[*pos] and advances *pos past it.
// Invalid sequences yield U+FFFD and advance by one byte. ASCII is inline.
char32_t NextMultibyte(std::string_view text, size_t* pos);
inline char32_t Next(std::string_view text, size_t* pos) {
  auto b = static_cast<unsigned char>(text[*pos]);
  if (b < 0x80) {
    ++*pos;
    return b;
  }
  return NextMultibyte(text, pos);
}

// Decodes the code point that ends just before text[*pos], moving *pos back.
char32_t Prev(std::string_view text, size_t* pos);

// Appends the UTF-8 encoding of c.
void Append(char32_t c, std::string* out);

// Lower-case (full Unicode simple case mapping) of a short string; ASCII is
// handled without ICU.
std::string Lower(std::string_view text);
void LowerInto(std::string_view text, std::string* out);

// Lower case without diacritics ("Défense" -> "defense"), for matching that
// must ignore accents.
std::string Fold(std::string_view text);
// The same fold into *out (cleared first), without allocating once out has
// grown: ASCII, Latin-1 letters and the typographic apostrophe are folded
// from a table; anything else goes through ICU (decomposition).
void FoldInto(std::string_view text, std::string* out);
// The same fold appended to *out.
void FoldAppend(std::string_view text, std::string* out);

// True when the sample looks like binary data: a NUL byte, or more than 5 %
// of C0 control characters other than tab, newline, carriage return, form feed.
bool LooksBinary(std::string_view sample);

// Whitespace including the no-break spaces used in French typography.
bool IsSpaceMultibyte(char32_t c);
inline bool IsSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return IsSpaceMultibyte(c);
}

// Trims ASCII and Unicode white space at both ends.
std::string_view Trim(std::string_view text);

}  // namespace vigie::utf8
