// `vigie gazetteer`: compiles the GeoNames index if needed, reports its
// size and load time, and lists the places a name may mean.

#include <chrono>
#include <cstdio>
#include <iterator>

#include "base/utf8.h"
#include "cli/app.h"
#include "geocode/gazetteer.h"

namespace vigie::cli {

namespace {

std::string_view KindName(PlaceKind k) {
  switch (k) {
    case PlaceKind::kCity: return "town";
    case PlaceKind::kAdmin1: return "region";
    case PlaceKind::kAdmin2: return "county";
    case PlaceKind::kCountry: return "country";
  }
  return "?";
}

}  // namespace

int RunGazetteer(const std::string& data_dir, const std::vector<std::string>& names, bool verify,
                 std::ostream& out) {
  const GazetteerSources sources = DefaultGazetteerSources(FindDataDir(data_dir));
  const auto start = std::chrono::steady_clock::now();
  auto gazetteer = Gazetteer::Open(sources, verify ? GazetteerCheck::kFull : GazetteerCheck::kHeader);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!gazetteer.ok()) {
    std::fprintf(stderr, "vigie gazetteer: %s\n", gazetteer.status().ToString().c_str());
    return 2;
  }
  const Gazetteer& g = **gazetteer;
  if (names.empty()) {
    size_t counts[4] = {0, 0, 0, 0};  // by PlaceKind
    for (size_t i = 0; i < g.place_count(); ++i) {
      const auto kind = static_cast<size_t>(g.place(i).kind);
      if (kind < std::size(counts)) ++counts[kind];
    }
    char line[512];
    std::snprintf(line, sizeof line,
                  "sources   %s\n          %s/*/LC_MESSAGES/geonames.mo\n"
                  "index     %s (%.1f MiB)\n"
                  "places    %zu towns, %zu counties, %zu regions, %zu countries; %zu names\n"
                  "opened in %.1f ms (%s); peak RSS %.1f MiB\n"
                  "GeoNames data (https://www.geonames.org/), CC-BY 4.0\n",
                  sources.cities500.c_str(), sources.locale_dir.c_str(),
                  g.path().empty() ? "(in memory)" : g.path().c_str(),
                  static_cast<double>(g.byte_size()) / (1 << 20), counts[0], counts[3], counts[1], counts[2],
                  g.name_count(), ms,
                  verify ? "checksum and every table checked" : "header checked; --verify checks it all",
                  PeakRssMiB());
    out << line;
    return 0;
  }
  for (const std::string& name : names) {
    std::string key = utf8::Fold(name);
    auto postings = g.Find(key);
    out << name << ": " << postings.size() << (postings.size() == 1 ? " place\n" : " places\n");
    for (const Posting& p : postings) {
      const PlaceRecord& r = g.place(p.place);
      char line[512];
      std::snprintf(line, sizeof line, "  %-8s %-10s %-28s %.2s %-28s pop %-9u %8.4f %9.4f %s%s%s%s\n",
                    std::string(KindName(r.kind)).c_str(),
                    r.kind == PlaceKind::kCity ? std::to_string(r.geonames_id).c_str()
                                               : std::string(g.String(r.code)).c_str(),
                    std::string(g.String(r.name)).c_str(), r.country,
                    r.admin1 == Gazetteer::kNoRecord ? "" : std::string(g.String(g.place(r.admin1).name)).c_str(),
                    r.population, r.lat, r.lon,
                    (p.flags & name_flags::kMain) ? "main " : "",
                    (p.flags & name_flags::kLocalised) ? "catalogue " : "",
                    (p.flags & name_flags::kAlternate) ? "alternate " : "",
                    (p.flags & name_flags::kNoArticle) ? "after-article" : "");
      out << line;
    }
  }
  return 0;
}

}  // namespace vigie::cli
