// Reading cities500 and querying towns by box; see towns.h. The file has
// GeoNames' 19 tab-separated columns: 1 name, 4 latitude, 5 longitude,
// 6 feature class (P: populated place), 8 country code, 14 population.
#include "serve/towns.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string_view>

namespace vigie::serve {

Towns Towns::Load(const std::string& path) {
  Towns t;
  std::ifstream in(path);
  std::string line;
  std::vector<std::string_view> cols;
  while (std::getline(in, line)) {
    cols.clear();
    size_t start = 0;
    while (cols.size() < 19) {
      size_t tab = line.find('\t', start);
      cols.emplace_back(std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (cols.size() < 15 || cols[6] != "P") continue;
    Town town;
    int64_t population = 0;
    std::from_chars(cols[14].data(), cols[14].data() + cols[14].size(), population);
    if (population < 1000) continue;
    town.population = population;
    try {
      town.lat = std::stod(std::string(cols[4]));
      town.lon = std::stod(std::string(cols[5]));
    } catch (...) {
      continue;
    }
    town.name = std::string(cols[1]);
    town.country = std::string(cols[8]);
    t.towns_.push_back(std::move(town));
  }
  std::stable_sort(t.towns_.begin(), t.towns_.end(),
                   [](const Town& a, const Town& b) { return a.population > b.population; });
  return t;
}

std::vector<const Town*> Towns::Inside(double min_lon, double min_lat, double max_lon, double max_lat,
                                       size_t limit) const {
  std::vector<const Town*> out;
  for (const Town& t : towns_) {
    if (out.size() >= limit) break;
    if (t.lat >= min_lat && t.lat <= max_lat && t.lon >= min_lon && t.lon <= max_lon) out.push_back(&t);
  }
  return out;
}

}  // namespace vigie::serve
