// Lexical keys of a word; see lexical.h.
#include "parse/lexical.h"

#include "base/utf8.h"
#include "parse/perceptron.h"

namespace vigie::parse {

std::string LowerWord(std::string_view form) {
  std::string out(form);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    } else if ((c == 0xC4 || c == 0xC5) && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0xBF && d % 2 == 0 && !(c == 0xC4 && d == 0xB0)) out[i + 1] = static_cast<char>(d + 1);
      ++i;
    }
  }
  return out;
}

namespace {

char ShapeOf(char32_t c) {
  if (c >= '0' && c <= '9') return 'd';
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return 'X';
    if (c >= 'a' && c <= 'z') return 'x';
    return static_cast<char>(c);
  }
  // Outside ASCII: letters of Latin scripts by case, others as 'o'.
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x100 && c < 0x180 && c % 2 == 0)) return 'X';
  if ((c >= 0xDF && c <= 0xFF && c != 0xF7) || (c >= 0x100 && c < 0x180)) return 'x';
  if (c == 0x2019 || c == 0x2BC) return '\'';
  return 'o';
}

}  // namespace

LexicalWord MakeLexicalWord(std::string_view form, uint32_t mask) {
  LexicalWord w;
  std::string lower = LowerWord(form);
  w.form = StringKey(form);
  w.lower = StringKey(lower);
  w.mask = mask;
  // The last 1..4 and first 1..2 characters, found by skipping UTF-8
  // continuation bytes.
  auto continuation = [&](size_t i) { return (static_cast<unsigned char>(lower[i]) & 0xC0) == 0x80; };
  size_t end = lower.size();
  for (size_t k = 0; k < 4; ++k) {
    if (end == 0) {
      w.suffix[k] = 0;
      continue;
    }
    do --end;
    while (end > 0 && continuation(end));
    w.suffix[k] = StringKey(std::string_view(lower).substr(end));
  }
  size_t begin = 0;
  for (size_t k = 0; k < 2; ++k) {
    if (begin < lower.size()) {
      ++begin;
      while (begin < lower.size() && continuation(begin)) ++begin;
    }
    w.prefix[k] = begin < lower.size() ? StringKey(std::string_view(lower).substr(0, begin)) : w.lower;
  }
  std::string shape;
  char last = 0;
  int run = 0;
  for (size_t i = 0; i < form.size();) {
    char s = ShapeOf(utf8::Next(form, &i));
    run = s == last ? run + 1 : 1;
    last = s;
    if (run <= 2) shape.push_back(s);
    if (s == 'd') w.has_digit = true;
    if (s == '-') w.has_hyphen = true;
  }
  w.shape = StringKey(shape);
  w.capitalised = !shape.empty() && shape[0] == 'X';
  return w;
}

}  // namespace vigie::parse
