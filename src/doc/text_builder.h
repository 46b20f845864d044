// Builds a document's clean text from pieces of its source text, in Unicode
// NFC, while recording where every byte came from.
#pragma once

#include <string>
#include <string_view>

#include "doc/offset_map.h"

namespace vigie {

class TextBuilder {
 public:
  explicit TextBuilder(std::string_view source) : source_(source) {}

  // Appends source[begin, end) normalised to NFC.
  void Copy(uint32_t begin, uint32_t end);
  // Appends text that has no source (e.g. the "\n\n" between paragraphs);
  // it maps to the empty source range at `at`.
  void Insert(std::string_view text, uint32_t at);

  uint32_t size() const { return static_cast<uint32_t>(text_.size()); }
  const std::string& text() const { return text_; }

  // Moves the text and its map to the source out.
  void Finish(std::string* text, OffsetMap* map);

 private:
  void CopyVerbatim(uint32_t begin, uint32_t end);
  std::string_view source_;
  std::string text_;
  OffsetMap map_;
};

}  // namespace vigie
