// Centroids of shapes from TopoJSON atlases: the country shapes of the npm
// package world-atlas (Natural Earth, public domain), keyed by ISO 3166-1
// numeric code, and the US county shapes of us-atlas (US Census Bureau,
// public domain), keyed by FIPS code.
//
// A country named without a place ("United States", "la France") is put at
// the centroid of its main territory (its largest polygon: the contiguous
// United States, metropolitan France), the point atlases and gazetteers give
// for the country, not at the population-weighted centre of its towns, which
// sits on its largest cities.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace vigie {

struct LatLon {
  float lat = 0;
  float lon = 0;
};

// One shape of a TopoJSON object: the centroid of its largest polygon and
// its "name" property (empty when it has none).
struct Shape {
  LatLon centroid;
  std::string name;
};

// The shapes of objects.<object> of a TopoJSON topology by their id (a
// string, or an integer written in decimal), polygons and multipolygons
// only. A malformed file is kBadGazetteer naming what is wrong.
Result<std::map<std::string, Shape>> ShapeCentroids(std::string_view topojson,
                                                    std::string_view object);

// ISO 3166-1 alpha-2 code ("US") -> centroid of the country's largest
// polygon. Shapes without a numeric id, or with one ICU does not know, are
// skipped. A malformed file is kBadGazetteer naming what is wrong.
Result<std::map<std::string, LatLon>> CountryCentroids(std::string_view topojson);

}  // namespace vigie
