// The export formats; see formats.h and docs/EXPORTS.md.
//
// Every row is computed from the fused record alone plus the stored
// articles (URL, publication and ingest times, raw hash) and article events
// (lead paragraph, sentence): no pipeline stage runs at export time. Codes
// are translated through the crosswalk tables of data/export/.
#include "export/formats.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "base/calendar.h"
#include "base/utf8.h"

namespace vigie::exports {

namespace {

std::string Str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

const Json& Sub(const Json& j, const char* key) {
  static const Json kNull = nullptr;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string Fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Num(const Json& j, const char* key, int decimals = 4) {
  const Json& v = Sub(j, key);
  if (!v.is_number()) return "";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  const double d = v.get<double>();
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  std::string s = Fixed(d, decimals);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

// "2026-12-02T03:40:00Z" -> "20261202034000".
std::string Timestamp14(const std::string& iso) {
  std::string d = Digits(iso);
  if (d.size() < 14) d.resize(14, '0');
  return d.substr(0, 14);
}

int64_t UnixTime(const std::string& iso) {
  const std::string d = Timestamp14(iso);
  auto days = calendar::ParseIso(iso.substr(0, 10));
  if (!days) return 0;
  const int h = std::stoi(d.substr(8, 2)), m = std::stoi(d.substr(10, 2)), s = std::stoi(d.substr(12, 2));
  return *days * 86400 + h * 3600 + m * 60 + s;
}

// The articles of the record's contributions, in contribution order.
std::vector<const store::ExportArticle*> ArticlesOf(const Json& record, const Context& ctx) {
  std::vector<const store::ExportArticle*> out;
  std::set<int64_t> seen;
  const Json& cs = Sub(record, "contributions");
  if (!cs.is_array() || ctx.articles == nullptr) return out;
  for (const Json& c : cs) {
    const Json& a = Sub(c, "article");
    if (!a.is_number_integer()) continue;
    const int64_t id = a.get<int64_t>();
    auto it = ctx.articles->find(id);
    if (it != ctx.articles->end() && seen.insert(id).second) out.push_back(&it->second);
  }
  return out;
}

std::string FirstIngested(const std::vector<const store::ExportArticle*>& as) {
  std::string best;
  for (const auto* a : as)
    if (!a->ingested_at.empty() && (best.empty() || a->ingested_at < best)) best = a->ingested_at;
  return best;
}

// CAMEO event code as GDELT writes it: a root alone ("19") is "190".
std::string GdeltCode(const std::string& code) { return code.size() == 2 ? code + "0" : code; }

const std::set<std::string, std::less<>> kCameoTypes = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "SPY", "CVL", "BUS", "MED", "NGO", "IGO",
    "REF", "REL", "HLH", "HRI", "DEV", "AGR", "EDU", "ENV", "LAB", "ELI", "CRM", "UAF", "INS", "SEP",
    "RAD", "MOD", "IMG"};

struct CameoActor {
  std::string code, name, country, known, types[3];
  std::string iso3;  // the actor's country, ISO alpha-3 (for its geography)
};

CameoActor CameoOf(const Json& a, const Context& ctx) {
  CameoActor out;
  if (!a.is_object()) return out;
  const std::string country = Str(a, "country"), sector = Str(a, "sector"), group = Str(a, "group");
  const std::string role = CameoRole(sector);
  out.name = UpperCase(Str(a, "name"));
  out.iso3 = country;
  const ActorCode* known = group.empty() ? nullptr : ctx.crosswalk->Actor(group);
  if (known != nullptr) {
    out.code = known->code;
    out.known = known->known;
  } else if (!group.empty()) {
    out.code = country + (role.empty() ? "REB" : role);
  } else {
    out.code = country + role;
  }
  // Read the blocks back: a leading country, then type codes.
  int t = 0;
  for (size_t i = 0; i + 3 <= out.code.size(); i += 3) {
    std::string block = out.code.substr(i, 3);
    if (i == 0 && ctx.crosswalk->ByIso3(block) != nullptr) {
      out.country = block;
      continue;
    }
    if (t < 3 && kCameoTypes.count(block)) out.types[t++] = block;
  }
  if (out.country.empty() && !country.empty()) out.country = country;
  if (out.iso3.empty()) out.iso3 = out.country;
  return out;
}

void GeoColumns(std::vector<std::string>& row, const std::string& type, const std::string& full,
                const std::string& fips, const std::string& adm1, double lat, double lon, bool has_point,
                const std::string& feature) {
  row.insert(row.end(), {type, full, fips, adm1, "", has_point ? Fixed(lat, 4) : "",
                         has_point ? Fixed(lon, 4) : "", feature});
}

void EmptyGeo(std::vector<std::string>& row) { row.insert(row.end(), {"0", "", "", "", "", "", "", ""}); }

void ActorGeo(std::vector<std::string>& row, const CameoActor& a, const Context& ctx) {
  const Country* c = a.iso3.empty() ? nullptr : ctx.crosswalk->ByIso3(a.iso3);
  if (c == nullptr) return EmptyGeo(row);
  std::optional<CountryPoint> p = ctx.country_point ? ctx.country_point(c->iso2) : std::nullopt;
  const std::string fips = ctx.crosswalk->FipsOf(c->iso2);
  GeoColumns(row, "1", c->name, fips, fips, p ? p->lat : 0, p ? p->lon : 0, p.has_value(), fips);
}

// GDELT's ADM1 code: FIPS country + the GeoNames admin1 code ("NG.27" ->
// "NI27"); GeoNames' admin1 codes are FIPS 10-4 region codes for most
// countries (ISO 3166-2 for a few, such as the US states, which GDELT
// writes the same way: "USTX").
std::string Adm1Code(const Json& place, const Context& ctx) {
  const std::string country = Str(place, "country");
  std::string admin1 = Str(place, "admin1_code");
  if (admin1.empty() && Str(place, "precision") == "admin1") admin1 = Str(place, "code");
  const std::string fips = ctx.crosswalk->FipsOf(country, admin1);
  if (fips.empty()) return "";
  if (Str(place, "precision") == "country") return fips;
  size_t dot = admin1.find('.');
  if (admin1.empty() || dot == std::string::npos) return "";
  return fips + admin1.substr(dot + 1);
}

void ActionGeo(std::vector<std::string>& row, const Json& place, const Context& ctx) {
  if (!place.is_object()) return EmptyGeo(row);
  const std::string precision = Str(place, "precision"), iso2 = Str(place, "country");
  const Country* c = ctx.crosswalk->ByIso2(iso2);
  const std::string country_name = c ? c->name : iso2;
  const std::string fips = ctx.crosswalk->FipsOf(iso2, Str(place, "admin1_code"));
  const std::string adm1 = Adm1Code(place, ctx);
  const bool us = iso2 == "US";
  std::string type, full, feature;
  if (precision == "country") {
    type = "1";
    full = country_name;
    feature = fips;
  } else if (precision == "admin1") {
    type = us ? "2" : "5";
    full = Str(place, "name") + ", " + country_name;
    feature = adm1;
  } else if (precision == "admin2") {
    // GDELT has no county type: the county's state, at the county's point.
    type = us ? "2" : "5";
    full = Str(place, "name");
    if (!Str(place, "admin1").empty()) full += ", " + Str(place, "admin1");
    full += ", " + country_name;
    feature = adm1;
  } else {
    type = us ? "3" : "4";
    full = Str(place, "name");
    if (!Str(place, "admin1").empty()) full += ", " + Str(place, "admin1");
    full += ", " + country_name;
    feature = Num(place, "geonames_id");
  }
  const Json& lat = Sub(place, "lat");
  const Json& lon = Sub(place, "lon");
  const bool has = lat.is_number() && lon.is_number();
  GeoColumns(row, type, full, fips, adm1, has ? lat.get<double>() : 0, has ? lon.get<double>() : 0, has, feature);
}

// Code points before byte offset `bytes` of text (GDELT counts characters).
int64_t CharOffset(const std::string& text, int64_t bytes) {
  if (bytes < 0) return -1;
  int64_t n = 0;
  for (int64_t i = 0; i < bytes && i < static_cast<int64_t>(text.size()); ++i)
    if ((static_cast<unsigned char>(text[static_cast<size_t>(i)]) & 0xC0) != 0x80) ++n;
  return n;
}

// ---------------------------------------------------------------------------
// ACLED

// The agency ids of extract/agencies.txt that are international wires.
const std::set<std::string, std::less<>> kInternationalWires = {"AFP", "Reuters", "AP", "EFE", "DPA",
                                                                 "Xinhua", "ANSA", "Anadolu", "UPI"};

struct AcledActor {
  std::string name;
  int inter = 0;
};

std::string CountryName(const std::string& iso3, const Context& ctx) {
  const Country* c = ctx.crosswalk->ByIso3(iso3);
  return c ? c->name : iso3;
}

AcledActor AcledActorOf(const Json& a, const std::string& event_type, const std::string& place_iso2,
                        bool is_actor1, const Context& ctx) {
  AcledActor out;
  if (!a.is_object()) return out;
  const std::string country = Str(a, "country"), sector = Str(a, "sector"), group = Str(a, "group");
  const Country* place_country = ctx.crosswalk->ByIso2(place_iso2);
  const std::string home = !country.empty() ? country : place_country ? place_country->iso3 : "";
  const std::string home_name = home.empty() ? "" : CountryName(home, ctx);
  const bool abroad = !country.empty() && place_country != nullptr && place_country->iso3 != country;
  if (const ActorCode* known = group.empty() ? nullptr : ctx.crosswalk->Actor(group)) {
    out.name = known->name;
  } else if (!group.empty()) {
    out.name = group;
  }
  if (is_actor1 && event_type == "Protests") {
    out.inter = 6;
    if (out.name.empty()) out.name = "Protesters" + (home_name.empty() ? "" : " (" + home_name + ")");
    return out;
  }
  if (is_actor1 && event_type == "Riots") {
    out.inter = 5;
    if (out.name.empty()) out.name = "Rioters" + (home_name.empty() ? "" : " (" + home_name + ")");
    return out;
  }
  if (sector == "MIL" || sector == "GOV" || sector == "POL" || sector == "COP" || sector == "SPY" ||
      sector == "LEG" || sector == "JUD") {
    out.inter = abroad ? 8 : 1;
    if (out.name.empty()) {
      const char* kind = sector == "MIL"   ? "Military Forces of "
                         : sector == "GOV" || sector == "LEG" || sector == "JUD" ? "Government of "
                         : sector == "SPY" ? "Intelligence Services of "
                                           : "Police Forces of ";
      out.name = home_name.empty() ? Str(a, "name") : kind + home_name;
    }
    return out;
  }
  if (!group.empty() || sector == "REB") {
    out.inter = 2;
    if (out.name.empty()) out.name = "Unidentified Armed Group" + (home_name.empty() ? "" : " (" + home_name + ")");
    return out;
  }
  if (sector == "IGO" || sector == "NGO") {
    out.inter = 8;
    if (out.name.empty()) out.name = Str(a, "name");
    return out;
  }
  if (sector == "OPP" || sector == "PTY") {
    out.inter = 3;
    if (out.name.empty()) out.name = "Political Party" + (home_name.empty() ? "" : " (" + home_name + ")");
    return out;
  }
  if (sector == "PRO") {
    out.inter = 6;
    if (out.name.empty()) out.name = "Protesters" + (home_name.empty() ? "" : " (" + home_name + ")");
    return out;
  }
  // Civilians, refugees, journalists, clergy, business people.
  if (sector == "CVL" || sector == "REF" || sector == "MED" || sector == "REL" || sector == "BUS") {
    out.inter = 7;
    if (out.name.empty()) out.name = "Civilians" + (home_name.empty() ? "" : " (" + home_name + ")");
    return out;
  }
  // A state named alone ("la Russie"): its government.
  if (!country.empty() && sector.empty()) {
    out.inter = abroad ? 8 : 1;
    if (out.name.empty()) out.name = "Government of " + home_name;
    return out;
  }
  if (out.name.empty()) out.name = Str(a, "name");
  return out;
}

std::string DisorderType(const std::string& type, const std::string& sub) {
  if (type == "Protests") return "Demonstrations";
  if (type == "Riots") return sub == "Mob violence" ? "Political violence" : "Demonstrations";
  if (type == "Strategic developments") return "Strategic developments";
  if (type.empty()) return "";
  return "Political violence";
}

std::string ClaimPhrase(const Json& c) {
  static const std::map<std::string, std::string> kQualifier = {
      {"exact", ""}, {"more_than", "more than "}, {"at_least", "at least "}, {"about", "about "},
      {"up_to", "up to "}, {"many_unquantified", "an unquantified number of "}};
  const std::string q = Str(c, "qualifier");
  auto it = kQualifier.find(q);
  std::string s = (it == kQualifier.end() ? "" : it->second);
  const std::string value = Num(c, "value");
  if (!value.empty() && q != "many_unquantified") s += value + " ";
  s += Str(c, "quantity");
  std::string by = Str(c, "claimed_by");
  std::string source = Str(c, "source");
  if (!by.empty() || !source.empty())
    s += " (" + (by.empty() ? std::string() : "per " + by) + (by.empty() || source.empty() ? "" : ", ") +
         source + ")";
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------
// Shared fields

std::string UpperCase(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  u.toUpper(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

EventDay DayOf(const Json& record, const Context& ctx) {
  EventDay d;
  const Json& date = Sub(record, "date");
  d.day = Str(date, "earliest");
  d.latest = Str(date, "latest");
  if (!d.day.empty()) {
    d.basis = "event";
    if (d.latest.empty()) d.latest = d.day;
    return d;
  }
  const auto articles = ArticlesOf(record, ctx);
  std::string published;
  for (const auto* a : articles)
    if (!a->published.empty() && (published.empty() || a->published < published)) published = a->published;
  if (!published.empty()) {
    d.day = d.latest = published;
    d.basis = "published";
    return d;
  }
  const std::string ingested = FirstIngested(articles);
  if (ingested.size() >= 10) {
    d.day = d.latest = ingested.substr(0, 10);
    d.basis = "ingested";
  }
  return d;
}

std::vector<bool> AggregateClaims(const Json& record, const Context& ctx) {
  // The fused claims are the members' claims in contribution order, and
  // each contribution's evidence lists its claims' spans in the same order.
  std::vector<bool> out;
  const Json& cs = Sub(record, "contributions");
  if (!cs.is_array() || ctx.articles == nullptr || ctx.crosswalk == nullptr) return out;
  for (const Json& c : cs) {
    const Json& spans = Sub(Sub(c, "evidence"), "claims");
    if (!spans.is_array()) continue;
    const Json& art = Sub(c, "article");
    const store::ExportArticle* a = nullptr;
    if (art.is_number_integer())
      if (auto it = ctx.articles->find(art.get<int64_t>()); it != ctx.articles->end()) a = &it->second;
    for (const Json& span : spans) {
      const Json& b = Sub(span, "begin");
      bool aggregate = false;
      if (a != nullptr && b.is_number_integer()) {
        const std::string& text = a->text;
        const size_t at = std::min(static_cast<size_t>(std::max<int64_t>(0, b.get<int64_t>())), text.size());
        size_t from = at, to = at;
        while (from > 0 && text[from - 1] != '\n' &&
               !((text[from - 1] == '.' || text[from - 1] == '!' || text[from - 1] == '?') &&
                 from < text.size() && text[from] == ' '))
          --from;
        while (to < text.size() && text[to] != '\n' &&
               !((text[to] == '.' || text[to] == '!' || text[to] == '?') &&
                 (to + 1 == text.size() || text[to + 1] == ' ' || text[to + 1] == '\n')))
          ++to;
        aggregate = ctx.crosswalk->MarksAggregate(std::string_view(text).substr(from, to - from));
      }
      out.push_back(aggregate);
    }
  }
  return out;
}

std::optional<int64_t> Fatalities(const Json& record, const std::vector<bool>& aggregate) {
  if (Sub(record, "background").is_boolean() && Sub(record, "background").get<bool>()) return std::nullopt;
  bool any = false;
  std::optional<int64_t> lowest;
  const Json& claims = Sub(record, "claims");
  if (claims.is_array()) {
    for (size_t i = 0; i < claims.size(); ++i) {
      const Json& c = claims[i];
      if (Str(c, "quantity") != "killed") continue;
      any = true;
      if (i < aggregate.size() && aggregate[i]) continue;
      const Json& v = Sub(c, "value");
      const std::string q = Str(c, "qualifier");
      if (!v.is_number() || q == "many_unquantified" || q == "up_to") continue;
      const double d = v.get<double>();
      if (!(d >= 0) || d > 1e12) continue;  // not a count (NaN, negative, absurd)
      const auto n = static_cast<int64_t>(std::llround(d));
      if (!lowest || n < *lowest) lowest = n;
    }
  }
  if (lowest) return lowest;
  if (any) return std::nullopt;
  return 0;
}

// ---------------------------------------------------------------------------
// JSON lines

namespace {

void WholeNumbers(Json& j) {
  if (j.is_object() || j.is_array()) {
    for (auto it = j.begin(); it != j.end(); ++it) WholeNumbers(*it);
  } else if (j.is_number_float()) {
    const double d = j.get<double>();
    if (d == std::floor(d) && std::fabs(d) < 1e15 && !std::isnan(d)) j = static_cast<int64_t>(d);
  }
}

}  // namespace

Json JsonLine(const Json& record, const Context& ctx) {
  if (!record.is_object()) return Json::object();
  Json out = record;
  // Counts and ids as integers; coordinates, Goldstein and confidence keep
  // their decimals ("goldstein": -10 would read as an integer column in
  // some tools: they stay numbers either way).
  for (const char* k : {"claims", "counts", "contributions"})
    if (out.contains(k)) WholeNumbers(out[k]);
  const std::string id = out.contains("id") && out["id"].is_string() ? out["id"].get<std::string>() : "";
  if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos) out["id"] = std::stoll(id);
  const EventDay day = DayOf(record, ctx);
  out["event_date"] = day.day.empty() ? Json(nullptr) : Json(day.day);
  out["event_date_basis"] = day.basis.empty() ? Json(nullptr) : Json(day.basis);
  const std::vector<bool> aggregate = AggregateClaims(record, ctx);
  if (out.contains("claims") && out["claims"].is_array())
    for (size_t i = 0; i < out["claims"].size(); ++i)
      out["claims"][i]["aggregate"] = i < aggregate.size() && aggregate[i];
  const auto f = Fatalities(record, aggregate);
  out["fatalities"] = f ? Json(*f) : Json(nullptr);
  return out;
}

// ---------------------------------------------------------------------------
// GDELT

const std::vector<std::string>& GdeltEventColumns() {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> c = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"};
    for (const char* a : {"Actor1", "Actor2"})
      for (const char* f : {"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                            "Religion2Code", "Type1Code", "Type2Code", "Type3Code"})
        c.push_back(std::string(a) + f);
    for (const char* f : {"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"})
      c.push_back(f);
    for (const char* g : {"Actor1Geo", "Actor2Geo", "ActionGeo"})
      for (const char* f : {"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"})
        c.push_back(std::string(g) + "_" + f);
    c.push_back("DATEADDED");
    c.push_back("SOURCEURL");
    return c;
  }();
  return kColumns;
}

const std::vector<std::string>& GdeltMentionColumns() {
  static const std::vector<std::string> kColumns = {
      "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
      "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
      "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras"};
  return kColumns;
}

std::vector<std::string> GdeltEventRow(int64_t id, const Json& r, const Context& ctx) {
  std::vector<std::string> row;
  row.reserve(61);
  const EventDay day = DayOf(r, ctx);
  const std::string sql = Digits(day.day);
  std::string fraction;
  if (auto days = calendar::ParseIso(day.day)) {
    const calendar::Date d = calendar::CivilFromDays(*days);
    const int64_t doy = *days - calendar::DaysFromCivil(d.year, 1, 1) + 1;
    fraction = Fixed(d.year + static_cast<double>(doy) / 365.0, 4);
  }
  row.insert(row.end(), {std::to_string(id), sql, sql.substr(0, std::min<size_t>(6, sql.size())),
                         sql.substr(0, std::min<size_t>(4, sql.size())), fraction});
  const CameoActor a1 = CameoOf(Sub(r, "source"), ctx), a2 = CameoOf(Sub(r, "target"), ctx);
  for (const CameoActor* a : {&a1, &a2})
    row.insert(row.end(), {a->code, a->name, a->country, a->known, "", "", "", a->types[0], a->types[1], a->types[2]});
  const Json& cameo = Sub(r, "cameo");
  const std::string code = GdeltCode(Str(cameo, "code"));
  const Json& lead = Sub(r, "lead");
  const Json& counts = Sub(r, "counts");
  std::string goldstein;
  if (Sub(cameo, "goldstein").is_number()) goldstein = Fixed(Sub(cameo, "goldstein").get<double>(), 1);
  row.insert(row.end(), {lead.is_boolean() && lead.get<bool>() ? "1" : "0", code, code.substr(0, 3),
                         Str(cameo, "root"), Num(cameo, "quad_class"), goldstein, Num(counts, "mentions"),
                         Num(counts, "sources"), Num(counts, "articles"), "0"});
  ActorGeo(row, a1, ctx);
  ActorGeo(row, a2, ctx);
  ActionGeo(row, Sub(r, "place"), ctx);
  const auto articles = ArticlesOf(r, ctx);
  const std::string ingested = FirstIngested(articles);
  row.push_back(ingested.empty() ? "" : Timestamp14(ingested));
  std::string url;
  for (const auto* a : articles)
    if (url.empty() && !a->url.empty()) url = a->url;
  row.push_back(url);
  return row;
}

std::vector<std::vector<std::string>> GdeltMentionRows(int64_t id, const Json& r, const Context& ctx) {
  std::vector<std::vector<std::string>> rows;
  const Json& cs = Sub(r, "contributions");
  if (!cs.is_array()) return rows;
  const std::string event_time = [&] {
    const std::string i = FirstIngested(ArticlesOf(r, ctx));
    return i.empty() ? std::string() : Timestamp14(i);
  }();
  const Json& confidence = Sub(r, "confidence");
  for (const Json& c : cs) {
    const Json& art = Sub(c, "article");
    if (!art.is_number_integer()) continue;
    auto it = ctx.articles->find(art.get<int64_t>());
    if (it == ctx.articles->end()) continue;
    const store::ExportArticle& a = it->second;
    const Json& ev = Sub(c, "evidence");
    auto offset = [&](const char* field) {
      const Json& b = Sub(Sub(ev, field), "begin");
      return b.is_number_integer() ? std::to_string(CharOffset(a.text, b.get<int64_t>())) : std::string("-1");
    };
    std::string sentence;
    if (Sub(c, "sentence").is_number_integer()) sentence = std::to_string(Sub(c, "sentence").get<int64_t>());
    std::string source = !a.outlet.empty() ? a.outlet : !a.agency.empty() ? a.agency : "";
    if (source.empty() && !a.url.empty()) {
      std::string host = a.url.substr(a.url.find("://") == std::string::npos ? 0 : a.url.find("://") + 3);
      source = host.substr(0, host.find('/'));
    }
    int64_t doc_len = 0;
    for (unsigned char ch : a.text) doc_len += (ch & 0xC0) != 0x80;
    std::string translation;
    if (!a.language.empty() && a.language != "en") {
      // ISO 639-2/B as GDELT's "srclc:" writes it; vigie codes the original
      // text, so there is no "eng:" engine part.
      static const std::map<std::string, std::string> k3 = {
          {"fr", "fre"}, {"es", "spa"}, {"ar", "ara"}, {"de", "ger"}, {"it", "ita"}, {"pt", "por"}, {"ru", "rus"}};
      auto l = k3.find(a.language);
      translation = "srclc:" + (l == k3.end() ? a.language : l->second);
    }
    rows.push_back({std::to_string(id), event_time, a.ingested_at.empty() ? "" : Timestamp14(a.ingested_at),
                    "1", source, a.url.empty() ? a.doc_id : a.url, sentence, offset("source"), offset("target"),
                    offset("trigger"), "1",
                    confidence.is_number() ? std::to_string(std::llround(confidence.get<double>() * 100)) : "",
                    std::to_string(doc_len), "0", translation, ""});
  }
  return rows;
}

// ---------------------------------------------------------------------------
// ACLED

const std::vector<std::string>& AcledColumns() {
  static const std::vector<std::string> kColumns = {
      "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
      "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
      "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
      "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
      "fatalities", "tags", "timestamp"};
  return kColumns;
}

bool AcledTextColumn(size_t column) {
  static const std::set<size_t> kNumeric = {2, 3, 9, 12, 13, 15, 22, 23, 24, 28, 30};
  return kNumeric.count(column) == 0;
}

std::vector<std::string> AcledRow(int64_t id, const Json& r, const Context& ctx) {
  const Json& acled = Sub(r, "acled");
  const std::string type = Str(acled, "event_type"), sub = Str(acled, "sub_event_type");
  if (type.empty()) return {};
  const Json& place = Sub(r, "place");
  std::string iso2 = Str(place, "country");
  const Country* country = ctx.crosswalk->ByIso2(iso2);
  // No place: the country of the first actor that has one.
  for (const char* who : {"source", "target"}) {
    if (country != nullptr) break;
    country = ctx.crosswalk->ByIso3(Str(Sub(r, who), "country"));
  }
  if (country != nullptr) iso2 = country->iso2;
  const EventDay day = DayOf(r, ctx);
  std::string time_precision;
  if (day.basis == "event") {
    auto a = calendar::ParseIso(day.day), b = calendar::ParseIso(day.latest);
    const int64_t span = a && b ? *b - *a : 0;
    time_precision = span == 0 ? "1" : span <= 7 ? "2" : "3";
  } else if (day.basis == "published") {
    time_precision = "2";
  } else if (day.basis == "ingested") {
    time_precision = "3";
  }
  const AcledActor a1 = AcledActorOf(Sub(r, "source"), type, iso2, true, ctx);
  const AcledActor a2 = AcledActorOf(Sub(r, "target"), type, iso2, false, ctx);
  std::string interaction;
  if (a1.inter && a2.inter)
    interaction = std::to_string(std::min(a1.inter, a2.inter) * 10 + std::max(a1.inter, a2.inter));
  else if (a1.inter || a2.inter)
    interaction = std::to_string((a1.inter ? a1.inter : a2.inter) * 10);
  const bool civilians_targeted =
      type == "Violence against civilians" ||
      (a2.inter == 7 && (type == "Explosions/Remote violence" || type == "Riots"));

  // Stable id: the smallest hash of (article raw hash, event ordinal) over
  // the contributions, so the same articles give the same id in any
  // database and any order of ingestion.
  uint64_t stable = 0;
  bool have = false;
  std::vector<std::string> tags;
  const Json& cs = Sub(r, "contributions");
  bool wire = false;
  if (cs.is_array()) {
    for (const Json& c : cs) {
      const Json& art = Sub(c, "article");
      if (!art.is_number_integer()) continue;
      auto it = ctx.articles->find(art.get<int64_t>());
      if (it == ctx.articles->end()) continue;
      const std::string rid = Str(c, "record_id");
      const std::string key = it->second.raw_hash + rid.substr(rid.rfind('#') == std::string::npos ? rid.size() : rid.rfind('#'));
      const uint64_t h = XXH3_64bits(key.data(), key.size());
      if (!have || h < stable) stable = h;
      have = true;
      if (kInternationalWires.count(it->second.agency)) wire = true;
    }
  }
  const std::string iso3 = country ? country->iso3 : "XXX";
  const std::string event_id = iso3 + std::to_string(have ? stable % 10000000000ULL : static_cast<uint64_t>(id));

  const std::string precision = Str(place, "precision");
  std::string geo_precision;
  if (precision == "point") geo_precision = "1";
  else if (precision == "near") geo_precision = "2";  // "30 km north of Goma": near a town
  else if (precision == "admin2") geo_precision = "2";  // a county: part of a region
  else if (precision == "admin1") geo_precision = "3";
  if (precision == "country") tags.push_back("vigie:location_country_only");
  if (!place.is_object()) tags.push_back("vigie:no_location");
  if (day.basis == "published") tags.push_back("vigie:date_from_publication");
  if (day.basis == "ingested") tags.push_back("vigie:date_from_ingest");
  const bool background = Sub(r, "background").is_boolean() && Sub(r, "background").get<bool>();
  if (background) tags.push_back("vigie:background");
  const std::vector<bool> aggregate = AggregateClaims(r, ctx);
  const auto fatalities = Fatalities(r, aggregate);
  if (std::find(aggregate.begin(), aggregate.end(), true) != aggregate.end())
    tags.push_back("vigie:aggregate_not_counted");
  if (!fatalities && !background) tags.push_back("vigie:fatalities_unquantified");

  // A readable note: what, who, where, then every claim with its claimer.
  std::string notes = "On " + day.day + (day.latest != day.day ? " (to " + day.latest + ")" : "") + ", " +
                      (a1.name.empty() ? "an unnamed actor" : a1.name);
  const std::string cameo = Str(Sub(r, "cameo"), "code");
  const std::string label = ctx.crosswalk->EventLabel(cameo);
  notes += ": " + (label.empty() ? "event" : label) + " (CAMEO " + cameo + ")";
  if (!a2.name.empty()) notes += ", against " + a2.name;
  if (place.is_object()) notes += ", in " + Str(place, "name");
  notes += ".";
  const Json& claims = Sub(r, "claims");
  if (claims.is_array() && !claims.empty()) {
    notes += " Reported:";
    bool first = true;
    for (size_t i = 0; i < claims.size(); ++i) {
      notes += std::string(first ? " " : "; ") + ClaimPhrase(claims[i]);
      if (i < aggregate.size() && aggregate[i]) notes += " [a total over a period: not this event's]";
      first = false;
    }
    notes += ".";
  }
  const Json& counts = Sub(r, "counts");
  notes += " [vigie " + std::to_string(id) + ": " + Num(counts, "mentions") + " mentions in " +
           Num(counts, "articles") + " articles from " + Num(counts, "sources") + " sources" +
           (background ? "; background" : "") + "]";

  std::string sources;
  const Json& ss = Sub(r, "sources");
  if (ss.is_array())
    for (const Json& s : ss)
      if (s.is_string()) sources += (sources.empty() ? "" : "; ") + s.get<std::string>();
  std::string tag_text;
  for (const auto& t : tags) tag_text += (tag_text.empty() ? "" : "; ") + t;
  const auto articles = ArticlesOf(r, ctx);
  const std::string ingested = FirstIngested(articles);
  const Json& lat = Sub(place, "lat");
  const Json& lon = Sub(place, "lon");
  return {event_id,
          day.day,
          day.day.size() >= 4 ? day.day.substr(0, 4) : "",
          time_precision,
          DisorderType(type, sub),
          type,
          sub,
          a1.name,
          "",
          a1.inter ? std::to_string(a1.inter) : "",
          a2.name,
          "",
          a2.inter ? std::to_string(a2.inter) : "",
          interaction,
          civilians_targeted ? "Civilian targeting" : "",
          country && country->numeric > 0 ? std::to_string(country->numeric) : "",
          country ? country->region : "",
          country ? country->name : "",
          Str(place, "precision") == "admin1" ? Str(place, "name") : Str(place, "admin1"),
          Str(place, "precision") == "admin2" ? Str(place, "name") : "",
          "",
          Str(place, "name"),
          lat.is_number() ? Fixed(lat.get<double>(), 4) : "",
          lon.is_number() ? Fixed(lon.get<double>(), 4) : "",
          geo_precision,
          sources,
          wire ? "International" : "",
          notes,
          fatalities ? std::to_string(*fatalities) : "",
          tag_text,
          ingested.empty() ? "" : std::to_string(UnixTime(ingested))};
}

// ---------------------------------------------------------------------------
// GeoJSON

Json GeoJsonFeature(int64_t id, const Json& r, const Context& ctx) {
  const Json& place = Sub(r, "place");
  const Json& lat = Sub(place, "lat");
  const Json& lon = Sub(place, "lon");
  if (!lat.is_number() || !lon.is_number()) return nullptr;
  const EventDay day = DayOf(r, ctx);
  const Json& cameo = Sub(r, "cameo");
  const Json& acled = Sub(r, "acled");
  const Json& counts = Sub(r, "counts");
  const auto f = Fatalities(r, AggregateClaims(r, ctx));
  Json props;
  props["id"] = id;
  props["event_date"] = day.day.empty() ? Json(nullptr) : Json(day.day);
  props["event_date_basis"] = day.basis.empty() ? Json(nullptr) : Json(day.basis);
  props["cameo"] = Str(cameo, "code");
  props["quad_class"] = Sub(cameo, "quad_class");
  props["goldstein"] = Sub(cameo, "goldstein");
  props["plover"] = Sub(r, "plover");
  props["acled_event_type"] = Str(acled, "event_type").empty() ? Json(nullptr) : Json(Str(acled, "event_type"));
  props["acled_sub_event_type"] = Sub(acled, "sub_event_type");
  props["source"] = Str(Sub(r, "source"), "name").empty() ? Json(nullptr) : Json(Str(Sub(r, "source"), "name"));
  props["target"] = Str(Sub(r, "target"), "name").empty() ? Json(nullptr) : Json(Str(Sub(r, "target"), "name"));
  props["place"] = Str(place, "name");
  props["admin1"] = Sub(place, "admin1");
  props["country"] = Str(place, "country");
  props["precision"] = Str(place, "precision");
  props["fatalities"] = f ? Json(*f) : Json(nullptr);
  props["background"] = Sub(r, "background");
  for (const char* k : {"mentions", "articles", "sources"}) props[k] = Sub(counts, k);
  Json feature;
  feature["type"] = "Feature";
  feature["id"] = id;
  feature["geometry"] = {{"type", "Point"}, {"coordinates", {lon.get<double>(), lat.get<double>()}}};
  feature["properties"] = std::move(props);
  return feature;
}

// ---------------------------------------------------------------------------
// Cells

std::string CsvCell(const std::string& s, bool text) {
  std::string v = s;
  // OWASP's CSV-injection guard: a cell a spreadsheet would run as a
  // formula is prefixed with an apostrophe, which the spreadsheet hides.
  if (text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                             v[0] == '\r'))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string TsvCell(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace vigie::exports
