// Geoparsing gold: a scanner over LGL and GeoVirus XML, code-point spans
// turned into byte spans, and the recognition and resolution scores.
//
// The scanner never builds a tree: it finds each <article ...> ... </article>
// block, then inside it the first element of a given name (an exact tag:
// <text> is not <title>), and decodes that element's content: CDATA
// sections copied, entities (&amp; &lt; &gt; &quot; &apos;, &#N; &#xN;)
// decoded, everything else verbatim. Toponyms are the <toponym> or
// <location> blocks inside the article. Comments are dropped first.
#include "eval/geoparsing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "base/geo.h"

namespace vigie::eval {

namespace {

constexpr double kAccuracyKm = 161.0;      // 100 miles
constexpr double kLargestErrorKm = 20039;  // half the Earth's circumference

// The block from "<tag" (followed by '>', ' ' or '/') to the matching
// "</tag>", starting the search at *pos; empty when none. *pos moves past it.
// *open_end is set to the offset just after the start tag's '>'.
std::string_view NextElement(std::string_view xml, std::string_view tag, size_t* pos,
                             std::string_view* start_tag = nullptr,
                             std::string_view* content = nullptr) {
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  size_t at = *pos;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    const size_t after = at + open.size();
    if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ' || xml[after] == '/' ||
                               xml[after] == '\n' || xml[after] == '\t' || xml[after] == '\r'))
      break;
    at = after;
  }
  if (at == std::string_view::npos) {
    *pos = xml.size();
    return {};
  }
  const size_t gt = xml.find('>', at);
  if (gt == std::string_view::npos) {
    *pos = xml.size();
    return {};
  }
  if (start_tag) *start_tag = xml.substr(at, gt + 1 - at);
  if (xml[gt - 1] == '/') {  // <tag/>
    *pos = gt + 1;
    if (content) *content = {};
    return xml.substr(at, gt + 1 - at);
  }
  // The content may hold a CDATA section with anything in it.
  size_t search = gt + 1;
  size_t end;
  for (;;) {
    end = xml.find(close, search);
    const size_t cdata = xml.find("<![CDATA[", search);
    if (cdata == std::string_view::npos || end == std::string_view::npos || cdata > end) break;
    const size_t cdata_end = xml.find("]]>", cdata);
    if (cdata_end == std::string_view::npos) {
      end = std::string_view::npos;
      break;
    }
    search = cdata_end + 3;
  }
  if (end == std::string_view::npos) {
    *pos = xml.size();
    return {};
  }
  if (content) *content = xml.substr(gt + 1, end - gt - 1);
  *pos = end + close.size();
  return xml.substr(at, *pos - at);
}

void AppendCodePoint(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Element content as text: CDATA copied, entities decoded.
std::string DecodeContent(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 9, "<![CDATA[") == 0) {
      size_t end = s.find("]]>", i + 9);
      if (end == std::string_view::npos) end = s.size();
      out.append(s.substr(i + 9, end - i - 9));
      i = std::min(s.size(), end + 3);
      continue;
    }
    if (s[i] == '&') {
      const size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string_view name = s.substr(i + 1, semi - i - 1);
        uint32_t c = 0;
        if (name == "amp") c = '&';
        else if (name == "lt") c = '<';
        else if (name == "gt") c = '>';
        else if (name == "quot") c = '"';
        else if (name == "apos") c = '\'';
        else if (name.size() > 1 && name[0] == '#') {
          const bool hex = name[1] == 'x' || name[1] == 'X';
          c = static_cast<uint32_t>(std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(),
                                                 nullptr, hex ? 16 : 10));
        }
        if (c != 0) {
          AppendCodePoint(c, &out);
          i = semi + 1;
          continue;
        }
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

// The decoded content of the first <tag> inside block; empty when none.
std::string Child(std::string_view block, std::string_view tag, bool* found = nullptr) {
  size_t pos = 0;
  std::string_view content;
  std::string_view element = NextElement(block, tag, &pos, nullptr, &content);
  if (found) *found = !element.empty();
  return element.empty() ? std::string() : DecodeContent(content);
}

// The value of attr="..." in a start tag; empty when none.
std::string Attribute(std::string_view start_tag, std::string_view attr) {
  const std::string key = " " + std::string(attr) + "=\"";
  const size_t at = start_tag.find(key);
  if (at == std::string_view::npos) return {};
  const size_t begin = at + key.size();
  const size_t end = start_tag.find('"', begin);
  if (end == std::string_view::npos) return {};
  return DecodeContent(start_tag.substr(begin, end - begin));
}

bool ParseNumber(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end != s.c_str() && std::isfinite(*out);
}

std::string Trim(std::string s) {
  const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t i = 0;
  while (i < s.size() && space(s[i])) ++i;
  return s.substr(i);
}

double Ratio(size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; }

bool Overlaps(uint32_t b1, uint32_t e1, uint32_t b2, uint32_t e2) { return b1 < e2 && b2 < e1; }

// The file without its comments (GeoVirus comments out whole articles);
// CDATA sections are copied whole, whatever they hold.
std::string WithoutComments(std::string_view xml) {
  std::string out;
  out.reserve(xml.size());
  size_t i = 0;
  while (i < xml.size()) {
    const size_t lt = xml.find('<', i);
    if (lt == std::string_view::npos) break;
    out.append(xml.substr(i, lt - i));
    if (xml.compare(lt, 4, "<!--") == 0) {
      const size_t end = xml.find("-->", lt + 4);
      i = end == std::string_view::npos ? xml.size() : end + 3;
    } else if (xml.compare(lt, 9, "<![CDATA[") == 0) {
      size_t end = xml.find("]]>", lt + 9);
      end = end == std::string_view::npos ? xml.size() : end + 3;
      out.append(xml.substr(lt, end - lt));
      i = end;
    } else {
      out.push_back('<');
      i = lt + 1;
    }
  }
  if (i < xml.size()) out.append(xml.substr(i));
  return out;
}

}  // namespace

std::vector<uint32_t> CodePointOffsets(std::string_view text) {
  std::vector<uint32_t> offsets;
  offsets.reserve(text.size() + 1);
  size_t i = 0;
  while (i < text.size()) {
    offsets.push_back(static_cast<uint32_t>(i));
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > text.size()) n = 1;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) n = 1;
    i += n;
  }
  offsets.push_back(static_cast<uint32_t>(text.size()));
  return offsets;
}

void ReadGeoGold(std::string_view file, std::string_view where, GeoGold* out) {
  const std::string text = WithoutComments(file);
  const std::string_view xml = text;
  size_t pos = 0;
  size_t number = 0;
  size_t dropped = 0, shifted = 0;
  for (;;) {
    std::string_view start_tag, body;
    std::string_view element = NextElement(xml, "article", &pos, &start_tag, &body);
    if (element.empty()) break;
    ++number;
    GeoArticle article;
    article.id = Attribute(start_tag, "docid");
    if (article.id.empty()) {
      std::string source = Trim(Child(body, "source"));
      article.id = (source.empty() ? std::string(where) : source) + "#" + std::to_string(number);
    }
    bool has_text = false;
    article.text = Child(body, "text", &has_text);
    if (!has_text) {
      out->warnings.push_back(std::string(where) + ": article " + std::to_string(number) +
                              " has no <text>; skipped");
      continue;
    }
    const std::vector<uint32_t> offsets = CodePointOffsets(article.text);
    const size_t code_points = offsets.size() - 1;
    for (std::string_view tag : {std::string_view("toponym"), std::string_view("location")}) {
      size_t at = 0;
      for (;;) {
        std::string_view t_body;
        std::string_view t = NextElement(body, tag, &at, nullptr, &t_body);
        if (t.empty()) break;
        GeoToponym g;
        g.phrase = Trim(Child(t_body, "phrase"));
        if (g.phrase.empty()) g.phrase = Trim(Child(t_body, "name"));
        double start = 0, end = 0;
        if (!ParseNumber(Trim(Child(t_body, "start")), &start) ||
            !ParseNumber(Trim(Child(t_body, "end")), &end) || start < 0 || end <= start ||
            end > static_cast<double>(code_points)) {
          ++dropped;
          continue;
        }
        // GeoVirus' spans are one code point late throughout (counted, it
        // seems, on a text with one more character before it): a span that
        // spells its phrase one code point earlier or later is taken there.
        bool spelled = false;
        for (int shift : {0, -1, 1}) {
          const double b = start + shift, e = end + shift;
          if (b < 0 || e > static_cast<double>(code_points)) continue;
          g.begin = offsets[static_cast<size_t>(b)];
          g.end = offsets[static_cast<size_t>(e)];
          if (g.phrase.empty() || article.text.compare(g.begin, g.end - g.begin, g.phrase) == 0) {
            spelled = true;
            if (shift != 0) ++shifted;
            break;
          }
        }
        if (!spelled) {
          ++dropped;
          continue;
        }
        double lat = 0, lon = 0;
        g.resolvable = ParseNumber(Trim(Child(t_body, "lat")), &lat) &&
                       ParseNumber(Trim(Child(t_body, "lon")), &lon);
        g.lat = lat;
        g.lon = lon;
        size_t gaz = 0;
        std::string_view gaz_tag;
        if (!NextElement(t_body, "gaztag", &gaz, &gaz_tag).empty()) {
          const std::string id = Attribute(gaz_tag, "geonameid");
          if (!id.empty()) {
            g.geonames_id = static_cast<uint32_t>(std::strtoul(id.c_str(), nullptr, 10));
            out->has_geonames_ids = true;
          }
        }
        article.toponyms.push_back(std::move(g));
      }
    }
    std::sort(article.toponyms.begin(), article.toponyms.end(),
              [](const GeoToponym& a, const GeoToponym& b) { return a.begin < b.begin; });
    out->articles.push_back(std::move(article));
  }
  if (shifted > 0)
    out->warnings.push_back(std::string(where) + ": " + std::to_string(shifted) +
                            " toponym span(s) spell their phrase one character off; taken there");
  if (dropped > 0)
    out->warnings.push_back(std::string(where) + ": " + std::to_string(dropped) +
                            " toponym(s) dropped: no span, or a span that does not spell the phrase");
}

void GeoResolution::Add(const GeoToponym& gold, const GeoPrediction& predicted) {
  ++toponyms;
  if (!predicted.resolved) {
    ++unresolved;
    return;
  }
  const double km = HaversineKm(gold.lat, gold.lon, predicted.lat, predicted.lon);
  errors_km.push_back(km);
  if (km <= kAccuracyKm) ++within_161;
  if (gold.geonames_id != 0) {
    ++with_gold_id;
    if (predicted.geonames_id == gold.geonames_id) ++exact_id;
  }
}

double GeoResolution::Accuracy161() const { return Ratio(within_161, toponyms); }

double GeoResolution::MeanKm() const {
  if (errors_km.empty()) return 0;
  double sum = 0;
  for (double e : errors_km) sum += e;
  return sum / errors_km.size();
}

double GeoResolution::MedianKm() const {
  if (errors_km.empty()) return 0;
  std::vector<double> e = errors_km;
  const size_t mid = e.size() / 2;
  std::nth_element(e.begin(), e.begin() + mid, e.end());
  if (e.size() % 2 == 1) return e[mid];
  const double upper = e[mid];
  std::nth_element(e.begin(), e.begin() + mid - 1, e.end());
  return (e[mid - 1] + upper) / 2;
}

double GeoResolution::Auc() const {
  if (toponyms == 0) return 0;
  const double top = std::log(kLargestErrorKm);
  double sum = unresolved * 1.0;
  for (double e : errors_km) sum += std::min(1.0, std::log1p(e) / top);
  return sum / toponyms;
}

double GeoResolution::ExactIdShare() const { return Ratio(exact_id, toponyms); }

nlohmann::json GeoResolution::ToJson() const {
  return {{"toponyms", toponyms},       {"unresolved", unresolved},
          {"accuracy_161km", Accuracy161()}, {"mean_km", MeanKm()},
          {"median_km", MedianKm()},    {"auc", Auc()},
          {"exact_geonames_id", exact_id}, {"exact_geonames_id_share", ExactIdShare()}};
}

void GeoScore::Add(const GeoArticle& article, const std::vector<GeoPrediction>& system,
                   const std::vector<GeoPrediction>& baseline) {
  ++articles_;
  for (const GeoPrediction& p : system) {
    bool resolvable = false, unresolvable = false;
    for (const GeoToponym& g : article.toponyms)
      if (Overlaps(p.begin, p.end, g.begin, g.end)) (g.resolvable ? resolvable : unresolvable) = true;
    if (!resolvable && unresolvable) continue;
    ++predicted_;
    if (resolvable) ++predicted_correct_;
  }
  for (size_t i = 0; i < article.toponyms.size(); ++i) {
    const GeoToponym& g = article.toponyms[i];
    if (!g.resolvable) {
      ++unresolvable_;
      continue;
    }
    ++gold_;
    // The prediction that overlaps the toponym most (the first on a tie).
    const GeoPrediction* best = nullptr;
    uint32_t best_overlap = 0;
    for (const GeoPrediction& p : system) {
      if (!Overlaps(p.begin, p.end, g.begin, g.end)) continue;
      const uint32_t overlap = std::min(p.end, g.end) - std::max(p.begin, g.begin);
      if (overlap > best_overlap) {
        best = &p;
        best_overlap = overlap;
      }
    }
    if (best == nullptr) {
      ++missed_[g.phrase];
      continue;
    }
    ++recognised_;
    const size_t within = system_.within_161;
    system_.Add(g, *best);
    if (system_.within_161 == within) ++far_[g.phrase];
    baseline_.Add(g, i < baseline.size() ? baseline[i] : GeoPrediction{});
  }
}

double GeoScore::Precision() const { return Ratio(predicted_correct_, predicted_); }
double GeoScore::Recall() const { return Ratio(recognised_, gold_); }
double GeoScore::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

void GeoScore::WriteText(std::string_view name, bool has_ids, std::ostream& out, size_t worst) const {
  char line[512];
  std::snprintf(line, sizeof line,
                "geoparsing %.*s: %zu articles, %zu resolvable toponyms (%zu without coordinates, not scored)\n",
                static_cast<int>(name.size()), name.data(), articles_, gold_, unresolvable_);
  out << line;
  std::snprintf(line, sizeof line,
                "  recognition: %zu predicted, %zu overlap a toponym; %zu of %zu toponyms found   "
                "precision %.3f   recall %.3f   F1 %.3f\n",
                predicted_, predicted_correct_, recognised_, gold_, Precision(), Recall(), F1());
  out << line;
  std::snprintf(line, sizeof line, "  resolution of the %zu recognised toponyms:\n", recognised_);
  out << line;
  std::snprintf(line, sizeof line, "    %-10s %8s %10s %10s %9s %10s %s\n", "system", "acc@161",
                "mean km", "median km", "AUC", "unresolved", has_ids ? "  exact GeoNames id" : "");
  out << line;
  for (int k = 0; k < 2; ++k) {
    const GeoResolution& r = k == 0 ? system_ : baseline_;
    std::snprintf(line, sizeof line, "    %-10s %8.3f %10.1f %10.1f %9.3f %10zu", k == 0 ? "vigie" : "population",
                  r.Accuracy161(), r.MeanKm(), r.MedianKm(), r.Auc(), r.unresolved);
    out << line;
    if (has_ids) {
      std::snprintf(line, sizeof line, "   %.3f (%zu)", r.ExactIdShare(), r.exact_id);
      out << line;
    }
    out << "\n";
  }
  for (int k = 0; k < 2 && worst > 0; ++k) {
    const auto& counts = k == 0 ? missed_ : far_;
    std::vector<std::pair<size_t, std::string>> top;
    for (const auto& [phrase, n] : counts) top.push_back({n, phrase});
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    out << (k == 0 ? "  most often missed:" : "  most often beyond 161 km:");
    for (size_t i = 0; i < top.size() && i < worst; ++i) out << " " << top[i].second << " (" << top[i].first << ")";
    out << "\n";
  }
}

nlohmann::json GeoScore::ToJson() const {
  return {{"articles", articles_},
          {"toponyms", gold_},
          {"unresolvable", unresolvable_},
          {"predicted", predicted_},
          {"predicted_correct", predicted_correct_},
          {"recognised", recognised_},
          {"precision", Precision()},
          {"recall", Recall()},
          {"f1", F1()},
          {"vigie", system_.ToJson()},
          {"population_baseline", baseline_.ToJson()}};
}

}  // namespace vigie::eval
