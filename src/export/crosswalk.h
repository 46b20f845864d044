// The tables the exports translate vigie's codes with, loaded from data/
// and checked at load with file:line errors (see crosswalk.cc):
//   export/countries.txt     ISO 3166-1 alpha-2 -> FIPS 10-4, ACLED region,
//                            and (from ICU) alpha-3, numeric and English name;
//   export/cameo_actors.txt  vigie group and organisation ids -> CAMEO actor
//                            code, known-group code and English name.
// Immutable once built; shared read-only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"

namespace vigie::exports {

struct Country {
  std::string iso2, iso3, fips;  // fips "" when FIPS 10-4 has none
  int numeric = 0;               // ISO 3166-1 numeric (ICU), 0 when it has none
  std::string region;            // ACLED's region
  std::string name;              // English
  std::string part_of;           // ISO2 of the country it belongs to in FIPS 10-4, or ""
  std::map<std::string, std::string> admin1_fips;  // GeoNames admin1 code -> FIPS country
  std::string where;             // file:line
};

struct ActorCode {
  std::string code, known, name, where;
};

class Crosswalk {
 public:
  static Result<std::shared_ptr<const Crosswalk>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const Crosswalk>> FromSource(const DataSource& read);

  // By alpha-2 or alpha-3; nullptr when unknown.
  const Country* ByIso2(std::string_view iso2) const;
  const Country* ByIso3(std::string_view iso3) const;
  // The FIPS 10-4 code of a place in country iso2 whose GeoNames admin1 code
  // is admin1 ("PS", "GZ" -> "GZ"); "" when unknown.
  std::string FipsOf(std::string_view iso2, std::string_view admin1 = {}) const;
  const std::map<std::string, Country>& countries() const { return by_iso2_; }

  // The CAMEO code of a vigie group or organisation id, or nullptr.
  const ActorCode* Actor(std::string_view id) const;
  // The short label of a CAMEO event code (code/cameo.txt), or "".
  std::string EventLabel(std::string_view code) const;
  // True when the sentence holds a phrase of export/aggregate_cues.txt
  // (a count over a period: "depuis le début de l'année", "since the war
  // began"), matched folded (no case, no accents) on word boundaries.
  bool MarksAggregate(std::string_view sentence) const;

 private:
  Status AddCountry(const DataLine& line);
  Status AddActor(const DataLine& line, const std::map<std::string, bool>& known_ids);

  std::map<std::string, Country> by_iso2_;
  std::map<std::string, std::string> iso3_to_iso2_;
  std::map<std::string, ActorCode, std::less<>> actors_;
  std::map<std::string, std::string, std::less<>> event_labels_;
  std::vector<std::string> aggregate_cues_;  // folded
};

// The CAMEO role code of a vigie sector (POL -> COP, PRO -> CVL; the others
// are CAMEO's own).
std::string CameoRole(std::string_view sector);

}  // namespace vigie::exports
