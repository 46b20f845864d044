// `vigie --version`: the version, the git commit the build was configured
// at, and fingerprints (XXH3-64) of the data/ folder and of each parse model
// in use, so that two runs can be told to have used the same knowledge.
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "cli/app.h"

namespace vigie::cli {

namespace {

namespace fs = std::filesystem;

std::string Hex(uint64_t h) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Every regular file under root, by relative path, path and bytes hashed.
std::string TreeFingerprint(const std::string& root, size_t* files) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec)) paths.push_back(fs::relative(it->path(), root, ec).string());
  std::sort(paths.begin(), paths.end());
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const std::string& p : paths) {
    XXH3_64bits_update(state, p.data(), p.size() + 1);
    std::ifstream in(root + "/" + p, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string b = bytes.str();
    XXH3_64bits_update(state, b.data(), b.size());
  }
  const uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  *files = paths.size();
  return Hex(h);
}

}  // namespace

std::string VersionText(const std::string& data_dir, const std::string& model_dir) {
  std::string out = "vigie " VIGIE_VERSION " (git " VIGIE_GIT_COMMIT ", at configure time)\n";
  size_t n = 0;
  const std::string data = TreeFingerprint(data_dir, &n);
  out += "data    " + data_dir + "  xxh3:" + data + "  (" + std::to_string(n) + " files)\n";
  std::error_code ec;
  std::vector<std::string> models;
  for (auto it = fs::directory_iterator(model_dir + "/parse", ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    if (it->path().extension() == ".model") models.push_back(it->path().string());
  std::sort(models.begin(), models.end());
  for (const std::string& m : models) {
    std::ifstream in(m, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string b = bytes.str();
    out += "model   " + m + "  xxh3:" + Hex(XXH3_64bits(b.data(), b.size())) + "  (" +
           std::to_string(b.size()) + " bytes)\n";
  }
  if (models.empty()) out += "model   none found under " + model_dir + "/parse\n";
  return out;
}

}  // namespace vigie::cli
