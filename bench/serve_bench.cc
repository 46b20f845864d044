// Load test of `vigie serve`'s /api/events.
//
//   vigie_serve_bench make --db FILE [--events 100000]
//       writes a database of synthetic fused events (places spread over
//       the globe, two years of dates, a mix of CAMEO codes and actors,
//       records of the real shape and size);
//   vigie_serve_bench load --port N [--seconds 10] [--threads 4]
//       sends a fixed mix of /api/events queries (no filter, a month, a
//       bounding box, a code, an actor, a country, combined) from keep-alive
//       clients and reports requests/s and latency percentiles.
//
// bench/serve_bench.sh runs both around a `vigie serve` (and wrk when it is
// installed). Figures are measured, never asserted.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "store/store.h"

namespace {

using Json = nlohmann::ordered_json;

int Make(const std::string& path, int n) {
  auto store = vigie::store::Store::Open(path);
  std::mt19937 rng(42);
  struct Actor { const char* name; const char* country; const char* sector; const char* group; };
  const Actor actors[] = {{"Russian air force", "RUS", "MIL", ""}, {"Islamic State", "", "", "ISIL"},
                          {"Syrian army", "SYR", "MIL", ""},       {"protesters", "FRA", "CVL", ""},
                          {"al-Shabaab", "", "", "SHABAAB"},       {"Malian army", "MLI", "MIL", ""},
                          {"Houthis", "", "", "HOUTHI"},           {"police", "NGA", "GOV", ""}};
  const char* codes[] = {"195", "190", "193", "0874", "192", "145", "181", "1823", "036", "043"};
  const char* countries[] = {"SY", "ML", "NG", "YE", "SO", "FR", "SD", "LY", "NE", "TD"};
  vigie::store::FusedLayer layer;
  layer.events.reserve(n);
  std::uniform_real_distribution<double> lat(-50, 60), lon(-120, 140);
  std::vector<std::pair<double, double>> places(2000);
  for (auto& p : places) p = {lat(rng), lon(rng)};
  for (int i = 1; i <= n; ++i) {
    vigie::store::FusedEventRow f;
    f.id = i;
    const char* code = codes[rng() % std::size(codes)];
    f.cameo = code;
    f.root = std::string(code).substr(0, 2);
    int day = static_cast<int>(rng() % 730);
    int y = 2023 + day / 365, doy = day % 365, m = std::min(12, doy / 31 + 1), d = doy % 28 + 1;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    f.earliest = f.latest = date;
    auto [plat, plon] = places[rng() % places.size()];
    f.has_place = true;
    f.place_name = "Place " + std::to_string(i % 2000);
    f.place_country = countries[rng() % std::size(countries)];
    f.lat = plat;
    f.lon = plon;
    f.precision = "point";
    const Actor& s = actors[rng() % std::size(actors)];
    const Actor& t = actors[rng() % std::size(actors)];
    f.source_country = s.country;
    f.target_country = t.country;
    f.source_group = s.group;
    f.target_group = t.group;
    f.actors = std::string(s.name) + "\n" + s.country + "\n" + t.name + "\n" + t.country + "\n";
    f.mentions = 1 + static_cast<int>(rng() % 5);
    f.articles = f.mentions;
    f.sources = std::max(1, f.mentions - 1);
    auto actor = [](const Actor& a) {
      return Json{{"name", a.name}, {"country", *a.country ? Json(a.country) : Json(nullptr)},
                  {"sector", *a.sector ? Json(a.sector) : Json(nullptr)},
                  {"group", *a.group ? Json(a.group) : Json(nullptr)}};
    };
    Json r;
    r["id"] = std::to_string(i);
    r["article_ids"] = {"synthetic-" + std::to_string(i)};
    r["cameo"] = {{"code", code}, {"root", f.root}, {"quad_class", 4}, {"goldstein", -10.0}};
    r["plover"] = "ASSAULT";
    r["acled"] = {{"event_type", "Explosions/Remote violence"}, {"sub_event_type", "Air/drone strike"}};
    r["source"] = actor(s);
    r["target"] = actor(t);
    r["place"] = {{"geonames_id", 100000 + i % 2000}, {"code", nullptr}, {"name", f.place_name},
                  {"admin1", "Region"}, {"country", f.place_country}, {"lat", plat}, {"lon", plon},
                  {"precision", "point"}};
    r["date"] = {{"earliest", f.earliest}, {"latest", f.latest}};
    r["claims"] = Json::array({{{"quantity", "killed"}, {"value", 12}, {"qualifier", "at_least"},
                                {"claimed_by", "a ministry"}, {"article_id", "synthetic"}, {"source", "Outlet"}}});
    r["modality"] = "asserted";
    r["claimed_by"] = nullptr;
    r["background"] = false;
    r["confidence"] = 0.8;
    r["story_id"] = i;
    r["counts"] = {{"mentions", f.mentions}, {"articles", f.articles}, {"sources", f.sources}};
    r["sources"] = {"Outlet"};
    f.summary = r.dump();
    f.record = f.summary;
    layer.events.push_back(std::move(f));
  }
  store->Begin();
  store->ReplaceFusedLayer(layer);
  store->Commit();
  store->connection().Exec("ANALYZE");
  std::printf("%d synthetic events in %s\n", n, path.c_str());
  return 0;
}

int Load(int port, double seconds, int threads) {
  const std::vector<std::string> queries = {
      "/api/events",
      "/api/events?from=2023-06-01&to=2023-06-30",
      "/api/events?bbox=30,10,50,40",
      "/api/events?code=19",
      "/api/events?actor=RUS",
      "/api/events?country=SY",
      "/api/events?code=195&country=SY&from=2023-01-01&to=2023-12-31",
      "/api/events?bbox=-10,30,40,60&limit=20",
  };
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<size_t> errors(threads, 0), bytes(threads, 0);
  std::vector<std::thread> pool;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
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
    std::fprintf(stderr, "usage: vigie_serve_bench make --db FILE [--events N] | load --port N [--seconds S] [--threads T]\n");
    return 2;
  }
  std::string mode = argv[1], db = "bench.db";
  int events = 100000, port = 8080, threads = 4;
  double seconds = 10;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") db = v;
    else if (k == "--events") events = std::stoi(v);
    else if (k == "--port") port = std::stoi(v);
    else if (k == "--seconds") seconds = std::stod(v);
    else if (k == "--threads") threads = std::stoi(v);
  }
  if (mode == "make") return Make(db, events);
  if (mode == "load") return Load(port, seconds, threads);
  return 2;
}
