// Parsing and checking API parameters; see params.h.
#include "serve/params.h"

#include <cmath>
#include <cstdlib>

#include "base/utf8.h"

namespace vigie::serve {

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Digits only, at most `max_digits`; -1 otherwise.
int64_t ParseCount(std::string_view s, size_t max_digits) {
  if (!AllDigits(s) || s.size() > max_digits) return -1;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  std::string copy(s);
  for (char c : copy)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

bool GoodText(std::string_view s, size_t max_bytes) {
  if (s.empty() || s.size() > max_bytes) return false;
  if (utf8::FindInvalid(s).has_value()) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return false;
  return true;
}

bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c == 0xA0 || c == 0xAB || c == 0xBB) return false;
  if (c >= 0x2000 && c <= 0x206F) return false;
  return true;
}

}  // namespace

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!AllDigits(s.substr(0, 4)) || !AllDigits(s.substr(5, 2)) || !AllDigits(s.substr(8, 2))) return false;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string FtsQuery(std::string_view text) {
  std::string out, word;
  int words = 0;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += '"' + word + '"';  // a word holds no quote: only letters and digits
    word.clear();
    ++words;
  };
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    char32_t c = utf8::Next(text, &i);
    if (i == start) ++i;
    if (IsWordChar(c))
      word.append(text.substr(start, i - start));
    else
      flush();
  }
  flush();
  return words > 16 ? std::string() : out;
}

int64_t ParseId(std::string_view s) {
  int64_t v = ParseCount(s, 18);
  return v > 0 ? v : -1;
}

ParsedFilter ParseEventParams(const Params& params) {
  ParsedFilter r;
  store::EventFilter& f = r.filter;
  auto fail = [&](std::string reason) {
    r.error = std::move(reason);
    return r;
  };
  std::vector<std::string> seen;
  for (const auto& [name, value] : params) {
    for (const auto& s : seen)
      if (s == name) return fail("parameter '" + name + "' given twice");
    if (name.size() > 16) return fail("unknown parameter");
    seen.push_back(name);
    if (name == "from" || name == "to") {
      if (!IsDate(value)) return fail(name + " must be a date YYYY-MM-DD");
      (name == "from" ? f.from : f.to) = value;
    } else if (name == "bbox") {
      double v[4];
      size_t start = 0;
      for (int k = 0; k < 4; ++k) {
        size_t comma = value.find(',', start);
        if ((k < 3) != (comma != std::string::npos))
          return fail("bbox must be min_lon,min_lat,max_lon,max_lat");
        std::string_view part = std::string_view(value).substr(start, comma == std::string::npos
                                                                          ? std::string::npos
                                                                          : comma - start);
        if (!ParseDouble(part, &v[k])) return fail("bbox must be four numbers");
        start = comma + 1;
      }
      if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90)
        return fail("bbox out of range: longitudes -180..180, latitudes -90..90");
      if (v[0] > v[2] || v[1] > v[3]) return fail("bbox minimum greater than its maximum");
      f.has_bbox = true;
      f.min_lon = v[0];
      f.min_lat = v[1];
      f.max_lon = v[2];
      f.max_lat = v[3];
    } else if (name == "code") {
      if (!AllDigits(value) || value.size() > 4) return fail("code must be 1 to 4 digits (a CAMEO code or prefix)");
      f.code = value;
    } else if (name == "actor") {
      if (!GoodText(value, 100)) return fail("actor must be 1 to 100 bytes of text");
      f.actor = value;
    } else if (name == "country") {
      if (value.size() != 2 && value.size() != 3) return fail("country must be ISO alpha-2 or alpha-3");
      std::string upper;
      for (char c : value) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (c < 'A' || c > 'Z') return fail("country must be ISO alpha-2 or alpha-3");
        upper += c;
      }
      f.country = upper;
    } else if (name == "q") {
      if (!GoodText(value, 200)) return fail("q must be 1 to 200 bytes of text");
      f.text = FtsQuery(value);
      if (f.text.empty()) return fail("q must hold 1 to 16 words");
    } else if (name == "limit") {
      int64_t v = ParseCount(value, 7);
      if (v < 1 || v > kMaxLimit) return fail("limit must be 1 to 1000");
      f.limit = v;
    } else if (name == "offset") {
      int64_t v = ParseCount(value, 7);
      if (v < 0 || v > kMaxOffset) return fail("offset must be 0 to 1000000");
      f.offset = v;
    } else {
      return fail("unknown parameter '" + name +
                  "' (known: from, to, bbox, code, actor, country, q, limit, offset)");
    }
  }
  if (!f.from.empty() && !f.to.empty() && f.from > f.to) return fail("from is after to");
  return r;
}

}  // namespace vigie::serve
