// Loading and checking the export crosswalks; see crosswalk.h.
//
// countries.txt gives what no library has (FIPS 10-4 codes, ACLED regions);
// ICU gives the rest for the same alpha-2 code (icu::Region: numeric code
// and alpha-3; icu::Locale: the English name), so the two cannot drift
// apart. A row names a territory ICU knows, a well-formed FIPS code that no
// other country row uses (territories marked part_of share their country's),
// and one of ACLED's regions.
#include "export/crosswalk.h"

#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "base/utf8.h"

namespace vigie::exports {

namespace {

const std::set<std::string, std::less<>> kRegions = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
    "Middle East", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia",
    "Europe", "North America", "Central America", "South America", "Caribbean", "Oceania",
    "Antarctica"};

bool Upper(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

std::string EnglishName(const std::string& iso2) {
  icu::UnicodeString name;
  icu::Locale("", iso2.c_str()).getDisplayCountry(icu::Locale::getEnglish(), name);
  std::string out;
  name.toUTF8String(out);
  // CLDR's short forms: "Bosnia & Herzegovina", "St. Lucia".
  for (size_t at; (at = out.find(" & ")) != std::string::npos;) out.replace(at, 3, " and ");
  if (out.rfind("St. ", 0) == 0) out.replace(0, 4, "Saint ");
  return out;
}

}  // namespace

std::string CameoRole(std::string_view sector) {
  if (sector == "POL") return "COP";
  if (sector == "PRO") return "CVL";
  return std::string(sector);
}

Status Crosswalk::AddCountry(const DataLine& line) {
  if (line.fields.size() < 3) return line.Error("expected: iso2  fips  region  [key:value...]");
  Country c;
  c.iso2 = std::string(line.fields[0]);
  c.where = line.Where();
  if (!Upper(c.iso2, 2)) return line.Error("'" + c.iso2 + "' is not an ISO 3166-1 alpha-2 code");
  if (by_iso2_.count(c.iso2)) return line.Error(c.iso2 + " is listed twice (first at " + by_iso2_[c.iso2].where + ")");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Region* region = icu::Region::getInstance(c.iso2.c_str(), status);
  if (U_FAILURE(status) || region == nullptr || region->getType() != URGN_TERRITORY)
    return line.Error(c.iso2 + " is not a territory ICU knows");
  c.numeric = std::max(0, region->getNumericCode());  // -1 for the few ICU has none for (Clipperton)
  c.iso3 = icu::Locale("", c.iso2.c_str()).getISO3Country();
  if (line.fields[1] != "-") {
    if (!Upper(line.fields[1], 2)) return line.Error("FIPS code '" + std::string(line.fields[1]) + "' is not two capitals");
    c.fips = std::string(line.fields[1]);
  }
  c.region = std::string(line.fields[2]);
  if (!kRegions.count(c.region)) return line.Error("'" + c.region + "' is not one of ACLED's regions");
  c.name = EnglishName(c.iso2);
  for (size_t i = 3; i < line.fields.size(); ++i) {
    std::string_view f = line.fields[i];
    size_t colon = f.find(':');
    if (colon == std::string_view::npos) return line.Error("expected key:value, not '" + std::string(f) + "'");
    std::string_view key = f.substr(0, colon), value = f.substr(colon + 1);
    if (key == "name") {
      if (value.empty()) return line.Error("empty name");
      c.name = std::string(value);
    } else if (key == "part_of") {
      if (!Upper(value, 2)) return line.Error("part_of needs an alpha-2 code");
      c.part_of = std::string(value);
    } else if (key == "admin1") {
      size_t eq = value.find('=');
      if (eq == std::string_view::npos || eq == 0 || !Upper(value.substr(eq + 1), 2))
        return line.Error("admin1 needs CODE=FIPS");
      c.admin1_fips[std::string(value.substr(0, eq))] = std::string(value.substr(eq + 1));
    } else {
      return line.Error("unknown key '" + std::string(key) + "' (name, part_of, admin1)");
    }
  }
  if (c.fips.empty() && c.part_of.empty()) return line.Error("a row without a FIPS code needs part_of");
  if (!c.fips.empty()) {
    for (const auto& [iso, other] : by_iso2_) {
      if (other.fips != c.fips) continue;
      const bool shared = (c.part_of == iso) || (other.part_of == c.iso2) ||
                          (!c.part_of.empty() && c.part_of == other.part_of);
      if (!shared)
        return line.Error("FIPS code " + c.fips + " is already " + iso + "'s (" + other.where +
                          "); only a territory marked part_of may share its country's code");
    }
  }
  if (!c.iso3.empty()) iso3_to_iso2_[c.iso3] = c.iso2;
  by_iso2_[c.iso2] = std::move(c);
  return Status::Ok();
}

Status Crosswalk::AddActor(const DataLine& line, const std::map<std::string, bool>& known_ids) {
  if (line.fields.size() != 4) return line.Error("expected: id  code  known  name");
  std::string id(line.fields[0]);
  if (!known_ids.count(id))
    return line.Error("'" + id + "' is neither in recognise/organisations.txt nor in recognise/groups.txt");
  if (actors_.count(id)) return line.Error(id + " is listed twice");
  std::string_view code = line.fields[1];
  if (code.empty() || code.size() % 3 != 0 || !Upper(code, code.size()))
    return line.Error("CAMEO code '" + std::string(code) + "' is not blocks of three capitals");
  std::string known(line.fields[2]);
  if (known == "-") known.clear();
  else if (!Upper(known, 3)) return line.Error("known-group code '" + known + "' is not three capitals");
  actors_[id] = {std::string(code), known, std::string(line.fields[3]), line.Where()};
  return Status::Ok();
}

Result<std::shared_ptr<const Crosswalk>> Crosswalk::FromSource(const DataSource& read) {
  auto x = std::make_shared<Crosswalk>();
  Crosswalk* p = x.get();
  Status s = read("export/countries.txt", [p](const DataLine& l) { return p->AddCountry(l); });
  if (!s.ok()) return s;
  for (const auto& [iso, c] : p->by_iso2_)
    if (!c.part_of.empty() && !p->by_iso2_.count(c.part_of))
      return Status(ErrorCode::kBadDataFile, c.where + ": part_of " + c.part_of + " is not listed");
  std::map<std::string, bool> ids;
  auto collect = [&ids](const DataLine& l) {
    if (!l.fields.empty()) ids[std::string(l.fields[0])] = true;
    return Status::Ok();
  };
  s = read("recognise/organisations.txt", collect);
  if (s.ok()) s = read("recognise/groups.txt", collect);
  if (s.ok()) s = read("export/cameo_actors.txt", [&](const DataLine& l) { return p->AddActor(l, ids); });
  // The codebook is checked by the code stage; only its labels are read here.
  if (s.ok())
    s = read("code/cameo.txt", [p](const DataLine& l) {
      if (l.fields.size() >= 4) {
        std::string_view rest = l.text.substr(static_cast<size_t>(l.fields[3].data() - l.text.data()));
        p->event_labels_[std::string(l.fields[0])] = std::string(utf8::Trim(rest));
      }
      return Status::Ok();
    });
  if (s.ok())
    s = read("export/aggregate_cues.txt", [p](const DataLine& l) {
      if (l.fields.size() < 2) return l.Error("expected: lang  phrase");
      const std::string_view lang = l.fields[0];
      if (lang != "fr" && lang != "en" && lang != "es" && lang != "ar")
        return l.Error("language must be fr, en, es or ar, not '" + std::string(lang) + "'");
      std::string_view phrase = utf8::Trim(l.text.substr(static_cast<size_t>(l.fields[1].data() - l.text.data())));
      std::string folded = utf8::Fold(phrase);
      // Folding drops marks and punctuation: a phrase of nothing else would match everywhere.
      if (folded.empty()) return l.Error("the phrase has no letter or digit once folded");
      p->aggregate_cues_.push_back(std::move(folded));
      return Status::Ok();
    });
  if (!s.ok()) return s;
  return std::shared_ptr<const Crosswalk>(std::move(x));
}

Result<std::shared_ptr<const Crosswalk>> Crosswalk::Load(const std::string& data_dir) {
  return FromSource(DataDirectory(data_dir));
}

const Country* Crosswalk::ByIso2(std::string_view iso2) const {
  auto it = by_iso2_.find(std::string(iso2));
  return it == by_iso2_.end() ? nullptr : &it->second;
}

const Country* Crosswalk::ByIso3(std::string_view iso3) const {
  if (iso3.empty()) return nullptr;
  auto it = iso3_to_iso2_.find(std::string(iso3));
  return it == iso3_to_iso2_.end() ? nullptr : ByIso2(it->second);
}

std::string Crosswalk::FipsOf(std::string_view iso2, std::string_view admin1) const {
  const Country* c = ByIso2(iso2);
  if (c == nullptr) return "";
  if (!admin1.empty()) {
    // GeoNames writes "PS.GZ"; the table keys the part after the dot.
    std::string_view a = admin1.substr(admin1.find('.') == std::string_view::npos ? 0 : admin1.find('.') + 1);
    auto it = c->admin1_fips.find(std::string(a));
    if (it != c->admin1_fips.end()) return it->second;
  }
  if (!c->fips.empty()) return c->fips;
  const Country* parent = c->part_of.empty() ? nullptr : ByIso2(c->part_of);
  return parent ? parent->fips : "";
}

bool Crosswalk::MarksAggregate(std::string_view sentence) const {
  const std::string folded = utf8::Fold(sentence);
  auto word_byte = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80;
  };
  for (const std::string& cue : aggregate_cues_) {
    for (size_t at = folded.find(cue); at != std::string::npos; at = folded.find(cue, at + 1)) {
      const size_t end = at + cue.size();
      const bool starts = at == 0 || !word_byte(folded[at - 1]);
      // "depuis 20" is the start of a year: it may run on into digits.
      const bool ends = end == folded.size() || !word_byte(folded[end]) ||
                        (std::isdigit(static_cast<unsigned char>(cue.back())) &&
                         std::isdigit(static_cast<unsigned char>(folded[end])));
      if (starts && ends) return true;
    }
  }
  return false;
}

std::string Crosswalk::EventLabel(std::string_view code) const {
  auto it = event_labels_.find(code);
  return it == event_labels_.end() ? "" : it->second;
}

const ActorCode* Crosswalk::Actor(std::string_view id) const {
  auto it = actors_.find(id);
  return it == actors_.end() ? nullptr : &it->second;
}

}  // namespace vigie::exports
