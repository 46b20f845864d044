// `vigie export --db FILE --format jsonl|gdelt|acled`: the fused events.
//
//   jsonl  one fused record per line (the record of `vigie code` plus
//          counts, sources, story and every contribution's evidence);
//   gdelt  the 61 tab-separated columns of a GDELT 2.0 event table, in its
//          order, no header unless --header. Actor codes are CAMEO-style
//          country + sector ("RUSMIL") or the group id; Geo_CountryCode is
//          ISO 3166-1 alpha-2 (GDELT uses FIPS 10-4, which differs for some
//          countries); FeatureID is the GeoNames id; AvgTone is 0 (no tone
//          is computed); DATEADDED is the first article's publication day;
//   acled  a CSV with ACLED's columns event_date, event_type,
//          sub_event_type, actor1, actor2, admin1, location, latitude,
//          longitude, geo_precision, source, notes, fatalities, for events
//          with an ACLED type. Fatalities is the lowest number of dead any
//          source claims (ACLED's conservative rule); notes list every
//          claim with its claimer, never averaged.
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/store_commands.h"
#include "store/query.h"
#include "store/store.h"

namespace vigie::cli {

namespace {

using Json = nlohmann::json;

std::string Str(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

std::string Num(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return "";
  const Json& v = j[key];
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v.get<double>());
  std::string s = buf;
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// Tabs and newlines would break a GDELT row.
std::string Cell(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

void ActorColumns(const Json& a, std::vector<std::string>& row) {
  std::string country = Str(a, "country"), sector = Str(a, "sector"), group = Str(a, "group");
  std::string code = !group.empty() ? group : country + sector;
  row.insert(row.end(), {code, Upper(Str(a, "name")), country, group, "", "", "", sector, "", ""});
}

void GeoColumns(const Json& p, std::vector<std::string>& row) {
  if (!p.is_object()) {
    row.insert(row.end(), {"0", "", "", "", "", "", "", ""});
    return;
  }
  std::string precision = Str(p, "precision");
  std::string type = precision == "country" ? "1" : precision == "admin1" ? "5" : "4";
  std::string full = Str(p, "name");
  if (!Str(p, "admin1").empty() && precision == "point") full += ", " + Str(p, "admin1");
  std::string feature = Num(p, "geonames_id");
  if (feature.empty()) feature = Str(p, "code");
  row.insert(row.end(), {type, full, Str(p, "country"), Str(p, "code"), "", Num(p, "lat"), Num(p, "lon"),
                         feature});
}

std::string Compact(const std::string& date) {
  std::string s;
  for (char c : date)
    if (c != '-') s += c;
  return s;
}

}  // namespace

int RunExport(const ExportOptions& options, std::ostream& out) {
  if (options.format != "jsonl" && options.format != "gdelt" && options.format != "acled") {
    std::cerr << "vigie export: --format must be jsonl, gdelt or acled\n";
    return 2;
  }
  std::unique_ptr<store::Store> db;
  try {
    db = store::Store::Open(options.db, true);
  } catch (const store::StoreError& e) {
    std::cerr << "vigie export: " << options.db << ": " << e.what() << "\n";
    return 2;
  }
  // First article of each fused event: its URL (or path) and day.
  std::map<int64_t, std::pair<std::string, std::string>> article_source;
  {
    store::Statement& s = db->connection().Prepare("SELECT id, coalesce(url, path, doc_id), published FROM articles");
    while (s.Step()) article_source[s.Int(0)] = {s.Text(1), s.Text(2)};
    s.Reset();
  }
  if (options.format == "gdelt" && options.header) {
    out << "GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate";
    for (const char* a : {"Actor1", "Actor2"})
      for (const char* c : {"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                            "Religion2Code", "Type1Code", "Type2Code", "Type3Code"})
        out << '\t' << a << c;
    out << "\tIsRootEvent\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\tNumMentions"
           "\tNumSources\tNumArticles\tAvgTone";
    for (const char* g : {"Actor1Geo", "Actor2Geo", "ActionGeo"})
      for (const char* c : {"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"})
        out << '\t' << g << '_' << c;
    out << "\tDATEADDED\tSOURCEURL\n";
  }
  if (options.format == "acled")
    out << "event_date,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,"
           "geo_precision,source,notes,fatalities\n";
  size_t n = 0;
  store::ForEachFusedRecord(db->connection(), [&](int64_t id, const std::string& text) {
    if (options.format == "jsonl") {
      out << text << '\n';
      ++n;
      return;
    }
    Json r = Json::parse(text, nullptr, false);
    if (r.is_discarded()) return;
    const Json& date = r["date"];
    std::string earliest = Str(date, "earliest");
    int64_t first_article = 0;
    if (r.contains("contributions") && !r["contributions"].empty())
      first_article = r["contributions"][0].value("article", int64_t{0});
    const auto& [source_url, published] = article_source[first_article];
    const Json& counts = r["counts"];
    if (options.format == "gdelt") {
      std::vector<std::string> row;
      std::string sql = Compact(earliest);
      std::string fraction;
      if (sql.size() == 8) {
        int y = std::stoi(sql.substr(0, 4)), m = std::stoi(sql.substr(4, 2)), d = std::stoi(sql.substr(6, 2));
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.4f", y + ((m - 1) * 30.4375 + d) / 365.25);
        fraction = buf;
      }
      row.insert(row.end(), {std::to_string(id), sql, sql.substr(0, std::min<size_t>(6, sql.size())),
                             sql.substr(0, std::min<size_t>(4, sql.size())), fraction});
      ActorColumns(r["source"], row);
      ActorColumns(r["target"], row);
      std::string cameo = Str(r["cameo"], "code");
      row.insert(row.end(), {r.value("background", false) ? "0" : "1", cameo, cameo.substr(0, 3),
                             Str(r["cameo"], "root"), Num(r["cameo"], "quad_class"), Num(r["cameo"], "goldstein"),
                             Num(counts, "mentions"), Num(counts, "sources"), Num(counts, "articles"), "0"});
      GeoColumns(nullptr, row);
      GeoColumns(nullptr, row);
      GeoColumns(r["place"], row);
      row.push_back(published.empty() ? "" : Compact(published) + "000000");
      row.push_back(source_url);
      for (size_t i = 0; i < row.size(); ++i) out << (i ? "\t" : "") << Cell(row[i]);
      out << '\n';
      ++n;
      return;
    }
    // ACLED.
    const Json& acled = r["acled"];
    if (!acled.is_object() || Str(acled, "event_type").empty()) return;
    const Json& place = r["place"];
    std::string precision = Str(place, "precision");
    std::string geo_precision = !place.is_object() ? "" : precision == "point" ? "1" : "3";
    std::string sources;
    for (const auto& s : r["sources"]) sources += (sources.empty() ? "" : "; ") + s.get<std::string>();
    std::string notes = Str(r["cameo"], "code") + " " + Str(r["source"], "name") +
                        (r["target"].is_object() ? " -> " + Str(r["target"], "name") : "") +
                        (place.is_object() ? " at " + Str(place, "name") : "") + " (" +
                        Num(counts, "mentions") + " mentions, " + Num(counts, "articles") + " articles, " +
                        Num(counts, "sources") + " sources)";
    int64_t fatalities = -1;
    for (const auto& c : r["claims"]) {
      std::string value = Num(c, "value");
      notes += "; " + Str(c, "quantity") + " " + Str(c, "qualifier") + " " + (value.empty() ? "?" : value) +
               " per " + (Str(c, "claimed_by").empty() ? "unattributed" : Str(c, "claimed_by")) + " (" +
               Str(c, "source") + ")";
      if (Str(c, "quantity") == "killed" && c["value"].is_number()) {
        auto v = static_cast<int64_t>(c["value"].get<double>());
        if (fatalities < 0 || v < fatalities) fatalities = v;
      }
    }
    std::vector<std::string> row = {earliest, Str(acled, "event_type"), Str(acled, "sub_event_type"),
                                    Str(r["source"], "name"), Str(r["target"], "name"), Str(place, "admin1"),
                                    Str(place, "name"), Num(place, "lat"), Num(place, "lon"), geo_precision,
                                    sources, notes, std::to_string(std::max<int64_t>(0, fatalities))};
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << Csv(row[i]);
    out << '\n';
    ++n;
  });
  std::cerr << "vigie export: " << n << " events (" << options.format << ")\n";
  return 0;
}

}  // namespace vigie::cli
