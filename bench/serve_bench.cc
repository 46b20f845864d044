// Load test of `vigie serve`'s /api/events.
//
//   vigie_serve_bench make --db FILE [--events 100000] [--seed 42]
//       writes a database of synthetic fused events (about 800 places
//       around conflict hotspots, 2011-2024, CAMEO codes with their
//       codebook types, killed claims, undated and ranged dates, records
//       of the real shape and size, and the articles behind them for the
//       text query; see Make and WriteArticles). The browser test of the
//       web page uses it too, at 20,000 events;
//   vigie_serve_bench load --port N [--seconds 10] [--threads 4] [--mix events|page|PATH]
//       sends a fixed mix of /api/events queries (no filter, a month, a
//       bounding box, a code, an actor, a country, combined, a word of the
//       articles' text), or with
//       --mix page the requests the web page makes (places, timeline and a
//       page of the list, unfiltered and filtered), from keep-alive clients
//       and reports requests/s and latency percentiles; --mix PATH sends
//       that one request ("/api/events?bbox=30,10,50,40").
//
// bench/serve_bench.sh runs both around a `vigie serve` (and wrk when it is
// installed). Figures are measured, never asserted.
#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "code/codebook.h"
#include "store/store.h"

namespace {

using Json = nlohmann::ordered_json;

// The articles behind the fused events, for the text query (q=): one
// article per two events, each event an article event of its own and the
// only member of its fused event (Make sets the members). An article
// tells its events in a sentence each (the actors, what they did, the place, the outlet), then
// 40 words of a Zipf vocabulary of 20,000 made-up words ("zb", "zc", ...),
// so that a word is in most articles, in a few hundred or in a handful.
// Returns the number of articles.
int64_t WriteArticles(vigie::store::Connection& db, const vigie::store::FusedLayer& layer, std::mt19937& rng) {
  struct Deed { const char* root; const char* words; };
  const Deed deeds[] = {{"19", "clashed with"}, {"18", "attacked"},      {"14", "protested against"},
                        {"17", "arrested members of"}, {"03", "pledged aid to"}, {"04", "held talks with"},
                        {"11", "condemned"},    {"13", "threatened"},    {"10", "demanded concessions from"},
                        {"05", "signed an agreement with"}, {"08", "released"}, {"20", "massacred"}};
  auto deed = [&](const std::string& root) {
    for (const Deed& d : deeds)
      if (root == d.root) return d.words;
    return "confronted";
  };
  auto name_of = [](const std::string& record, const char* role) {
    // The actor's name from the record written above ({"name":"..."}).
    size_t at = record.find(std::string("\"") + role + "\":{\"name\":\"");
    if (at == std::string::npos) return std::string("unknown forces");
    at += std::strlen(role) + 12;
    return record.substr(at, record.find('"', at) - at);
  };
  const char* outlets[] = {"AFP", "Reuters", "Le Monde", "Al Jazeera", "RFI", "BBC", "20 Minutes"};
  constexpr int kVocabulary = 20000;
  std::vector<double> zipf(kVocabulary);
  for (int r = 0; r < kVocabulary; ++r) zipf[r] = 1.0 / (r + 1);
  std::discrete_distribution<int> word_of(zipf.begin(), zipf.end());
  auto word = [](int rank) {
    std::string w = "z";
    for (int r = rank + 1; r > 0; r /= 26) w += static_cast<char>('a' + r % 26);
    return w;
  };
  // Committed by 200, as `vigie ingest` does by default: FTS5 adds a
  // segment to the text index at each commit and merges them as it goes,
  // and a text query seeks in every segment.
  db.Begin();
  vigie::store::Statement& article = db.Prepare(
      "INSERT INTO articles (id, doc_id, raw_hash, published, language, title, outlet, text, raw_size, ingested_at)"
      " VALUES (?, ?, ?, ?, 'en', ?, ?, ?, ?, '2025-01-01T00:00:00Z')");
  vigie::store::Statement& event = db.Prepare(
      "INSERT INTO events (id, article_id, ordinal, cameo, root, modality, background, record)"
      " VALUES (?, ?, ?, ?, ?, 'asserted', 0, '{}')");
  int64_t articles = 0;
  for (size_t i = 0; i < layer.events.size(); i += 2) {
    const int64_t id = ++articles;
    std::string text, title;
    for (size_t k = i; k < std::min(i + 2, layer.events.size()); ++k) {
      const vigie::store::FusedEventRow& f = layer.events[k];
      const bool killed = f.record.find("\"killed\"") != std::string::npos;
      std::string sentence = name_of(f.record, "source") + " " + deed(f.root) + " " + name_of(f.record, "target") +
                             " near " + f.place_name + (killed ? "; people were killed. " : ". ");
      if (title.empty()) title = sentence.substr(0, sentence.size() - 2);
      text += sentence;
    }
    for (int w = 0; w < 40; ++w) text += word(word_of(rng)) + (w % 10 == 9 ? ". " : " ");
    text += outlets[rng() % std::size(outlets)];
    text += " reported.";
    const std::string& day = layer.events[i].earliest;
    article.Bind(1, id).Bind(2, "synthetic-" + std::to_string(id)).Bind(3, "synthetic-" + std::to_string(id));
    article.BindTextOrNull(4, day).Bind(5, title).Bind(6, outlets[id % std::size(outlets)]).Bind(7, text);
    article.Bind(8, static_cast<int64_t>(text.size()));
    article.Run();
    if (id % 200 == 0) {
      db.Exec("COMMIT");
      db.Begin();
    }
    for (size_t k = i; k < std::min(i + 2, layer.events.size()); ++k) {
      const vigie::store::FusedEventRow& f = layer.events[k];
      event.Bind(1, f.id).Bind(2, id).Bind(3, static_cast<int64_t>(k - i + 1)).Bind(4, f.cameo).Bind(5, f.root);
      event.Run();
    }
  }
  db.Exec("COMMIT");
  return articles;
}

// Synthetic but plausible: events concentrate on a few hundred places
// around conflict hotspots (Syria, the Sahel, Somalia, Yemen, Sudan,
// Ukraine; protests in Paris; Fiji, Samoa and Chukotka on either side of
// the antimeridian), over 2011-2024 with more recent years heavier; CAMEO
// codes weighted towards fights, their PLOVER and ACLED types from the
// codebook; killed claims (sometimes two disagreeing) on most violent
// events; some events undated, some dated by a range, some reported,
// hypothetical or negated, some background.
int Make(const std::string& path, int n, unsigned seed) {
  auto book = vigie::Codebook::Load(VIGIE_SOURCE_DATA_DIR);
  if (!book.ok()) {
    std::fprintf(stderr, "%s\n", book.status().message().c_str());
    return 2;
  }
  auto store = vigie::store::Store::Open(path);
  std::mt19937 rng(seed);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto pick = [&](size_t k) { return static_cast<size_t>(rng() % k); };
  struct Actor { const char* name; const char* country; const char* sector; const char* group; };
  const Actor actors[] = {{"Russian air force", "RUS", "MIL", ""}, {"Islamic State", "", "", "ISIL"},
                          {"Syrian army", "SYR", "MIL", ""},       {"protesters", "FRA", "CVL", ""},
                          {"al-Shabaab", "", "", "SHABAAB"},       {"Malian army", "MLI", "MIL", ""},
                          {"Houthis", "", "", "HOUTHI"},           {"police", "NGA", "GOV", ""},
                          {"JNIM", "", "", "JNIM"},                {"Rapid Support Forces", "SDN", "REB", ""},
                          {"Ukrainian army", "UKR", "MIL", ""},    {"civilians", "", "CVL", ""},
                          {"Saudi-led coalition", "SAU", "MIL", ""}, {"Fijian government", "FJI", "GOV", ""}};
  struct Hotspot { const char* name; const char* country; const char* admin1; double lat, lon, weight, spread; };
  const Hotspot hotspots[] = {
      {"Aleppo", "SY", "Aleppo", 36.20, 37.16, 9, 0.8},      {"Idlib", "SY", "Idlib", 35.93, 36.63, 8, 0.5},
      {"Palmyra", "SY", "Homs", 34.56, 38.28, 3, 0.6},        {"Deir ez-Zor", "SY", "Deir ez-Zor", 35.33, 40.14, 5, 0.9},
      {"Damascus", "SY", "Damascus", 33.51, 36.29, 6, 0.4},   {"Raqqa", "SY", "Raqqa", 35.95, 39.01, 4, 0.6},
      {"Gao", "ML", "Gao", 16.27, -0.04, 5, 1.5},             {"Kidal", "ML", "Kidal", 18.44, 1.41, 3, 1.2},
      {"Mopti", "ML", "Mopti", 14.49, -4.20, 5, 1.3},         {"Menaka", "ML", "Menaka", 15.92, 2.40, 3, 1.0},
      {"Djibo", "BF", "Sahel", 14.10, -1.63, 5, 1.2},         {"Ouagadougou", "BF", "Centre", 12.37, -1.52, 2, 0.5},
      {"Tillaberi", "NE", "Tillaberi", 14.21, 1.45, 4, 1.2},  {"Maiduguri", "NG", "Borno", 11.85, 13.16, 6, 1.2},
      {"Mogadishu", "SO", "Banaadir", 2.04, 45.34, 7, 0.5},   {"Kismayo", "SO", "Lower Juba", -0.36, 42.55, 3, 0.8},
      {"Baidoa", "SO", "Bay", 3.11, 43.65, 3, 0.8},           {"Beledweyne", "SO", "Hiiraan", 4.74, 45.20, 2, 0.6},
      {"Sanaa", "YE", "Sanaa", 15.35, 44.20, 5, 0.6},         {"Marib", "YE", "Marib", 15.46, 45.32, 4, 0.6},
      {"Taiz", "YE", "Taiz", 13.58, 44.02, 4, 0.4},           {"Hodeidah", "YE", "Al Hudaydah", 14.80, 42.95, 3, 0.5},
      {"Khartoum", "SD", "Khartoum", 15.50, 32.56, 4, 0.4},   {"El Fasher", "SD", "North Darfur", 13.63, 25.35, 3, 1.0},
      {"Bakhmut", "UA", "Donetsk", 48.59, 38.00, 4, 0.6},     {"Kharkiv", "UA", "Kharkiv", 49.99, 36.23, 3, 0.6},
      {"Kherson", "UA", "Kherson", 46.63, 32.62, 3, 0.5},     {"Paris", "FR", "Ile-de-France", 48.85, 2.35, 2, 0.1},
      {"Tripoli", "LY", "Tripoli", 32.89, 13.19, 2, 0.4},     {"N'Djamena", "TD", "N'Djamena", 12.11, 15.04, 1, 0.3},
      {"Suva", "FJ", "Central", -18.14, 178.44, 0.5, 0.4},     {"Apia", "WS", "Tuamasaga", -13.83, -171.76, 0.3, 0.1},
      {"Anadyr", "RU", "Chukotka", 64.73, 177.51, 0.3, 0.3},
  };
  double total_weight = 0;
  for (const auto& h : hotspots) total_weight += h.weight;
  // About 800 places: each hotspot's town and villages around it.
  struct Place { std::string name; const Hotspot* h; double lat, lon; int64_t geonames_id; };
  std::vector<Place> places;
  std::vector<double> place_weight;
  for (const auto& h : hotspots) {
    int villages = std::max(3, static_cast<int>(h.weight * 7));
    places.push_back({h.name, &h, h.lat, h.lon, 100000 + static_cast<int64_t>(places.size())});
    place_weight.push_back(h.weight * 4);
    for (int v = 1; v <= villages; ++v) {
      double lon = h.lon + uniform(-h.spread, h.spread);
      if (lon > 180) lon -= 360;
      if (lon < -180) lon += 360;
      places.push_back({std::string(h.name) + " district " + std::to_string(v), &h,
                        h.lat + uniform(-h.spread, h.spread), lon, 100000 + static_cast<int64_t>(places.size())});
      place_weight.push_back(h.weight / villages * 3);
    }
  }
  std::discrete_distribution<size_t> place_of(place_weight.begin(), place_weight.end());
  (void)total_weight;
  struct Code { const char* code; double weight; };
  const Code codes[] = {{"190", 10}, {"193", 12}, {"195", 9},  {"194", 5},  {"196", 2}, {"183", 4},
                        {"186", 3},  {"181", 4},  {"192", 3},  {"0874", 2}, {"145", 5},  {"141", 6},
                        {"1823", 3}, {"173", 3},  {"036", 2},  {"043", 2},  {"111", 3},  {"138", 2},
                        {"1031", 1}, {"051", 1}, {"0871", 1}, {"202", 1}};
  std::vector<double> code_weight;
  for (const auto& c : codes) code_weight.push_back(c.weight);
  std::discrete_distribution<size_t> code_of(code_weight.begin(), code_weight.end());
  const char* outlets[] = {"AFP", "Reuters", "Le Monde", "Al Jazeera", "RFI", "BBC", "20 Minutes"};
  vigie::store::FusedLayer layer;
  layer.events.reserve(n);
  for (int i = 1; i <= n; ++i) {
    vigie::store::FusedEventRow f;
    f.id = i;
    const Code& code = codes[code_of(rng)];
    const vigie::CameoEntry* entry = (*book)->Find(code.code);
    f.cameo = code.code;
    f.root = std::string(code.code).substr(0, 2);
    // Years 2011-2024, later ones heavier; 4% undated, 8% dated by a range.
    int year = 2024 - static_cast<int>(std::floor(std::pow(uniform(0, 1), 1.7) * 14));
    int month = 1 + static_cast<int>(pick(12)), day = 1 + static_cast<int>(pick(28));
    char date[40];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    double dating = uniform(0, 1);
    if (dating < 0.04) {
      // undated
    } else if (dating < 0.09) {
      char first[40], last[40];
      std::snprintf(first, sizeof first, "%04d-%02d-01", year, month);
      std::snprintf(last, sizeof last, "%04d-%02d-28", year, month);
      f.earliest = first;
      f.latest = last;
    } else if (dating < 0.12) {
      char next[40];
      std::snprintf(next, sizeof next, "%04d-%02d-%02d", year, month, day + 1);
      f.earliest = date;
      f.latest = next;
    } else {
      f.earliest = f.latest = date;
    }
    const Place& place = places[place_of(rng)];
    f.has_place = true;
    f.place_name = place.name;
    f.place_country = place.h->country;
    f.lat = place.lat;
    f.lon = place.lon;
    f.precision = "point";
    const Actor& s = actors[pick(std::size(actors))];
    const Actor& t = actors[pick(std::size(actors))];
    f.source_country = s.country;
    f.target_country = t.country;
    f.source_group = s.group;
    f.target_group = t.group;
    // As fusion writes them: every name and code of the source and the
    // target, once each, sorted.
    std::set<std::string> words;
    for (const Actor* a : {&s, &t})
      for (const char* w : {a->name, a->country, a->sector, a->group})
        if (*w) words.insert(w);
    f.actors.clear();
    for (const std::string& w : words) f.actors += w + "\n";
    f.mentions = 1 + static_cast<int>(pick(6));
    f.articles = f.mentions;
    f.sources = std::max(1, f.mentions - static_cast<int>(pick(2)));
    auto actor = [](const Actor& a) {
      return Json{{"name", a.name}, {"country", *a.country ? Json(a.country) : Json(nullptr)},
                  {"sector", *a.sector ? Json(a.sector) : Json(nullptr)},
                  {"group", *a.group ? Json(a.group) : Json(nullptr)}};
    };
    Json claims = Json::array();
    bool violent = entry && entry->quad_class == 4 && f.root >= "18";
    if (violent && uniform(0, 1) < 0.65) {
      int killed = static_cast<int>(std::floor(std::pow(uniform(0, 1), 3) * 120));
      claims.push_back({{"quantity", "killed"}, {"value", killed}, {"qualifier", killed > 20 ? "at_least" : "exact"},
                        {"claimed_by", "a ministry"}, {"article_id", "synthetic"}, {"source", outlets[pick(7)]}});
      if (uniform(0, 1) < 0.2)
        claims.push_back({{"quantity", "killed"}, {"value", killed + 1 + static_cast<int>(pick(40))},
                          {"qualifier", "more_than"}, {"claimed_by", "a monitor"}, {"article_id", "synthetic"},
                          {"source", outlets[pick(7)]}});
    }
    double m = uniform(0, 1);
    const char* modality = m < 0.85 ? "asserted" : m < 0.93 ? "reported" : m < 0.97 ? "hypothetical" : "negated";
    Json r;
    r["id"] = std::to_string(i);
    r["article_ids"] = {"synthetic-" + std::to_string(i)};
    r["cameo"] = {{"code", code.code}, {"root", f.root}, {"quad_class", entry ? entry->quad_class : 4},
                  {"goldstein", entry ? entry->goldstein : -10.0}};
    r["plover"] = entry && !entry->plover.empty() ? Json(entry->plover) : Json(nullptr);
    r["acled"] = entry && !entry->acled_type.empty()
                     ? Json{{"event_type", entry->acled_type},
                            {"sub_event_type", entry->acled_subtype.empty() ? Json(nullptr) : Json(entry->acled_subtype)}}
                     : Json(nullptr);
    r["source"] = actor(s);
    r["target"] = actor(t);
    r["place"] = {{"geonames_id", place.geonames_id}, {"code", nullptr}, {"name", f.place_name},
                  {"admin1", place.h->admin1}, {"country", f.place_country}, {"lat", f.lat}, {"lon", f.lon},
                  {"precision", "point"}};
    r["date"] = f.earliest.empty() ? Json(nullptr) : Json{{"earliest", f.earliest}, {"latest", f.latest}};
    r["claims"] = std::move(claims);
    r["modality"] = modality;
    r["claimed_by"] = nullptr;
    r["background"] = uniform(0, 1) < 0.06;
    r["confidence"] = 0.8;
    r["story_id"] = i;
    r["counts"] = {{"mentions", f.mentions}, {"articles", f.articles}, {"sources", f.sources}};
    r["sources"] = {outlets[pick(7)]};
    f.summary = r.dump();
    r["contributions"] = Json::array();
    f.record = r.dump();
    f.members = {i};
    layer.events.push_back(std::move(f));
  }
  store->Begin();
  store->ReplaceFusedLayer(layer);
  store->Commit();
  const int64_t articles = WriteArticles(store->connection(), layer, rng);
  store->OptimizeTextIndexIfGrown();  // as `vigie ingest` leaves it
  store->connection().Exec("ANALYZE");
  std::printf("%d synthetic events at %zu places, %lld articles, in %s\n", n, places.size(),
              static_cast<long long>(articles), path.c_str());
  return 0;
}

int Load(int port, double seconds, int threads, const std::string& mix) {
  // "page": what the web page asks for on load and on each filter change
  // (places for the map, the timeline, a page of the list).
  const std::vector<std::string> page_queries = {
      "/api/places",
      "/api/timeline",
      "/api/events?limit=100&sort=-date",
      "/api/places?plover=ASSAULT",
      "/api/timeline?plover=ASSAULT",
      "/api/events?plover=ASSAULT&limit=100&sort=-date",
      "/api/places?country=SY&from=2020-01-01&to=2022-12-31",
      "/api/events?country=SY&from=2020-01-01&to=2022-12-31&limit=100&sort=-fatalities",
      "/api/timeline?country=SY",
  };
  const std::vector<std::string> event_queries = {
      "/api/events",
      "/api/events?from=2023-06-01&to=2023-06-30",
      "/api/events?bbox=30,10,50,40",
      "/api/events?code=19",
      "/api/events?actor=RUS",
      "/api/events?country=SY",
      "/api/events?code=195&country=SY&from=2023-01-01&to=2023-12-31",
      "/api/events?bbox=-10,30,40,60&limit=20",
      "/api/events?q=killed",
  };
  // A mix that is a path ("/api/events?bbox=30,10,50,40") is that one query.
  const std::vector<std::string> one = {mix};
  const std::vector<std::string>& queries = mix == "page" ? page_queries : mix[0] == '/' ? one : event_queries;
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<size_t> errors(threads, 0), bytes(threads, 0);
  std::vector<std::thread> pool;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_url_encode(false);  // paths as written: a '+' is a space, as a browser sends it
      size_t k = t;
      while (!stop.load(std::memory_order_relaxed)) {
        const std::string& q = queries[k++ % queries.size()];
        auto t0 = std::chrono::steady_clock::now();
        auto res = client.Get(q.c_str());
        auto t1 = std::chrono::steady_clock::now();
        if (!res || res->status != 200) {
          ++errors[t];
          continue;
        }
        bytes[t] += res->body.size();
        latencies[t].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> all;
  size_t err = 0, total_bytes = 0;
  for (int t = 0; t < threads; ++t) {
    all.insert(all.end(), latencies[t].begin(), latencies[t].end());
    err += errors[t];
    total_bytes += bytes[t];
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, size_t(p * all.size()))]; };
  std::printf("%zu requests in %.1f s over %d connections (%zu errors): %.0f requests/s, %.1f MB/s\n",
              all.size(), elapsed, threads, err, all.size() / elapsed, total_bytes / elapsed / 1e6);
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", pct(0.5), pct(0.9), pct(0.99),
              all.empty() ? 0.0 : all.back());
  return err == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: vigie_serve_bench make --db FILE [--events N] [--seed S] | load --port N [--seconds S] [--threads T] [--mix events|page|PATH]\n");
    return 2;
  }
  std::string mode = argv[1], db = "bench.db", mix = "events";
  int events = 100000, port = 8080, threads = 4;
  unsigned seed = 42;
  double seconds = 10;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") db = v;
    else if (k == "--events") events = std::stoi(v);
    else if (k == "--port") port = std::stoi(v);
    else if (k == "--seconds") seconds = std::stod(v);
    else if (k == "--threads") threads = std::stoi(v);
    else if (k == "--seed") seed = static_cast<unsigned>(std::stoul(v));
    else if (k == "--mix") mix = v;
  }
  if (mode == "make") return Make(db, events, seed);
  if (mode == "load") return Load(port, seconds, threads, mix);
  return 2;
}
