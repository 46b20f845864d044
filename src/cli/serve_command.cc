// `vigie serve --db FILE [--host H] [--port N]`: finds web/ and node_modules/
// (beside the binary's parent, else the source tree) and runs the server;
// prints the address on stdout once listening.
#include <chrono>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/store_commands.h"
#include "code/codebook.h"
#include "serve/server.h"

namespace vigie::cli {

namespace {
namespace fs = std::filesystem;

std::string Find(const std::string& given, const char* env, const char* name, const char* probe) {
  if (!given.empty()) return given;
  if (const char* e = std::getenv(env); e != nullptr && *e != '\0') return e;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const char* rel : {"..", "../..", "../share/vigie"}) {
      fs::path p = exe.parent_path() / rel / name;
      if (fs::exists(p / probe, ec)) return fs::canonical(p, ec).string();
    }
  }
#ifdef VIGIE_SOURCE_DIR
  return std::string(VIGIE_SOURCE_DIR) + "/" + name;
#else
  return name;
#endif
}
// What the page needs of the codebook: every CAMEO code with its label,
// PLOVER and ACLED types with their descriptions.
std::string CodebookJson(const Codebook& book) {
  using Json = nlohmann::ordered_json;
  Json cameo = Json::array(), plover = Json::array(), acled = Json::array();
  for (const CameoEntry& e : book.entries())
    cameo.push_back({{"code", e.code}, {"root", e.root}, {"label", e.label}, {"quad_class", e.quad_class},
                     {"goldstein", e.goldstein}, {"plover", e.plover}, {"acled", e.acled_type}});
  for (const PloverType& t : book.plover_types()) plover.push_back({{"name", t.name}, {"description", t.description}});
  for (const AcledType& t : book.acled_types())
    acled.push_back({{"event_type", t.event_type}, {"description", t.description}, {"subtypes", t.subtypes}});
  return Json{{"cameo", cameo}, {"plover", plover}, {"acled", acled}}.dump();
}
}  // namespace

int RunServe(const ServeOptions& options) {
  serve::ServerOptions s;
  s.db_path = options.db;
  s.host = options.host;
  s.port = options.port;
  s.web_dir = Find(options.web_dir, "VIGIE_WEB", "web", "index.html");
  s.modules_dir = Find(options.modules_dir, "VIGIE_NODE_MODULES", "node_modules", "leaflet/dist/leaflet.js");
  s.cors_origin = options.cors;
  s.cache = !options.no_cache;
  s.allowed_hosts = options.allow_hosts;
  s.front.max_connections = options.max_connections;
  s.front.request_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.request_timeout_s * 1000));
  s.front.workers = options.threads;
  auto book = Codebook::Load(FindDataDir(options.data_dir));
  if (!book.ok()) {
    std::cerr << "vigie serve: " << book.status().message() << "\n";
    return 2;
  }
  s.codebook_json = CodebookJson(**book);
  if (options.port < 0 || options.port > 65535) {
    std::cerr << "vigie serve: --port must be 0 to 65535\n";
    return 2;
  }
  return serve::RunServer(s, [&](int port) {
    std::cout << "vigie serve: http://" << (s.host == "0.0.0.0" ? "127.0.0.1" : s.host) << ":" << port << "/"
              << std::endl;
  });
}

}  // namespace vigie::cli
