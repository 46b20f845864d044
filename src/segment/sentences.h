// Sentence boundaries with ICU, corrected for news typography.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <unicode/brkiter.h>

#include "doc/document.h"
#include "segment/segment_knowledge.h"

namespace vigie {

class SentenceSplitter {
 public:
  // One ICU break iterator per language, created on first use ("fr" uses
  // the locale fr@ss=standard, which keeps "M. Dupont" together).
  // Appends the sentences of text[paragraph) to *out.
  Status Split(std::string_view text, Span paragraph, std::string_view lang,
               const LanguageSegmentation& rules, std::vector<Span>* out);

 private:
  icu::BreakIterator* For(std::string_view lang);
  std::vector<std::pair<std::string, std::unique_ptr<icu::BreakIterator>>> iterators_;
};

}  // namespace vigie
