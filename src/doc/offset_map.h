// Map from positions in a derived text back to positions in the text it was
// derived from (clean text -> raw input bytes).
//
// The map is a sorted list of pieces. A verbatim piece is a copy and maps
// byte for byte; any other piece (a JSON escape, a character changed by NFC,
// an HTML entity, a byte replaced by U+FFFD) maps as a whole: a begin offset
// inside it goes to the piece's start, an end offset to the piece's end. So
// a span always maps to a raw span that covers exactly the same characters.
// Whether a piece is a copy is recorded, never guessed from its lengths: a
// whole piece may well have two equal lengths (a control byte and a CRLF
// within one text node, U+FFFD for three invalid bytes, a CJK compatibility
// ideograph under NFC), and mapping it byte for byte would shift offsets.
#pragma once

#include <cstdint>
#include <vector>

namespace vigie {

class OffsetMap {
 public:
  struct Piece {
    uint32_t begin;      // in the derived text
    uint32_t length;     // in the derived text
    uint32_t raw_begin;  // in the original
    uint32_t raw_length;
    bool verbatim;       // a copy (then the two lengths are equal)
  };

  // The identity over n bytes.
  static OffsetMap Identity(uint32_t n);

  // Appends a piece; `begin` must equal the current end of the derived text.
  // Equal lengths mean a copy (verbatim); verbatim neighbours are merged so
  // copies of long runs stay one piece.
  void Add(uint32_t begin, uint32_t length, uint32_t raw_begin, uint32_t raw_length);
  // Appends a piece that maps as a whole whatever its lengths: derived text
  // that is not a copy of the raw bytes it stands for.
  void AddWhole(uint32_t begin, uint32_t length, uint32_t raw_begin, uint32_t raw_length);

  // Raw position of a span's begin / end offset.
  uint32_t MapBegin(uint32_t pos) const;
  uint32_t MapEnd(uint32_t pos) const;

  // This map applied after `inner` (derived -> this original -> inner's
  // original), i.e. for every piece of *this, its raw range is looked up in
  // `inner`.
  OffsetMap ComposeWith(const OffsetMap& inner) const;

  const std::vector<Piece>& pieces() const { return pieces_; }
  uint32_t size() const {
    return pieces_.empty() ? 0 : pieces_.back().begin + pieces_.back().length;
  }

 private:
  const Piece* Find(uint32_t pos, bool end) const;
  std::vector<Piece> pieces_;
};

}  // namespace vigie
