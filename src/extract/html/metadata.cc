// JSON-LD and date parsing; see metadata.h and html_extract.h.
//
// JSON-LD is parsed with nlohmann::json (no exceptions) after a check that
// it nests no deeper than 64 levels (the parser recurses); the object tree
// is then searched with an explicit stack for the first object whose @type
// is an article (NewsArticle, Article, ReportageNewsArticle, BlogPosting,
// ...), falling back to any object with a datePublished.
#include "extract/html/metadata.h"

#include <nlohmann/json.hpp>

#include "extract/html/html_extract.h"

namespace vigie::html {

namespace {

bool IsArticleType(std::string_view t) {
  return t.ends_with("Article") || t == "BlogPosting" || t == "LiveBlogPosting" || t == "Report" ||
         t == "NewsArticle";
}

bool TooDeep(std::string_view json) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > 64) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

std::string NameOf(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

}  // namespace

void ReadJsonLd(std::string_view text, const HtmlCues& cues, JsonLd* out) {
  if (text.size() > (1u << 20) || TooDeep(text)) return;
  nlohmann::json root = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) return;
  const nlohmann::json* article = nullptr;
  const nlohmann::json* dated = nullptr;
  std::vector<const nlohmann::json*> stack{&root};
  while (!stack.empty() && article == nullptr) {
    const nlohmann::json* v = stack.back();
    stack.pop_back();
    if (v->is_array()) {
      for (auto it = v->rbegin(); it != v->rend(); ++it) stack.push_back(&*it);
      continue;
    }
    if (!v->is_object()) continue;
    auto type = v->find("@type");
    if (type != v->end()) {
      if (type->is_string() && IsArticleType(type->get_ref<const std::string&>())) article = v;
      if (type->is_array())
        for (const auto& t : *type)
          if (t.is_string() && IsArticleType(t.get_ref<const std::string&>())) article = v;
    }
    if (dated == nullptr && v->contains("datePublished")) dated = v;
    for (auto it = v->begin(); it != v->end(); ++it)
      if (it->is_structured()) stack.push_back(&*it);
  }
  const nlohmann::json* a = article != nullptr ? article : dated;
  if (a == nullptr) return;
  auto str = [&](const char* key) -> std::string {
    auto it = a->find(key);
    return it != a->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (out->type.empty()) {
    auto type = a->find("@type");
    if (type != a->end() && type->is_string()) out->type = type->get<std::string>();
  }
  if (out->headline.empty()) out->headline = str("headline");
  if (out->published.empty()) out->published = NormaliseDate(str("datePublished"), cues);
  if (out->authors.empty()) {
    auto it = a->find("author");
    if (it != a->end()) {
      if (it->is_array()) {
        for (const auto& x : *it)
          if (std::string n = NameOf(x); !n.empty()) out->authors.push_back(n);
      } else if (std::string n = NameOf(*it); !n.empty()) {
        out->authors.push_back(n);
      }
    }
  }
  if (out->publisher.empty()) {
    auto it = a->find("publisher");
    if (it != a->end()) out->publisher = NameOf(*it);
  }
}

std::string NormaliseDate(std::string_view s, const HtmlCues& cues) {
  // Trim.
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto make = [](int y, int m, int d) -> std::string {
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return {};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  };
  // 2019-11-19..., 2019/11/19, 2019.11.19, 20191119
  int y = digits(0, 4);
  if (y >= 0) {
    if (s.size() >= 10 && (s[4] == '-' || s[4] == '/' || s[4] == '.') && s[7] == s[4])
      return make(y, digits(5, 2), digits(8, 2));
    if (s.size() >= 8 && (s.size() == 8 || !std::isdigit(static_cast<unsigned char>(s[8]))))
      return make(y, digits(4, 2), digits(6, 2));
    return {};
  }
  // Written out: words and numbers ("Tue, 19 Nov 2019", "November 19, 2019",
  // "19 novembre 2019").
  int day = -1, month = 0, year = -1;
  size_t i = 0;
  int tokens = 0;
  while (i < s.size() && tokens < 8) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c)) {
      size_t b = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      // A run of more than 4 digits is no part of a date (and would
      // overflow an int).
      const int v = i - b <= 4 ? digits(b, i - b) : -1;
      if (i - b == 4 && year < 0) year = v;
      else if (i - b <= 2 && day < 0 && v >= 1 && v <= 31) day = v;
      ++tokens;
    } else if (std::isalpha(c) || c >= 0x80) {
      size_t b = i;
      while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0x80)) ++i;
      std::string w(s.substr(b, i - b));
      for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (month == 0) month = cues.Month(w);
      ++tokens;
    } else {
      ++i;
    }
    if (day > 0 && month > 0 && year > 0) return make(year, month, day);
  }
  return {};
}

std::string DateFromUrl(std::string_view url) {
  // Path segments only.
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return {};
  std::string_view p = url.substr(path);
  p = p.substr(0, p.find_first_of("?#"));
  auto num = [&](size_t at, size_t n) {
    if (at + n > p.size()) return -1;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (p[i] < '0' || p[i] > '9') return -1;
      v = v * 10 + (p[i] - '0');
    }
    return v;
  };
  for (size_t i = 0; i + 8 <= p.size(); ++i) {
    if (p[i] != '/' && p[i] != '-' && p[i] != '_') continue;
    size_t s = i + 1;
    int y = num(s, 4);
    if (y < 1990 || y > 2100) continue;
    char sep = s + 4 < p.size() ? p[s + 4] : 0;
    int m = -1, d = -1;
    size_t end;
    if (sep == '/' || sep == '-' || sep == '_') {
      m = num(s + 5, 2);
      if (s + 7 < p.size() && p[s + 7] == sep) d = num(s + 8, 2);
      end = s + 10;
    } else {
      m = num(s + 4, 2);
      d = num(s + 6, 2);
      end = s + 8;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31) continue;
    if (end < p.size() && std::isdigit(static_cast<unsigned char>(p[end]))) continue;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }
  return {};
}

}  // namespace vigie::html
