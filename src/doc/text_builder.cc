// Clean text assembly with NFC normalisation.
//
// Most news text is already in NFC, so a piece is first checked with ICU's
// quick check and copied verbatim. Only when it is not NFC is it cut at the
// normaliser's boundaries and each chunk normalised on its own; unchanged
// chunks stay verbatim pieces of the map and changed ones become small
// whole-piece mappings, so offsets stay exact everywhere else.
#include "doc/text_builder.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "base/utf8.h"

namespace vigie {

namespace {

const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfc;
}

// True when every byte belongs to a code point below U+0300, all of which
// are stable under NFC.
bool TriviallyNfc(std::string_view s) {
  for (unsigned char b : s)
    if (b >= 0xCC) return false;
  return true;
}

}  // namespace

void TextBuilder::CopyVerbatim(uint32_t begin, uint32_t end) {
  map_.Add(size(), end - begin, begin, end - begin);
  text_.append(source_.substr(begin, end - begin));
}

void TextBuilder::Insert(std::string_view text, uint32_t at) {
  map_.Add(size(), static_cast<uint32_t>(text.size()), at, 0);
  text_.append(text);
}

void TextBuilder::Copy(uint32_t begin, uint32_t end) {
  if (end <= begin) return;
  std::string_view piece = source_.substr(begin, end - begin);
  const icu::Normalizer2* nfc = Nfc();
  if (nfc == nullptr || TriviallyNfc(piece)) return CopyVerbatim(begin, end);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())));
  if (nfc->quickCheck(u, status) == UNORM_YES && U_SUCCESS(status))
    return CopyVerbatim(begin, end);

  // Slow path: chunk at normalisation boundaries.
  size_t pos = 0;
  while (pos < piece.size()) {
    size_t chunk_end = pos;
    utf8::Next(piece, &chunk_end);
    while (chunk_end < piece.size()) {
      size_t peek = chunk_end;
      char32_t c = utf8::Next(piece, &peek);
      if (nfc->hasBoundaryBefore(static_cast<UChar32>(c))) break;
      chunk_end = peek;
    }
    std::string_view chunk = piece.substr(pos, chunk_end - pos);
    status = U_ZERO_ERROR;
    icu::UnicodeString cu = icu::UnicodeString::fromUTF8(
        icu::StringPiece(chunk.data(), static_cast<int32_t>(chunk.size())));
    icu::UnicodeString normalised = nfc->normalize(cu, status);
    std::string out;
    normalised.toUTF8String(out);
    uint32_t src = begin + static_cast<uint32_t>(pos);
    if (U_FAILURE(status) || out == chunk) {
      CopyVerbatim(src, src + static_cast<uint32_t>(chunk.size()));
    } else {
      map_.AddWhole(size(), static_cast<uint32_t>(out.size()), src,
                    static_cast<uint32_t>(chunk.size()));
      text_.append(out);
    }
    pos = chunk_end;
  }
}

void TextBuilder::Finish(std::string* text, OffsetMap* map) {
  *text = std::move(text_);
  *map = std::move(map_);
  text_.clear();
  map_ = OffsetMap();
}

}  // namespace vigie
