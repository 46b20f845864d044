// HTTP wiring of the API (api.h) and static files; see server.h.
//
// Routes: /api/events, /api/events/{id}, /api/timeline, /api/articles/{id},
// /api/stats; "/" and its files from web/; /vendor/leaflet,
// /vendor/world-atlas and /vendor/topojson-client from node_modules (so the
// page needs no network). Unknown /api paths are 404 JSON; an exception
// inside a handler (a broken database) is a 500 with its message.
#include "serve/server.h"

#include <httplib.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

#include "serve/api.h"
#include "store/schema.h"
#include "store/sqlite.h"

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

httplib::Server* g_server = nullptr;
void OnSignal(int) {
  if (g_server) g_server->stop();
}

Params ToParams(const httplib::Params& p) {
  Params out;
  for (const auto& kv : p) out.emplace_back(kv.first, kv.second);
  return out;
}

void Send(httplib::Response& res, const Response& r) {
  res.status = r.status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(r.body, "application/json; charset=utf-8");
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
  auto with_db = [pool](auto&& fn) {
    return [pool, fn](const httplib::Request& req, httplib::Response& res) {
      auto c = pool->Take();
      Send(res, fn(*c, req));
      pool->Give(std::move(c));
    };
  };
  server.Get("/api/events", with_db([](store::Connection& db, const httplib::Request& req) {
               return ListEvents(db, ToParams(req.params));
             }));
  server.Get("/api/timeline", with_db([](store::Connection& db, const httplib::Request& req) {
               return EventTimeline(db, ToParams(req.params));
             }));
  server.Get(R"(/api/events/([^/]*))", with_db([](store::Connection& db, const httplib::Request& req) {
               return GetEvent(db, req.matches[1].str());
             }));
  server.Get(R"(/api/articles/([^/]*))", with_db([](store::Connection& db, const httplib::Request& req) {
               return GetArticle(db, req.matches[1].str());
             }));
  server.Get("/api/stats", with_db([](store::Connection& db, const httplib::Request&) { return Stats(db); }));
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
                         Mount{"/vendor/world-atlas", modules + "/world-atlas"},
                         Mount{"/vendor/topojson-client", modules + "/topojson-client/dist"},
                         Mount{"/", options.web_dir}}) {
    if (!server.set_mount_point(m.at, m.dir))
      std::cerr << "vigie serve: warning: " << m.dir << " not found; " << m.at << " will be 404\n";
  }
  server.set_file_extension_and_mimetype_mapping("json", "application/json");

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
    return 2;
  }
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  on_listening(port);
  server.listen_after_bind();
  g_server = nullptr;
  return 0;
}

}  // namespace vigie::serve
