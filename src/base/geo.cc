// Distances on the Earth; see geo.h.
#include "base/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vigie {

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthKm = 6371.0088;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace vigie
