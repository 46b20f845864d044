// `vigie serve --db FILE [--host H] [--port N]`: finds web/ and node_modules/
// (beside the binary's parent, else the source tree) and runs the server;
// prints the address on stdout once listening.
#include <filesystem>
#include <iostream>

#include "cli/store_commands.h"
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
}  // namespace

int RunServe(const ServeOptions& options) {
  serve::ServerOptions s;
  s.db_path = options.db;
  s.host = options.host;
  s.port = options.port;
  s.web_dir = Find(options.web_dir, "VIGIE_WEB", "web", "index.html");
  s.modules_dir = Find(options.modules_dir, "VIGIE_NODE_MODULES", "node_modules", "leaflet/dist/leaflet.js");
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
