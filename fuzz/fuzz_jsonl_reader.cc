// Fuzz target: the bytes as a JSON-lines file, read by the real Reader.
//
// The input is written to a temporary *.jsonl file and read back through
// Reader, as `vigie extract FILE` reads it; when stdin would take it for
// JSON lines (a '{' after an optional byte-order mark and blanks) it is also
// read from stdin, as `vigie extract -` does. The input is cut into lines
// here as well (find '\n', never a C-string function), and every non-blank
// line must come out of the reader as exactly one Document, in order,
// carrying its own line number: an article or a numbered error, never
// silence and never two lines glued together. Each Document must be the one
// ParseJsonLine makes from that line alone (a leading BOM dropped from line
// 1, the CR before LF dropped), so the reader adds, loses and moves no byte;
// a line with a raw control byte other than tab is refused with E103, a line
// longer than --max-bytes with E105.
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/utf8.h"
#include "fuzz/fuzz_check.h"
#include "ingest/reader.h"

namespace {

constexpr size_t kMaxBytes = 512;  // small, so mutants reach the over-long path
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One *.jsonl file for the whole run, removed at exit.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
            "/vigie-fuzz-reader-XXXXXX.jsonl";
    int fd = ::mkstemps(path_.data(), 6);
    VIGIE_FUZZ_CHECK(fd >= 0);
    ::close(fd);
    const std::string name = path_.substr(path_.rfind('/') + 1);
    stem_ = name.substr(0, name.size() - 6);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }
  const std::string& stem() const { return stem_; }

 private:
  std::string path_, stem_;
};

struct Line {
  uint32_t number;
  std::string bytes;  // what ParseJsonLine must be given
  bool too_long;
};

// The non-blank lines of input, numbered from 1, as the reader must see them.
std::vector<Line> ExpectedLines(std::string_view input) {
  std::vector<Line> out;
  uint32_t number = 0;
  size_t pos = 0;
  while (pos < input.size()) {
    size_t newline = input.find('\n', pos);
    size_t end = newline == std::string_view::npos ? input.size() : newline;
    std::string line(input.substr(pos, end - pos));
    pos = newline == std::string_view::npos ? input.size() : newline + 1;
    ++number;
    if (line.size() > kMaxBytes) {
      out.push_back({number, "", true});
      continue;
    }
    if (number == 1 && line.starts_with(kBom)) line.erase(0, kBom.size());
    if (vigie::utf8::Trim(line).empty()) continue;
    if (line.back() == '\r') line.pop_back();
    out.push_back({number, std::move(line), false});
  }
  return out;
}

bool HasControlByte(std::string_view line) {
  for (char c : line)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return true;
  return false;
}

// Whether stdin's sniffer must take the input for JSON lines.
bool StdinSeesJsonLines(std::string_view input) {
  if (input.starts_with(kBom)) input.remove_prefix(kBom.size());
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.front())))
    input.remove_prefix(1);
  return !input.empty() && input.front() == '{';
}

// Reads `path` ("-": stdin) through the Reader and checks it against lines.
void CheckReader(const std::string& path, const std::string& stem, const std::vector<Line>& lines) {
  vigie::ReaderOptions options;
  options.max_bytes = kMaxBytes;
  vigie::Reader reader({path}, options);
  vigie::Document doc, alone;
  size_t seen = 0;
  while (reader.Next(&doc)) {
    // Never more documents than lines: no line read twice or split in two.
    VIGIE_FUZZ_CHECK(seen < lines.size());
    const Line& line = lines[seen++];
    VIGIE_FUZZ_CHECK(doc.line == line.number);
    VIGIE_FUZZ_CHECK(doc.path == path);
    VIGIE_FUZZ_CHECK(doc.format == vigie::InputFormat::kJsonl);
    VIGIE_FUZZ_CHECK(!doc.id.empty());
    // An article, or an error with a number and a name.
    VIGIE_FUZZ_CHECK(doc.status.ok() || vigie::ErrorName(doc.status.code()) != "unknown");
    if (line.too_long) {
      VIGIE_FUZZ_CHECK(doc.status.code() == vigie::ErrorCode::kTooLarge);
      VIGIE_FUZZ_CHECK(doc.id == stem + ":" + std::to_string(line.number));
      continue;
    }
    if (HasControlByte(line.bytes))
      VIGIE_FUZZ_CHECK(doc.status.code() == vigie::ErrorCode::kBinaryInput);
    vigie::ParseJsonLine(line.bytes, path, line.number, options, &alone);
    VIGIE_FUZZ_CHECK(doc.raw == line.bytes);
    VIGIE_FUZZ_CHECK(doc.status.code() == alone.status.code());
    VIGIE_FUZZ_CHECK(doc.id == alone.id);
    VIGIE_FUZZ_CHECK(doc.source == alone.source);
  }
  // Never fewer: every line is accounted for.
  VIGIE_FUZZ_CHECK(seen == lines.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static TempFile file;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream out(file.path(), std::ios::binary | std::ios::trunc);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
    VIGIE_FUZZ_CHECK(out.good());
  }
  const std::vector<Line> lines = ExpectedLines(input);
  CheckReader(file.path(), file.stem(), lines);
  if (StdinSeesJsonLines(input)) {
    VIGIE_FUZZ_CHECK(std::freopen(file.path().c_str(), "rb", stdin) != nullptr);
    CheckReader("-", "stdin", lines);
  }
  return 0;
}
