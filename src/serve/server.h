// `vigie serve`: the API and the web page over one database, on
// cpp-httplib. Bound to 127.0.0.1 unless told otherwise. Each worker thread
// borrows a read-only connection from a pool (prepared statements stay
// cached per connection): SQLite's, or a PostgreSQL session whose requests
// each run in one read-only transaction.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "serve/connections.h"

namespace vigie::serve {

struct ServerOptions {
  std::string db_path = "vigie.db";  // a file, sqlite:FILE, or a postgresql:// URL
  std::string host = "127.0.0.1";
  int port = 8080;          // 0: any free port
  std::string web_dir;      // index.html, app.js, style.css
  std::string modules_dir;  // node_modules: leaflet, world-atlas, topojson-client
  std::string cors_origin;  // empty: no CORS headers (same origin only)
  // Host header names accepted besides the bound address (and, on a
  // loopback address, localhost): a reverse proxy's name; "*" any.
  std::vector<std::string> allowed_hosts;
  FrontOptions front;       // connection limits and timeouts
  bool cache = true;        // list answers cached per fused generation
  // /api/codebook: CAMEO labels, PLOVER and ACLED types (built by the
  // caller from data/code, so the server links no stage).
  std::string codebook_json = "{}";
};

// Serves until SIGINT or SIGTERM. `on_listening` gets the bound port once
// the socket listens. Returns 0, or 2 when the database or port is bad
// (the reason on stderr).
int RunServer(const ServerOptions& options, const std::function<void(int)>& on_listening);

}  // namespace vigie::serve
