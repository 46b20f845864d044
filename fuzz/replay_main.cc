// A stand-in for libFuzzer's driver, for compilers without libFuzzer (gcc).
//
// Linked with one fuzz target, it calls LLVMFuzzerTestOneInput on every
// file named on the command line (directories are walked recursively, in
// sorted order), then on N random mutants of those inputs (default 2000,
// --iterations N), drawn from a fixed seed (--seed S) so a run can be
// repeated exactly. Mutations: bit flips, byte insertion, deletion and
// overwrite, truncation, splicing two inputs, duplicating a block, and
// inserting bytes that often upset text code (NUL, 0xFF, a lone UTF-8 lead
// byte, a curly apostrophe, quotes, backslashes, braces, newlines, JSON
// escapes). Mutants are fed back into the pool so mutations can stack.
//
// A target reports a bug by crashing (abort, a signal). The driver then
// prints the offending input in hex and saves it as
// replay-crash-<target> in the current directory before dying, so ctest
// fails and the input can be replayed with the libFuzzer binary.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#ifndef VIGIE_FUZZ_TARGET
#define VIGIE_FUZZ_TARGET "fuzz"
#endif

namespace vigie::fuzz {
namespace {

constexpr size_t kMaxLength = 8192;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif

// The input being run, for the crash handler (no allocation there).
const uint8_t* g_current = nullptr;
size_t g_current_size = 0;

void WriteAll(int fd, const void* p, size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n > 0) {
    ssize_t w = ::write(fd, c, n);
    if (w <= 0) return;
    c += w;
    n -= static_cast<size_t>(w);
  }
}

void OnCrash(int sig) {
  static const char kHex[] = "0123456789abcdef";
  const char* head = "\n" VIGIE_FUZZ_TARGET ": crash on an input of ";
  WriteAll(2, head, std::strlen(head));
  char num[24];
  int len = 0;
  size_t n = g_current_size;
  do {
    num[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  std::reverse(num, num + len);
  WriteAll(2, num, static_cast<size_t>(len));
  const char* mid = " bytes (saved as replay-crash-" VIGIE_FUZZ_TARGET "), hex:\n";
  WriteAll(2, mid, std::strlen(mid));
  for (size_t i = 0; i < g_current_size && i < 4096; ++i) {
    char b[2] = {kHex[g_current[i] >> 4], kHex[g_current[i] & 15]};
    WriteAll(2, b, 2);
  }
  WriteAll(2, "\n", 1);
  int fd = ::open("replay-crash-" VIGIE_FUZZ_TARGET, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    WriteAll(fd, g_current, g_current_size);
    ::close(fd);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void Run(const std::string& input) {
  g_current = reinterpret_cast<const uint8_t*>(input.data());
  g_current_size = input.size();
  LLVMFuzzerTestOneInput(g_current, g_current_size);
  g_current = nullptr;
  g_current_size = 0;
}

// splitmix64: small, fast and the same on every compiler (std::mt19937
// is too, but its distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

const std::vector<std::string>& InterestingBytes() {
  static const std::vector<std::string> kBytes = {
      std::string(1, '\0'), "\xFF", "\xC3", "\xE2\x80\x99", "\xE2\x80", "\xC2\xA0",
      "\xE2\x80\xAF", "\xC2\xAB", "\xC2\xBB", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\"",
      "\\", "\n", "\r\n", "\n\n", "{", "}", "[", "]", ":", ",", "'", "-", ".", " ",
      "  ", "\t", "#", "|", "\\u", "\\ud83d", "\\udc00", "\\u00e9", "\\\"", "(?P<a>",
      "{agency}", "1 000", "9.364", "M.", "l’", "-t-il", "n't", "\x7F", "\x01",
      "\xEF\xBB\xBF", "\"text\":\"", "\xCC\x81",
  };
  return kBytes;
}

std::string Mutate(const std::string& base, const std::vector<std::string>& pool, Rng& rng) {
  std::string s = base;
  const size_t steps = 1 + rng.Below(4);
  for (size_t step = 0; step < steps; ++step) {
    switch (rng.Below(9)) {
      case 0:  // flip a bit
        if (!s.empty()) s[rng.Below(s.size())] ^= static_cast<char>(1u << rng.Below(8));
        break;
      case 1:  // insert a random byte
        s.insert(s.begin() + static_cast<ptrdiff_t>(rng.Below(s.size() + 1)),
                 static_cast<char>(rng.Below(256)));
        break;
      case 2: {  // delete a few bytes
        if (s.empty()) break;
        size_t at = rng.Below(s.size());
        s.erase(at, 1 + rng.Below(std::min<size_t>(8, s.size() - at)));
        break;
      }
      case 3:  // overwrite a byte
        if (!s.empty()) s[rng.Below(s.size())] = static_cast<char>(rng.Below(256));
        break;
      case 4:  // truncate
        s.resize(rng.Below(s.size() + 1));
        break;
      case 5: {  // splice: our head, another input's tail
        const std::string& other = pool[rng.Below(pool.size())];
        size_t cut = rng.Below(s.size() + 1), from = rng.Below(other.size() + 1);
        s = s.substr(0, cut) + other.substr(from);
        break;
      }
      case 6: {  // duplicate a block
        if (s.empty()) break;
        size_t at = rng.Below(s.size());
        size_t len = 1 + rng.Below(std::min<size_t>(64, s.size() - at));
        s.insert(rng.Below(s.size() + 1), s.substr(at, len));
        break;
      }
      default: {  // insert interesting bytes (more likely than the rest)
        const auto& table = InterestingBytes();
        s.insert(rng.Below(s.size() + 1), table[rng.Below(table.size())]);
        break;
      }
    }
  }
  if (s.size() > kMaxLength) s.resize(kMaxLength);
  return s;
}

bool ReadInput(const std::filesystem::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int Usage() {
  std::fprintf(stderr,
               "usage: replay_" VIGIE_FUZZ_TARGET
               " [--iterations N] [--seed S] FILE_OR_DIR...\n"
               "Runs the fuzz target on each input, then on N mutants of them.\n");
  return 2;
}

int Main(int argc, char** argv) {
  uint64_t iterations = 2000, seed = 0x5EEDu;
  std::vector<std::filesystem::path> paths;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto number = [&](uint64_t* out) {
      if (i + 1 >= argc) return false;
      char* end = nullptr;
      *out = std::strtoull(argv[++i], &end, 0);
      return end != nullptr && *end == '\0';
    };
    if (arg == "--iterations") {
      if (!number(&iterations)) return Usage();
    } else if (arg == "--seed") {
      if (!number(&seed)) return Usage();
    } else if (arg == "-h" || arg == "--help" || arg.starts_with("-")) {
      return Usage();
    } else {
      paths.emplace_back(arg);
    }
  }

  // Under AddressSanitizer its own reports of bad accesses are better than
  // ours: only abort() is caught then.
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
    if (sig == SIGABRT || !kUnderAsan) std::signal(sig, OnCrash);

  std::vector<std::string> seeds;
  for (const auto& path : paths) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path());
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(path);
    }
    for (const auto& file : files) {
      std::string bytes;
      if (!ReadInput(file, &bytes)) {
        std::fprintf(stderr, "replay_" VIGIE_FUZZ_TARGET ": cannot read %s\n",
                     file.string().c_str());
        return 1;
      }
      seeds.push_back(std::move(bytes));
    }
  }

  uint64_t runs = 0;
  for (const std::string& input : seeds) {
    Run(input);
    ++runs;
  }

  // Mutants: bases are seeds or recent mutants (a ring), so changes stack.
  std::vector<std::string> pool = seeds;
  if (pool.empty()) pool.emplace_back();
  const size_t seed_count = pool.size();
  constexpr size_t kRing = 64;
  size_t ring_next = 0;
  Rng rng(seed);
  for (uint64_t n = 0; n < iterations; ++n) {
    const std::string& base = pool[rng.Below(pool.size())];
    std::string mutant = Mutate(base, pool, rng);
    Run(mutant);
    ++runs;
    if (pool.size() < seed_count + kRing) {
      pool.push_back(std::move(mutant));
    } else {
      pool[seed_count + ring_next] = std::move(mutant);
      ring_next = (ring_next + 1) % kRing;
    }
  }
  std::printf("%s: %llu inputs, 0 crashes\n", VIGIE_FUZZ_TARGET,
              static_cast<unsigned long long>(runs));
  return 0;
}

}  // namespace
}  // namespace vigie::fuzz

int main(int argc, char** argv) { return vigie::fuzz::Main(argc, argv); }
