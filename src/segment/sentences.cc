// Sentence splitting; see sentences.h.
//
// ICU's sentence rules run directly on the UTF-8 text through a UText, so
// boundaries come back as byte offsets with no UTF-16 conversion. Three
// corrections follow: a closing quote or bracket that ICU put at the start
// of the next sentence ("... fini. » Il a") goes back to the sentence it
// closes; a break after a listed abbreviation is undone; so is a break
// before a lower-case letter (ICU ends a sentence at every "!" or "?").
#include "segment/sentences.h"

#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "base/utf8.h"

namespace vigie {

namespace {

bool IsClosing(char32_t c) {
  return c == 0xBB || c == 0x201D || c == ')' || c == ']';
}

// Trims white space off both ends of a span.
Span TrimSpan(std::string_view text, Span s) {
  std::string_view t = utf8::Trim(text.substr(s.begin, s.size()));
  if (t.empty()) return {s.end, s.end};
  auto b = static_cast<uint32_t>(t.data() - text.data());
  return {b, b + static_cast<uint32_t>(t.size())};
}

// True when the span ends with "<word>." and "<word>." is an abbreviation.
bool EndsWithAbbreviation(std::string_view text, Span s, const LanguageSegmentation& rules) {
  std::string_view t = text.substr(s.begin, s.size());
  if (!t.ends_with(".")) return false;
  size_t start = t.size() - 1;
  while (start > 0) {
    size_t p = start;
    char32_t c = utf8::Prev(t, &p);
    if (utf8::IsSpace(c) || c == '(' || c == 0xAB || c == '"') break;
    start = p;
  }
  return rules.abbreviations.count(t.substr(start)) != 0;
}

bool StartsLower(std::string_view text, Span s) {
  size_t p = s.begin;
  return p < s.end && u_islower(static_cast<UChar32>(utf8::Next(text, &p)));
}

}  // namespace

icu::BreakIterator* SentenceSplitter::For(std::string_view lang) {
  for (auto& [code, it] : iterators_)
    if (code == lang) return it.get();
  std::string locale = (lang.empty() || lang == "und" ? std::string("en") : std::string(lang)) +
                       "@ss=standard";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status)) {
    status = U_ZERO_ERROR;
    it.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) return nullptr;
  }
  iterators_.emplace_back(std::string(lang), std::move(it));
  return iterators_.back().second.get();
}

Status SentenceSplitter::Split(std::string_view text, Span paragraph, std::string_view lang,
                               const LanguageSegmentation& rules, std::vector<Span>* out) {
  icu::BreakIterator* bi = For(lang);
  if (bi == nullptr) return Status(ErrorCode::kSegmentFailed, "no ICU sentence iterator");
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data() + paragraph.begin,
                             static_cast<int64_t>(paragraph.size()), &status);
  if (U_FAILURE(status)) return Status(ErrorCode::kSegmentFailed, u_errorName(status));
  bi->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return Status(ErrorCode::kSegmentFailed, u_errorName(status));
  }
  const size_t first_new = out->size();
  int32_t start = bi->first();
  for (int32_t stop = bi->next(); stop != icu::BreakIterator::DONE; stop = bi->next()) {
    Span s = TrimSpan(text, {paragraph.begin + static_cast<uint32_t>(start),
                             paragraph.begin + static_cast<uint32_t>(stop)});
    start = stop;
    if (s.empty()) continue;
    if (out->size() > first_new) {
      Span& prev = out->back();
      // A closing quote that opens this sentence belongs to the previous one.
      size_t p = s.begin;
      char32_t c = utf8::Next(text, &p);
      if (IsClosing(c)) {
        size_t q = p;
        while (q < s.end) {
          size_t n = q;
          if (!utf8::IsSpace(utf8::Next(text, &n))) break;
          q = n;
        }
        prev.end = static_cast<uint32_t>(p);
        if (q >= s.end) continue;
        s.begin = static_cast<uint32_t>(q);
      }
      // No sentence ends after a listed abbreviation, and none starts with
      // a lower-case letter ("« Non ! » puis il", "example.org/a?b=1").
      if (EndsWithAbbreviation(text, prev, rules) || StartsLower(text, s)) {
        prev.end = s.end;
        continue;
      }
    }
    out->push_back(s);
  }
  utext_close(ut);
  return Status::Ok();
}

}  // namespace vigie
