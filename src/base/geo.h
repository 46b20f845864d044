// Distances on the Earth, for geocoding, fusion and evaluation.
#pragma once

namespace vigie {

// Great-circle distance in km between two points in degrees, on a sphere of
// the Earth's mean radius (6371.0088 km).
double HaversineKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace vigie
