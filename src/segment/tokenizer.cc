// The tokenizer; see tokenizer.h.
//
// One left-to-right pass over code points with ICU character properties. A
// maximal "chunk" (letters, digits, marks, and hyphens, apostrophes or
// periods between them) is read first, then clitics are cut off its ends.
// Tokens are written straight into the document's flat vector: no
// allocation per token.
#include "segment/tokenizer.h"

#include <unicode/uchar.h>

#include <cstdlib>
#include <string>

#include "base/utf8.h"

namespace vigie {

namespace {

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  auto type = u_charType(static_cast<UChar32>(c));
  return u_isalnum(static_cast<UChar32>(c)) || type == U_NON_SPACING_MARK ||
         type == U_COMBINING_SPACING_MARK;
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }
bool IsHyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }
bool IsGroupSpace(char32_t c) { return c == 0xA0 || c == 0x202F || c == 0x2009; }

char32_t At(std::string_view text, size_t pos, size_t* next) {
  *next = pos;
  return pos < text.size() ? utf8::Next(text, next) : 0;
}

// Count of ASCII digits starting at pos.
size_t Digits(std::string_view text, size_t pos, size_t end) {
  size_t n = 0;
  while (pos + n < end && IsDigit(static_cast<unsigned char>(text[pos + n]))) ++n;
  return n;
}

// Case-insensitive prefix test of a chunk against a lower-case clitic, with
// any apostrophe variant matching "'".
bool ClitcEquals(std::string_view written, std::string_view clitic) {
  size_t i = 0, j = 0;
  while (i < written.size() && j < clitic.size()) {
    size_t ni = i, nj = j;
    char32_t a = utf8::Next(written, &ni);
    char32_t b = utf8::Next(clitic, &nj);
    if (IsApostrophe(a) && IsApostrophe(b)) {
    } else if (IsHyphen(a) && IsHyphen(b)) {
    } else if (static_cast<char32_t>(u_tolower(static_cast<UChar32>(a))) != b) {
      return false;
    }
    i = ni;
    j = nj;
  }
  return i == written.size() && j == clitic.size();
}

// Byte length in `chunk` of a written form of `clitic` at its start/end,
// or 0. Written forms may use other apostrophes (3 bytes for ’).
size_t MatchPrefix(std::string_view chunk, std::string_view clitic) {
  size_t pos = 0, chars = 0, want = 0;
  for (size_t k = 0; k < clitic.size(); utf8::Next(clitic, &k)) ++want;
  while (pos < chunk.size() && chars < want) {
    utf8::Next(chunk, &pos);
    ++chars;
  }
  return chars == want && ClitcEquals(chunk.substr(0, pos), clitic) ? pos : 0;
}

size_t MatchSuffix(std::string_view chunk, std::string_view clitic) {
  size_t pos = chunk.size(), chars = 0, want = 0;
  for (size_t k = 0; k < clitic.size(); utf8::Next(clitic, &k)) ++want;
  while (pos > 0 && chars < want) {
    utf8::Prev(chunk, &pos);
    ++chars;
  }
  return chars == want && ClitcEquals(chunk.substr(pos), clitic) ? chunk.size() - pos : 0;
}

void SetCaseFlags(std::string_view form, Token* t) {
  size_t pos = 0;
  int letters = 0, uppers = 0;
  bool first = true;
  while (pos < form.size()) {
    auto c = static_cast<UChar32>(utf8::Next(form, &pos));
    bool alpha, upper;
    if (c < 0x80) {
      upper = c >= 'A' && c <= 'Z';
      alpha = upper || (c >= 'a' && c <= 'z');
    } else {
      alpha = u_isalpha(c);
      upper = alpha && u_isupper(c);
    }
    if (!alpha) continue;
    ++letters;
    if (upper) {
      ++uppers;
      if (first) t->flags |= token_flags::kCapitalised;
    }
    first = false;
  }
  if (letters >= 2 && uppers == letters) t->flags |= token_flags::kAllCaps;
}

class Emitter {
 public:
  Emitter(std::string_view text, std::vector<Token>* out) : text_(text), out_(out) {}
  Token& Emit(size_t begin, size_t end, TokenKind kind) {
    Token t;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    t.kind = kind;
    if (kind == TokenKind::kWord) SetCaseFlags(text_.substr(begin, end - begin), &t);
    out_->push_back(t);
    return out_->back();
  }

 private:
  std::string_view text_;
  std::vector<Token>* out_;
};

// Emits a word chunk, cutting elisions off its start and enclitics or
// suffixes off its end.
void EmitWord(std::string_view text, size_t begin, size_t end, bool has_apostrophe,
              bool has_hyphen, const LanguageSegmentation& rules, Emitter& emit) {
  if (!has_apostrophe && !has_hyphen) {  // most words: nothing to split
    emit.Emit(begin, end, TokenKind::kWord);
    return;
  }
  // Elisions: "l’", "qu’" followed by at least one letter.
  bool cut = has_apostrophe;
  while (cut) {
    cut = false;
    std::string_view chunk = text.substr(begin, end - begin);
    for (const std::string& e : rules.elisions) {
      size_t len = MatchPrefix(chunk, e);
      if (len == 0 || len >= chunk.size()) continue;
      size_t after = len;
      if (!IsApostrophe(utf8::Next(chunk, &after)) || after >= chunk.size()) continue;
      size_t peek = after;
      if (!IsWordChar(utf8::Next(chunk, &peek))) continue;
      emit.Emit(begin, begin + after, TokenKind::kWord).flags |= token_flags::kElided;
      begin += after;
      cut = true;
      break;
    }
  }
  // Suffixes and enclitics, at most one each (English suffix first).
  std::string_view chunk = text.substr(begin, end - begin);
  size_t tail = 0;
  for (size_t k = 0; has_apostrophe && k < rules.suffixes.size(); ++k) {
    size_t len = MatchSuffix(chunk, rules.suffixes[k]);
    if (len > 0 && len < chunk.size()) {
      tail = len;
      break;
    }
  }
  if (tail == 0 && has_hyphen) {
    for (const std::string& s : rules.enclitics) {
      size_t len = MatchSuffix(chunk, s);
      // "a-t-il" splits, a place name such as "Saint-Y" does not.
      size_t second = chunk.size() - len + 1;
      if (len > 0 && len < chunk.size() &&
          !u_isupper(static_cast<UChar32>(utf8::Next(chunk, &second)))) {
        tail = len;
        break;
      }
    }
  }
  emit.Emit(begin, end - tail, TokenKind::kWord);
  if (tail > 0) emit.Emit(end - tail, end, TokenKind::kWord);
}

bool IsUrlStart(std::string_view rest) {
  return rest.starts_with("http://") || rest.starts_with("https://") ||
         rest.starts_with("www.");
}

bool IsOrdinalSuffix(std::string_view s) {
  static constexpr std::string_view kSuffixes[] = {"er", "re", "e", "ème", "eme", "è",
                                                   "st", "nd", "rd", "th", "ᵉ", "er"};
  for (std::string_view k : kSuffixes)
    if (s == k) return true;
  return false;
}

}  // namespace

size_t ScanNumber(std::string_view text, size_t pos, size_t end, std::string_view lang,
                  double* value) {
  const bool french = lang == "fr";
  const char thousands = french ? '.' : ',';
  const char decimal = french ? ',' : '.';
  std::string digits;
  size_t q = pos;
  size_t first = Digits(text, q, end);
  if (first == 0) return pos;
  digits.append(text.substr(q, first));
  q += first;
  // Groups of three after a space-like separator ("1 000", "10 000 000").
  if (first <= 3) {
    while (q < end) {
      size_t after;
      char32_t c = At(text, q, &after);
      bool space_sep = IsGroupSpace(c) || (c == ' ' && french);
      bool char_sep = c == static_cast<char32_t>(thousands);
      if (!space_sep && !char_sep) break;
      if (Digits(text, after, end) != 3) break;
      size_t next;
      char32_t follow = At(text, after + 3, &next);
      if (after + 3 < end && (IsDigit(follow) || IsWordChar(follow))) break;
      // "9.364" in French is a thousand; so is "1,200" in English. "2.5"
      // is not, having no three digits after the separator.
      digits.append(text.substr(after, 3));
      q = after + 3;
    }
  }
  // A decimal part.
  if (q + 1 < end && (text[q] == decimal || text[q] == '.') &&
      IsDigit(static_cast<unsigned char>(text[q + 1]))) {
    size_t frac = Digits(text, q + 1, end);
    digits.push_back('.');
    digits.append(text.substr(q + 1, frac));
    q += 1 + frac;
  }
  *value = std::strtod(digits.c_str(), nullptr);
  return q;
}

void Tokenize(std::string_view text, Span span, std::string_view lang,
              const LanguageSegmentation& rules, std::vector<Token>* out) {
  Emitter emit(text, out);
  size_t pos = span.begin;
  const size_t end = span.end;
  while (pos < end) {
    size_t next;
    char32_t c = At(text, pos, &next);
    if (utf8::IsSpace(c)) {
      pos = next;
      continue;
    }
    const size_t begin = pos;
    // URLs.
    if ((c == 'h' || c == 'w') && IsUrlStart(text.substr(pos, end - pos))) {
      size_t q = pos;
      while (q < end) {
        size_t n;
        if (utf8::IsSpace(At(text, q, &n))) break;
        q = n;
      }
      while (q > pos && std::string_view(".,;:!?)]»\"'").find(text[q - 1]) != std::string_view::npos)
        --q;
      emit.Emit(begin, q, TokenKind::kUrl);
      pos = q;
      continue;
    }
    // Numbers, with an ordinal suffix if any ("1er", "3rd").
    if (IsDigit(c)) {
      double value = 0;
      size_t q = ScanNumber(text, pos, end, lang, &value);
      size_t w = q;
      while (w < end) {
        size_t n;
        char32_t d = At(text, w, &n);
        if (!IsWordChar(d)) break;
        w = n;
      }
      if (w == q || IsOrdinalSuffix(text.substr(q, w - q))) {
        Token& t = emit.Emit(begin, w, TokenKind::kNumber);
        t.value = value;
        pos = w;
        continue;
      }
      // "10h30", "5km", "G20": a word.
    }
    if (IsWordChar(c)) {
      size_t q = next;
      size_t segment_letters = 1;  // letters since the last period
      bool dotted = false, has_apostrophe = false, has_hyphen = false;
      while (q < end) {
        size_t n;
        char32_t d = At(text, q, &n);
        if (IsWordChar(d)) {
          ++segment_letters;
          q = n;
          continue;
        }
        size_t n2;
        char32_t after = At(text, n, &n2);
        if (n >= end || !IsWordChar(after)) break;
        if (IsHyphen(d) || IsApostrophe(d)) {
          (IsHyphen(d) ? has_hyphen : has_apostrophe) = true;
          q = n;
          segment_letters = 0;
          continue;
        }
        if (d == '.' && segment_letters == 1 && u_isalpha(static_cast<UChar32>(after))) {
          dotted = true;  // "U.S", "e.g"
          q = n;
          segment_letters = 0;
          continue;
        }
        break;
      }
      // A final period that belongs to the word.
      if (q < end && text[q] == '.') {
        std::string_view with_period = text.substr(begin, q + 1 - begin);
        bool initial = segment_letters == 1 && u_isupper(static_cast<UChar32>(c)) &&
                       q - begin <= 4;
        if (dotted || initial || rules.abbreviations.count(with_period) != 0 ||
            rules.final_abbreviations.count(with_period) != 0)
          ++q;
      }
      EmitWord(text, begin, q, has_apostrophe, has_hyphen, rules, emit);
      pos = q;
      continue;
    }
    // Punctuation and symbols: "..." stays one token.
    if (c == '.') {
      size_t q = pos;
      while (q < end && text[q] == '.') ++q;
      emit.Emit(begin, q, TokenKind::kPunct);
      pos = q;
      continue;
    }
    auto type = u_charType(static_cast<UChar32>(c));
    bool symbol = c == '%' || type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL ||
                  type == U_MODIFIER_SYMBOL || type == U_OTHER_SYMBOL;
    emit.Emit(begin, next, symbol ? TokenKind::kSymbol : TokenKind::kPunct);
    pos = next;
  }
}

}  // namespace vigie
