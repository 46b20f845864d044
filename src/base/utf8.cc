// UTF-8 helpers. Decoding follows the Unicode "maximal subpart" rules via
// ICU's U8_NEXT; case mapping and accent stripping use ICU properties and a
// canonical decomposition, with an ASCII fast path because most tokens of
// French and English news are pure ASCII.
#include "base/utf8.h"

#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace vigie::utf8 {

std::optional<size_t> FindInvalid(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    // Skip runs of ASCII quickly, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::nullopt;
}

std::string ReplaceInvalid(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (Next(text, &pos) == U'\uFFFD' && text.substr(start, pos - start) != "\xEF\xBF\xBD")
      out += "\xEF\xBF\xBD";
    else
      out.append(text, start, pos - start);
  }
  return out;
}

char32_t NextMultibyte(std::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(*pos);
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  *pos = static_cast<size_t>(i);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

char32_t Prev(std::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(*pos);
  UChar32 c;
  U8_PREV(s, 0, i, c);
  *pos = static_cast<size_t>(i);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

void Append(char32_t c, std::string* out) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
  if (error) {
    out->append("\xEF\xBF\xBD");
    return;
  }
  out->append(buf, static_cast<size_t>(len));
}

void LowerInto(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
      ++i;
      continue;
    }
    Append(static_cast<char32_t>(u_tolower(static_cast<UChar32>(Next(text, &i)))), out);
  }
}

std::string Lower(std::string_view text) {
  std::string out;
  LowerInto(text, &out);
  return out;
}

namespace {

// The fold of text through ICU: each code point decomposed (NFD), its base
// letters lowered, its combining marks dropped.
void FoldSlow(std::string_view text, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  size_t i = 0;
  while (i < text.size()) {
    UChar32 c = static_cast<UChar32>(Next(text, &i));
    icu::UnicodeString decomposed;
    if (U_SUCCESS(status) && nfd->getDecomposition(c, decomposed)) {
      // Keep the base letters, drop the combining marks.
      for (int32_t k = 0; k < decomposed.length();) {
        UChar32 d = decomposed.char32At(k);
        k += U16_LENGTH(d);
        if (u_getCombiningClass(d) == 0 && u_charType(d) != U_NON_SPACING_MARK)
          Append(static_cast<char32_t>(u_tolower(d)), out);
      }
    } else if (u_charType(c) != U_NON_SPACING_MARK) {
      // Typographic apostrophe folds to the ASCII one.
      if (c == 0x2019) c = '\'';
      Append(static_cast<char32_t>(u_tolower(c)), out);
    }
  }
}

}  // namespace

std::string Fold(std::string_view text) {
  std::string out;
  FoldInto(text, &out);
  return out;
}

bool LooksBinary(std::string_view sample) {
  size_t controls = 0;
  for (unsigned char b : sample) {
    if (b == 0) return true;
    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') ++controls;
  }
  return !sample.empty() && controls * 20 > sample.size();
}

bool IsSpaceMultibyte(char32_t c) {
  return c == 0xA0 || c == 0x202F || c == 0x2007 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x3000 || c == 0x85 ||
         c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

std::string_view Trim(std::string_view text) {
  size_t b = 0;
  while (b < text.size()) {
    size_t p = b;
    if (!IsSpace(Next(text, &p))) break;
    b = p;
  }
  size_t e = text.size();
  while (e > b) {
    size_t p = e;
    if (!IsSpace(Prev(text, &p))) break;
    e = p;
  }
  return text.substr(b, e - b);
}

namespace {

// Fold of U+00C0..U+00FF, computed once through ICU so the two agree.
struct LatinFoldTable {
  std::string folded[64];
  LatinFoldTable() {
    for (char32_t c = 0xC0; c <= 0xFF; ++c) {
      std::string s;
      Append(c, &s);
      FoldSlow(s, &folded[c - 0xC0]);
    }
  }
};

}  // namespace

void FoldInto(std::string_view text, std::string* out) {
  out->clear();
  FoldAppend(text, out);
}

void FoldAppend(std::string_view text, std::string* out) {
  out->reserve(out->size() + text.size());
  for (size_t i = 0; i < text.size();) {
    // A run of ASCII at once: copied, then its capitals lowered in place.
    size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80) ++end;
    if (end > i) {
      const size_t from = out->size();
      out->append(text.data() + i, end - i);
      for (char* p = out->data() + from; p != out->data() + out->size(); ++p)
        if (*p >= 'A' && *p <= 'Z') *p = static_cast<char>(*p + 32);
      i = end;
      continue;
    }
    static const LatinFoldTable kLatin;
    size_t next = i;
    const char32_t c = Next(text, &next);
    if (c >= 0xC0 && c <= 0xFF) {
      out->append(kLatin.folded[c - 0xC0]);
    } else if (c == 0x2019) {
      out->push_back('\'');
    } else {
      FoldSlow(text.substr(i, next - i), out);
    }
    i = next;
  }
}

}  // namespace vigie::utf8
