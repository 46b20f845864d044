// Parsing and checking API parameters; see params.h.
#include "serve/params.h"


#include <cmath>
#include <cstdlib>

#include "base/countries.h"
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

namespace {

std::string Upper(std::string_view v) {
  std::string out(v);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return out;
}

// The values of a list parameter: separated by commas, each trimmed.
std::vector<std::string_view> SplitList(std::string_view value) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t comma = value.find(',', start);
    std::string_view v = value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool IsListParam(std::string_view name) {
  return name == "code" || name == "plover" || name == "acled" || name == "country" || name == "modality";
}

struct SortName {
  const char* name;
  store::EventFilter::Sort sort;
};
constexpr SortName kSorts[] = {
    {"-date", store::EventFilter::Sort::kDateDesc},
    {"date", store::EventFilter::Sort::kDateAsc},
    {"-fatalities", store::EventFilter::Sort::kFatalitiesDesc},
    {"fatalities", store::EventFilter::Sort::kFatalitiesAsc},
    {"-sources", store::EventFilter::Sort::kSourcesDesc},
    {"sources", store::EventFilter::Sort::kSourcesAsc},
    {"-mentions", store::EventFilter::Sort::kMentionsDesc},
    {"code", store::EventFilter::Sort::kCodeAsc},
    {"-code", store::EventFilter::Sort::kCodeDesc},
    {"place", store::EventFilter::Sort::kPlaceAsc},
    {"-place", store::EventFilter::Sort::kPlaceDesc},
};

}  // namespace

std::string CountryAlpha2(std::string_view code) {
  const std::string c = Upper(code);
  if (c == "XK") return c;  // Kosovo: GeoNames' code, not in ISO 3166
  if (c.size() == 3) return std::string(CountryIso2(c));
  return CountryIso3(c).empty() ? std::string() : c;
}

std::string CountryAlpha3(std::string_view alpha2) { return std::string(CountryIso3(Upper(alpha2))); }

Params FilterParamsOnly(const Params& params) {
  Params out;
  for (const auto& kv : params)
    if (kv.first != "limit" && kv.first != "offset" && kv.first != "sort" && kv.first != "format" &&
        kv.first != "count")
      out.push_back(kv);
  return out;
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
    if (name.size() > 16) return fail("unknown parameter");
    if (!IsListParam(name)) {
      for (const auto& s : seen)
        if (s == name) return fail("parameter '" + name + "' given twice");
      seen.push_back(name);
    }
    if (IsListParam(name)) {
      for (std::string_view v : SplitList(value)) {
        if (name == "code") {
          if (!AllDigits(v) || v.size() > 4) return fail("code must be 1 to 4 digits (a CAMEO code or prefix)");
          f.codes.emplace_back(v);
        } else if (name == "plover") {
          std::string t = Upper(v);
          bool good = !t.empty() && t.size() <= 24;
          for (char c : t) good &= (c >= 'A' && c <= 'Z') || c == '_';
          if (!good) return fail("plover must be a PLOVER type such as ASSAULT or PROTEST");
          f.plover.push_back(std::move(t));
        } else if (name == "acled") {
          bool good = !v.empty() && v.size() <= 40;
          for (char c : v) good &= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '/' || c == '-';
          if (!good) return fail("acled must be an ACLED event type such as Battles or Protests");
          f.acled.emplace_back(v);
        } else if (name == "country") {
          if (v.size() != 2 && v.size() != 3) return fail("country must be ISO alpha-2 or alpha-3 (SY or SYR)");
          std::string a2 = CountryAlpha2(v);
          if (a2.empty()) return fail("country '" + std::string(v) + "' is not an ISO 3166-1 code");
          f.countries.push_back(std::move(a2));
        } else {  // modality
          if (v != "asserted" && v != "negated" && v != "hypothetical" && v != "reported")
            return fail("modality must be asserted, negated, hypothetical or reported");
          f.modality.emplace_back(v);
        }
      }
      if (f.codes.size() > kMaxValues || f.plover.size() > kMaxValues || f.acled.size() > kMaxValues ||
          f.countries.size() > kMaxValues || f.modality.size() > kMaxValues)
        return fail("at most 64 values for " + name);
    } else if (name == "from" || name == "to") {
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
    } else if (name == "actor") {
      if (!GoodText(value, 100)) return fail("actor must be 1 to 100 bytes of text");
      f.actor = value;
    } else if (name == "q") {
      if (!GoodText(value, 200)) return fail("q must be 1 to 200 bytes of text");
      f.text = FtsQuery(value);
      if (f.text.empty()) return fail("q must hold 1 to 16 words");
    } else if (name == "min_fatalities") {
      int64_t v = ParseCount(value, 8);
      if (v < 0 || v > 10000000) return fail("min_fatalities must be 0 to 10000000");
      f.min_fatalities = v;
    } else if (name == "background") {
      if (value == "true") f.background = 1;
      else if (value == "false") f.background = 0;
      else return fail("background must be true or false");
    } else if (name == "sort") {
      bool found = false;
      for (const SortName& s : kSorts)
        if (value == s.name) {
          f.sort = s.sort;
          found = true;
        }
      if (!found)
        return fail("sort must be one of -date, date, -fatalities, fatalities, -sources, sources, -mentions,"
                    " code, -code, place, -place");
    } else if (name == "format") {
      if (value == "json") r.format = Format::kJson;
      else if (value == "csv") r.format = Format::kCsv;
      else if (value == "geojson") r.format = Format::kGeoJson;
      else return fail("format must be json, csv or geojson");
    } else if (name == "count") {
      if (value != "exact") return fail("count must be exact (or left out: counted up to offset + 1000)");
      r.exact_count = true;
    } else if (name == "limit") {
      int64_t v = ParseCount(value, 7);
      if (v < 1 || v > kMaxExportLimit) return fail("limit must be 1 to 1000 (100000 for csv and geojson)");
      f.limit = v;
    } else if (name == "offset") {
      int64_t v = ParseCount(value, 7);
      if (v < 0 || v > kMaxOffset) return fail("offset must be 0 to 1000000");
      f.offset = v;
    } else {
      return fail("unknown parameter '" + name +
                  "' (known: from, to, bbox, code, plover, acled, actor, country, q, min_fatalities, modality,"
                  " background, sort, format, count, limit, offset)");
    }
  }
  if (r.format == Format::kJson && f.limit > kMaxLimit) return fail("limit must be 1 to 1000 (100000 for csv and geojson)");
  if (!f.from.empty() && !f.to.empty() && f.from > f.to) return fail("from is after to");
  return r;
}

}  // namespace vigie::serve
