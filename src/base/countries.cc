// See countries.h.
#include "base/countries.h"

#include <unicode/locid.h>

#include <map>

namespace vigie {

namespace {

struct Codes {
  std::map<std::string, std::string, std::less<>> iso3_of_iso2, iso2_of_iso3;
  Codes() {
    for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
      const char* iso3 = icu::Locale("", *code).getISO3Country();
      if (iso3 == nullptr || *iso3 == '\0') continue;
      iso3_of_iso2.emplace(*code, iso3);
      iso2_of_iso3.emplace(iso3, *code);
    }
  }
};

const Codes& Table() {
  static const Codes codes;
  return codes;
}

std::string_view Find(const std::map<std::string, std::string, std::less<>>& map, std::string_view key) {
  auto it = map.find(key);
  return it == map.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

std::string_view CountryIso3(std::string_view iso2) { return Find(Table().iso3_of_iso2, iso2); }
std::string_view CountryIso2(std::string_view iso3) { return Find(Table().iso2_of_iso3, iso3); }

}  // namespace vigie
