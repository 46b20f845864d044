// A progress line with ETA on stderr for long runs: shown at once when
// stderr is a terminal (redrawn in place), otherwise only once the run has
// lasted 2 s, then every 5 s as plain lines. Short runs in tests print
// nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace vigie::cli {

class Progress {
 public:
  // total_bytes 0: unknown (no percentage or ETA).
  Progress(std::string label, uint64_t total_bytes, bool enabled);
  void Update(uint64_t articles, uint64_t bytes);
  void Finish();

 private:
  std::string label_;
  uint64_t total_;
  bool enabled_, tty_, shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// Total size of the article files the paths name (directories as the Reader
// expands them); 0 (unknown: no share, no ETA) when a path is stdin or a
// file is gzip-compressed, whose size is not that of the bytes it holds.
uint64_t TotalBytes(const std::vector<std::string>& paths);

}  // namespace vigie::cli
