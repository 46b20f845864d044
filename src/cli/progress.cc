// Progress line with ETA; see progress.h.
#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ingest/reader.h"

namespace vigie::cli {

namespace {
std::string Clock(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}
}  // namespace

namespace {

// A gzip file (magic 1f 8b): its size says nothing of the bytes it holds
// (and a multi-member WARC.gz does not record them), so no share can be
// computed against it.
bool IsGzipFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  unsigned char magic[2] = {0, 0};
  const bool gz = std::fread(magic, 1, 2, f) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  std::fclose(f);
  return gz;
}

}  // namespace

uint64_t TotalBytes(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& p : ExpandPaths(paths)) {
    if (p == "-") return 0;
    if (!fs::is_regular_file(p, ec)) continue;
    if (IsGzipFile(p)) return 0;  // unknown: the line shows bytes and rate, no share or ETA
    total += fs::file_size(p, ec);
  }
  return total;
}

Progress::Progress(std::string label, uint64_t total_bytes, bool enabled)
    : label_(std::move(label)), total_(total_bytes), enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0) {
  start_ = last_ = std::chrono::steady_clock::now();
}

void Progress::Update(uint64_t articles, uint64_t bytes) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  double since = std::chrono::duration<double>(now - last_).count();
  if (tty_ ? since < 0.2 && shown_ : (elapsed < 2.0 || (shown_ && since < 5.0))) return;
  last_ = now;
  shown_ = true;
  std::string line = label_ + ": " + std::to_string(articles) + " articles";
  char buf[160];
  double rate = elapsed > 0 ? articles / elapsed : 0;
  if (total_ > 0) {
    double frac = std::min(0.999, static_cast<double>(bytes) / static_cast<double>(total_));
    int width = 24, done = static_cast<int>(frac * width);
    std::string bar = "[" + std::string(done, '=') + (done < width ? ">" : "") +
                      std::string(std::max(0, width - done - 1), ' ') + "]";
    double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
    std::snprintf(buf, sizeof buf, " %s %3.0f%%  %.1f/%.1f MB  %.0f articles/s  ETA %s", bar.c_str(),
                  frac * 100, bytes / 1e6, total_ / 1e6, rate, Clock(eta).c_str());
  } else {
    std::snprintf(buf, sizeof buf, "  %.1f MB  %.0f articles/s  %s elapsed", bytes / 1e6, rate,
                  Clock(elapsed).c_str());
  }
  line += buf;
  std::fprintf(stderr, tty_ ? "\r%s\033[K" : "%s\n", line.c_str());
  std::fflush(stderr);
}

void Progress::Finish() {
  if (enabled_ && shown_ && tty_) std::fputc('\n', stderr);
}

}  // namespace vigie::cli
