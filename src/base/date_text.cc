// Machine-written dates; see date_text.h. The RFC 822 month and weekday
// names are part of that format (English abbreviations), not of a language,
// so they are written here rather than in a lexicon under data/.
#include "base/date_text.h"

#include <array>
#include <cctype>

#include "base/calendar.h"

namespace vigie::date_text {

namespace {

// n digits at s[at] as a number; at most 9 (an int cannot overflow).
bool Digits(std::string_view s, size_t at, size_t n, int* v) {
  if (n > 9 || at + n > s.size()) return false;
  *v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    *v = *v * 10 + (s[i] - '0');
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<std::string> Make(int y, int m, int d) {
  if (!calendar::IsValid(y, m, d)) return std::nullopt;
  return calendar::FormatIso(y, m, d);
}

// "2024-03-04" followed by nothing, or by T/space and a time of day.
std::optional<std::string> Iso(std::string_view s) {
  int y, m, d;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &m) || s[7] != '-' ||
      !Digits(s, 8, 2, &d))
    return std::nullopt;
  if (s.size() > 10) {
    int hh, mm;
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &hh) || s.size() < 16 ||
        s[13] != ':' || !Digits(s, 14, 2, &mm) || hh > 24 || mm > 59)
      return std::nullopt;
  }
  return Make(y, m, d);
}

// "[Mon,] 04 Mar 2024 [10:00[:00] [GMT|+0100]]".
std::optional<std::string> Rfc822(std::string_view s) {
  size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma <= 9) s = Trim(s.substr(comma + 1));
  size_t i = 0;
  auto word = [&]() {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    return s.substr(b, i - b);
  };
  std::string_view day = word(), month = word(), year = word();
  int d, y;
  if (day.empty() || day.size() > 2 || !Digits(day, 0, day.size(), &d)) return std::nullopt;
  int m = EnglishMonth(month);
  if (m == 0 || (year.size() != 2 && year.size() != 4) || !Digits(year, 0, year.size(), &y))
    return std::nullopt;
  if (year.size() == 2) y += y < 50 ? 2000 : 1900;  // RFC 822's two-digit years
  std::string_view rest = word();
  if (!rest.empty()) {
    int hh, mm;
    if (!Digits(rest, 0, 2, &hh) || rest.size() < 5 || rest[2] != ':' || !Digits(rest, 3, 2, &mm) ||
        hh > 23 || mm > 59)
      return std::nullopt;
  }
  return Make(y, m, d);
}

}  // namespace

int EnglishMonth(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december"};
  if (w.size() < 3 || w.size() > 9) return 0;
  std::string lower;
  for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.back() == '.') lower.pop_back();
  for (size_t m = 0; m < kNames.size(); ++m) {
    if (lower == kNames[m] || lower == kNames[m].substr(0, 3)) return static_cast<int>(m + 1);
    if (m == 8 && lower == "sept") return 9;
  }
  return 0;
}

std::optional<std::string> ParseMachineDate(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(s[0])) && s.size() >= 10 && s[4] == '-') return Iso(s);
  return Rfc822(s);
}

std::string WhyNotIsoDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) ||
      !Digits(s, 8, 2, &d))
    return "not of the form YYYY-MM-DD";
  if (y < 1) return "year 0000 does not exist";
  if (m < 1 || m > 12) return "month " + std::to_string(m) + " does not exist";
  if (d < 1 || d > calendar::DaysInMonth(y, m)) {
    static constexpr const char* kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December"};
    return std::string(kMonths[m - 1]) + " " + std::to_string(y) + " has " +
           std::to_string(calendar::DaysInMonth(y, m)) + " days";
  }
  return "";
}

}  // namespace vigie::date_text
