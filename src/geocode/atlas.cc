#include "geocode/atlas.h"

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unicode/region.h>

namespace vigie {
namespace {

using nlohmann::json;

struct Point {
  double lon, lat;
};

Status Bad(const std::string& why) {
  return Status(ErrorCode::kBadGazetteer, "atlas: " + why);
}

// A member of a JSON object, or null when it has none: a const operator[]
// on a missing key is undefined behaviour, and atlas files come from outside.
const json& Field(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The arcs of the topology, decoded: quantized positions are delta-encoded
// and mapped back to degrees by the transform.
Result<std::vector<std::vector<Point>>> DecodeArcs(const json& topology) {
  double sx = 1, sy = 1, tx = 0, ty = 0;
  bool quantized = false;
  if (auto t = topology.find("transform"); t != topology.end()) {
    const json& scale = Field(*t, "scale");
    const json& translate = Field(*t, "translate");
    if (!scale.is_array() || scale.size() != 2 || !translate.is_array() || translate.size() != 2 ||
        !scale[0].is_number() || !scale[1].is_number() || !translate[0].is_number() ||
        !translate[1].is_number())
      return Bad("transform needs two-number scale and translate");
    sx = scale[0], sy = scale[1], tx = translate[0], ty = translate[1];
    quantized = true;
  }
  const json& arcs = Field(topology, "arcs");
  if (!arcs.is_array()) return Bad("no arcs");
  std::vector<std::vector<Point>> out;
  out.reserve(arcs.size());
  for (const json& arc : arcs) {
    if (!arc.is_array()) return Bad("an arc is not an array");
    std::vector<Point>& points = out.emplace_back();
    points.reserve(arc.size());
    double x = 0, y = 0;
    for (const json& position : arc) {
      if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
          !position[1].is_number())
        return Bad("an arc position is not [x, y]");
      if (quantized) {
        x += position[0].get<double>();
        y += position[1].get<double>();
        points.push_back({x * sx + tx, y * sy + ty});
      } else {
        points.push_back({position[0].get<double>(), position[1].get<double>()});
      }
    }
  }
  // A position off the globe is damage, and would make the unwrapping of
  // longitudes in RingOf meaningless (1e300 - 360 is still 1e300).
  for (const std::vector<Point>& arc : out)
    for (const Point& p : arc)
      if (!(std::abs(p.lon) <= 360 && std::abs(p.lat) <= 90))
        return Bad("an arc position is not a longitude and latitude");
  return out;
}

struct Ring {
  double area = 0;  // square degrees weighted by cos(latitude): ~ true area
  LatLon centroid;
};

// The area and centroid of one ring. Each triangle of a fan from the first
// point counts with its signed area in degrees times the cosine of its
// latitude, which is the true area of a small triangle.
Result<Ring> RingOf(const json& indices, const std::vector<std::vector<Point>>& arcs) {
  if (!indices.is_array()) return Bad("a ring is not an array of arc indices");
  std::vector<Point> points;
  for (const json& index : indices) {
    if (!index.is_number_integer()) return Bad("an arc index is not an integer");
    const long long i = index.get<long long>();
    const long long arc = i >= 0 ? i : ~i;
    if (arc < 0 || arc >= static_cast<long long>(arcs.size())) return Bad("an arc index is out of range");
    const std::vector<Point>& a = arcs[static_cast<size_t>(arc)];
    if (i >= 0)
      points.insert(points.end(), a.begin(), a.end());
    else
      points.insert(points.end(), a.rbegin(), a.rend());
  }
  // A ring that runs along the antimeridian jumps from 180 to -180 (Russia's
  // Chukotka): unwrap it into one continuous band of longitudes.
  // One step per point (DecodeArcs keeps every position on the globe).
  for (size_t k = 1; k < points.size(); ++k)
    points[k].lon = points[k - 1].lon + std::remainder(points[k].lon - points[k - 1].lon, 360.0);
  constexpr double kRad = M_PI / 180;
  double weight = 0, lat = 0, lon = 0;
  for (size_t k = 1; k + 1 < points.size(); ++k) {
    const Point& a = points[0];
    const Point& b = points[k];
    const Point& c = points[k + 1];
    const double cross = (b.lon - a.lon) * (c.lat - a.lat) - (c.lon - a.lon) * (b.lat - a.lat);
    const double mid_lat = (a.lat + b.lat + c.lat) / 3, mid_lon = (a.lon + b.lon + c.lon) / 3;
    const double w = cross / 2 * std::cos(mid_lat * kRad);
    weight += w;
    lat += w * mid_lat;
    lon += w * mid_lon;
  }
  Ring ring;
  if (std::abs(weight) < 1e-12) return ring;
  lat /= weight;
  lon = std::remainder(lon / weight, 360.0);
  if (!std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90 || std::abs(lon) > 180)
    return ring;  // a degenerate sliver: no usable centroid
  ring.area = std::abs(weight);
  ring.centroid = {static_cast<float>(lat), static_cast<float>(lon)};
  return ring;
}

// "840" -> "US", through ICU's region data; empty when ICU does not know it.
std::string Alpha2(const std::string& s) {
  if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos) return "";
  const int code = std::stoi(s);
  if (code <= 0 || code > 999) return "";
  UErrorCode status = U_ZERO_ERROR;
  const icu::Region* region = icu::Region::getInstance(code, status);
  if (U_FAILURE(status) || region == nullptr || region->getType() != URGN_TERRITORY) return "";
  std::string alpha2 = region->getRegionCode();
  return alpha2.size() == 2 ? alpha2 : "";
}

}  // namespace

Result<std::map<std::string, Shape>> ShapeCentroids(std::string_view topojson,
                                                    std::string_view object) {
  const json topology = json::parse(topojson.begin(), topojson.end(), nullptr, false);
  if (topology.is_discarded() || !topology.is_object()) return Bad("not a JSON object");
  auto arcs = DecodeArcs(topology);
  if (!arcs.ok()) return arcs.status();
  const json* shapes = nullptr;
  if (auto o = topology.find("objects"); o != topology.end() && o->is_object())
    if (auto c = o->find(object); c != o->end() && c->is_object()) shapes = &*c;
  if (shapes == nullptr || !Field(*shapes, "geometries").is_array())
    return Bad("no objects." + std::string(object) + ".geometries");

  std::map<std::string, Shape> out;
  for (const json& geometry : Field(*shapes, "geometries")) {
    if (!geometry.is_object()) continue;
    const json& id = Field(geometry, "id");
    std::string key = id.is_string() ? id.get<std::string>()
                      : id.is_number_integer() ? std::to_string(id.get<long long>())
                                               : std::string();
    if (key.empty()) continue;
    const json& type = Field(geometry, "type");
    const json& rings = Field(geometry, "arcs");
    if (!type.is_string() || !rings.is_array()) return Bad("a geometry has no type or arcs");
    // Exterior rings only: a polygon's first ring.
    std::vector<const json*> exteriors;
    if (type == "Polygon") {
      if (!rings.empty()) exteriors.push_back(&rings[0]);
    } else if (type == "MultiPolygon") {
      for (const json& polygon : rings) {
        if (!polygon.is_array()) return Bad("a MultiPolygon member is not an array");
        if (!polygon.empty()) exteriors.push_back(&polygon[0]);
      }
    } else {
      continue;
    }
    Ring largest;
    for (const json* exterior : exteriors) {
      auto ring = RingOf(*exterior, *arcs);
      if (!ring.ok()) return ring.status();
      if (ring->area > largest.area) largest = *ring;
    }
    if (largest.area <= 0) continue;
    Shape& shape = out[key];
    shape.centroid = largest.centroid;
    if (const json& name = Field(Field(geometry, "properties"), "name"); name.is_string())
      shape.name = name.get<std::string>();
  }
  return out;
}

Result<std::map<std::string, LatLon>> CountryCentroids(std::string_view topojson) {
  auto shapes = ShapeCentroids(topojson, "countries");
  if (!shapes.ok()) return shapes.status();
  std::map<std::string, LatLon> out;
  for (const auto& [id, shape] : *shapes) {
    const std::string alpha2 = Alpha2(id);
    if (!alpha2.empty()) out[alpha2] = shape.centroid;
  }
  return out;
}

}  // namespace vigie
