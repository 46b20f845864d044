// Ingest of plain-text files and JSON lines; see reader.h.
//
// Files are read whole (after a size check against --max-bytes); JSON-lines
// files and stdin are streamed line by line, with over-long lines consumed
// and refused without being held in memory. Lines are cut byte for byte
// (fread into a buffer, memchr for '\n', never a C-string function), so a
// NUL byte stays inside its line: that line alone is refused (E103, JSON
// allows no raw control byte) and every later line keeps its own number. A
// UTF-8 byte-order mark before the first line is skipped. JSON is parsed
// with simdjson; the text field is decoded by our own decoder so its offsets
// map back into the raw line.
#include "ingest/reader.h"

#include "base/date_text.h"

#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "base/data_file.h"
#include "base/utf8.h"
#include "ingest/gzip.h"
#include "ingest/html_reader.h"
#include "ingest/warc_reader.h"

namespace vigie {

namespace fs = std::filesystem;

namespace {

// Case-insensitive: "ARTICLE.TXT" is a .txt file.
bool HasExtension(const std::string& path, std::string_view ext) {
  if (path.size() < ext.size()) return false;
  for (size_t i = 0; i < ext.size(); ++i) {
    char c = path[path.size() - ext.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != ext[i]) return false;
  }
  return true;
}

bool IsTextPath(const std::string& path) {
  return HasExtension(path, ".txt") || HasExtension(path, ".text") || HasExtension(path, ".md");
}

bool IsJsonLinesPath(const std::string& path) {
  return HasExtension(path, ".jsonl") || HasExtension(path, ".ndjson");
}

bool IsWarcPath(const std::string& path) {
  return HasExtension(path, ".warc") || HasExtension(path, ".warc.gz");
}

bool IsHtmlPath(const std::string& path) {
  return HasExtension(path, ".html") || HasExtension(path, ".htm") ||
         HasExtension(path, ".html.gz") || HasExtension(path, ".htm.gz");
}

bool IsArticlePath(const std::string& path) {
  return IsTextPath(path) || IsJsonLinesPath(path) || IsWarcPath(path) || IsHtmlPath(path);
}

// A page (not a .txt file) that starts like HTML.
bool SniffHtml(const std::string& path, std::string_view bytes) {
  if (IsTextPath(path)) return false;
  return LooksLikeHtml(bytes);
}

std::string StemOf(const std::string& path) {
  fs::path p(path);
  return p.stem().string();
}

// An article that could not be read: its identity and why.
void Fail(Document* doc, const std::string& path, std::string id, Status status) {
  *doc = Document();
  doc->path = path;
  doc->id = std::move(id);
  doc->status = std::move(status);
}

void ApplyOverrides(const ReaderOptions& options, Document* doc) {
  if (!options.published.empty()) doc->published = options.published;
  if (!options.lang.empty()) doc->lang_hint = options.lang;
}

// "stem:line", the id of a JSON line that has none of its own.
std::string LineId(const std::string& path, uint32_t line_number) {
  return (path == "-" ? std::string("stdin") : StemOf(path)) + ":" + std::to_string(line_number);
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// An over-long JSON line is read through (not kept) to find the next one,
// but no further than this many times --max-bytes.
constexpr size_t kMaxSkippedLines = 64;

// The first byte below 0x20 other than tab: JSON allows none of them raw
// (strings escape them; only tab, LF, CR and space separate tokens, and the
// reader has already removed the line's LF and the CR before it).
std::optional<size_t> FindControlByte(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    auto b = static_cast<unsigned char>(line[i]);
    if (b < 0x20 && b != '\t') return i;
  }
  return std::nullopt;
}

// Reads `file` to its end, keeping at most max_bytes: false (and *out
// emptied) as soon as there is more, without reading further, so a pipe or
// a device that never ends (/dev/zero) costs max_bytes of memory and the
// time to read them.
bool ReadBounded(FILE* file, size_t max_bytes, std::string* out, bool* read_error) {
  char buf[1 << 16];
  *read_error = false;
  while (true) {
    const size_t room = max_bytes - std::min(max_bytes, out->size());
    const size_t want = room >= sizeof buf ? sizeof buf : room + 1;
    const size_t n = std::fread(buf, 1, want, file);
    if (n == 0) {
      *read_error = std::ferror(file) != 0;
      return true;
    }
    if (out->size() + n > max_bytes) {
      out->clear();
      out->shrink_to_fit();
      return false;
    }
    out->append(buf, n);
  }
}

Status TooLarge(size_t max_bytes) {
  return Status(ErrorCode::kTooLarge, "more than the limit of " + std::to_string(max_bytes) + " bytes");
}

}  // namespace

Status CheckArticleText(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Status(ErrorCode::kTooLarge, std::to_string(text.size()) +
                                            " bytes, more than the limit of " +
                                            std::to_string(max_bytes));
  }
  if (utf8::LooksBinary(text.substr(0, 8192)) ||
      text.find('\0') != std::string_view::npos) {
    return Status(ErrorCode::kBinaryInput, "binary content (NUL or control bytes)");
  }
  if (auto bad = utf8::FindInvalid(text)) {
    return Status(ErrorCode::kInvalidUtf8,
                  "invalid UTF-8 at byte " + std::to_string(*bad));
  }
  if (utf8::Trim(text).empty()) {
    return Status(ErrorCode::kEmptyInput, "no text");
  }
  return Status::Ok();
}

void ParsePlainText(std::string bytes, const std::string& path,
                    const ReaderOptions& options, Document* doc) {
  *doc = Document();
  doc->path = path;
  doc->id = path == "-" ? "stdin" : StemOf(path);
  doc->format = InputFormat::kText;
  doc->raw = std::move(bytes);
  ApplyOverrides(options, doc);
  // UTF-16 (with its byte-order mark) and text that is not UTF-8 are
  // decoded as pages are (ICU: the mark, else windows-1252), with a warning.
  const std::string_view raw = doc->raw;
  const bool utf16 = raw.starts_with("\xFE\xFF") || raw.starts_with("\xFF\xFE");
  if (raw.size() <= options.max_bytes &&
      (utf16 || (!utf8::LooksBinary(raw.substr(0, 8192)) && raw.find('\0') == std::string_view::npos &&
                 utf8::FindInvalid(raw).has_value()))) {
    const auto bad = utf8::FindInvalid(raw);
    Status decoded = DecodeHtmlSource("", doc);
    if (!decoded.ok()) {
      doc->status = decoded;
      return;
    }
    doc->warnings.push_back(utf16 ? "UTF-16 text (byte-order mark): decoded as " + doc->charset
                                  : "not UTF-8 (invalid at byte " + std::to_string(bad ? *bad : 0) +
                                        "): decoded as " + doc->charset);
    doc->status = CheckArticleText(doc->source, options.max_bytes);
    return;
  }
  doc->status = CheckArticleText(doc->raw, options.max_bytes);
  if (!doc->status.ok()) return;
  // A byte-order mark is not part of the text.
  uint32_t skip = doc->raw.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  doc->source = doc->raw.substr(skip);
  doc->source_map.Add(0, static_cast<uint32_t>(doc->source.size()), skip,
                      static_cast<uint32_t>(doc->source.size()));
}

void ParseJsonLine(std::string line, const std::string& path, uint32_t line_number,
                   const ReaderOptions& options, Document* doc) {
  *doc = Document();
  doc->path = path;
  doc->line = line_number;
  doc->format = InputFormat::kJsonl;
  doc->id = LineId(path, line_number);
  doc->raw = std::move(line);
  ApplyOverrides(options, doc);
  if (auto bad = FindControlByte(doc->raw)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(doc->raw[*bad]));
    doc->status = Status(ErrorCode::kBinaryInput,
                         std::string("raw control byte ") + byte + " at byte " +
                             std::to_string(*bad) + " of line " + std::to_string(line_number) +
                             " (JSON needs it escaped)");
    return;
  }
  if (auto bad = utf8::FindInvalid(doc->raw)) {
    doc->status = Status(ErrorCode::kInvalidUtf8,
                         "invalid UTF-8 at byte " + std::to_string(*bad));
    return;
  }

  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(doc->raw);
  simdjson::ondemand::document json;
  simdjson::ondemand::object object;
  if (parser.iterate(padded).get(json) || json.get_object().get(object)) {
    doc->status = Status(ErrorCode::kMalformedJson, "not a JSON object");
    return;
  }
  std::string_view text_token, html_token;
  bool has_text = false, has_html = false;
  const char* base = padded.data();
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) {
      doc->status = Status(ErrorCode::kMalformedJson, "bad key");
      return;
    }
    simdjson::ondemand::value value;
    simdjson::ondemand::json_type type;
    if (field.value().get(value) || value.type().get(type)) {
      doc->status = Status(ErrorCode::kMalformedJson, "bad value of '" + std::string(key) + "'");
      return;
    }
    auto get_string = [&](std::string* out) {
      std::string_view s;
      if (value.get_string().get(s)) return false;
      *out = std::string(s);
      return true;
    };
    std::string s;
    if (key == "text") {
      if (type == simdjson::ondemand::json_type::string) {
        text_token = value.raw_json_token();
        has_text = true;
      }
    } else if (key == "html") {
      if (type == simdjson::ondemand::json_type::string) {
        html_token = value.raw_json_token();
        has_html = true;
      }
    } else if (key == "id") {
      if (type == simdjson::ondemand::json_type::number) {
        doc->id = std::string(utf8::Trim(value.raw_json_token()));
      } else if (get_string(&s) && !s.empty()) {
        doc->id = s;
      }
    } else if (key == "url") {
      get_string(&doc->url);
    } else if (key == "title") {
      get_string(&doc->title_hint);
    } else if (key == "lang" || key == "language") {
      if (get_string(&s) && doc->lang_hint.empty()) doc->lang_hint = utf8::Lower(s);
    } else if (key == "published" || key == "date" || key == "pubDate" || key == "published_at" ||
               key == "datePublished") {
      // ISO 8601 or RFC 822 (RSS): the first usable one of these keys wins.
      if (get_string(&s) && options.published.empty() && doc->published.empty()) {
        if (auto day = date_text::ParseMachineDate(s)) {
          doc->published = *day;
          doc->published_evidence.rule = "input:" + std::string(key);
        } else {
          doc->warnings.push_back("ignored " + std::string(key) + " '" + s +
                                  "': not a date in ISO 8601 (2024-03-04[T10:00:00Z]) or RFC 822 "
                                  "(Mon, 04 Mar 2024 10:00:00 GMT) form, or a day that does not exist");
        }
      }
    }
  }
  if (!has_text && !has_html) {
    doc->status = Status(ErrorCode::kMissingField, "no 'text' or 'html' field");
    return;
  }
  // Clean text wins when a line has both.
  if (!has_text) {
    doc->content = ContentType::kHtml;
    text_token = html_token;
  }
  auto begin = static_cast<size_t>(text_token.data() - base);
  Status s = DecodeJsonString(doc->raw, begin, &doc->source, &doc->source_map);
  if (!s.ok()) {
    doc->status = s;
    return;
  }
  doc->status = CheckArticleText(doc->source, options.max_bytes);
}

// ---------------------------------------------------------------------------
// Reader

struct Reader::Input {
  std::string path;
  FILE* file = nullptr;
  bool owns_file = false;
  bool json_lines = false;
  std::unique_ptr<WarcReader> warc;
  uint32_t line_number = 0;
  // JSON lines: bytes read from `file` and not yet cut into lines, from
  // `buffer_pos` on (stdin's sniffed bytes go here first).
  std::string buffer;
  size_t buffer_pos = 0;
  bool read_error = false;  // the file failed (not at its end) while read
  bool abandoned = false;   // a line went on past kMaxSkippedLines x max_bytes: not read further
  std::string first;  // bytes already read from stdin while sniffing
  bool stdin_done = false;      // stdin was gzip and is read whole into `first`
  bool gzip_too_large = false;  // ... but was larger than --max-bytes
  std::string gzip_error;       // ... or was truncated
  std::string open_error;       // a WARC file that could not be opened
  ~Input() {
    if (owns_file && file != nullptr) std::fclose(file);
  }
};

std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths, std::vector<std::string>* unsupported,
                                     std::vector<std::string>* ignored) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path != "-" && fs::is_directory(path, ec)) {
      std::vector<std::string> found, other, skipped;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::string p = it->path().string();
        const std::string name = it->path().filename().string();
        std::string upper = name;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (name.starts_with(".") || upper.starts_with("README")) skipped.push_back(p);
        else if (IsArticlePath(p)) found.push_back(p);
        else other.push_back(p);
      }
      std::sort(other.begin(), other.end());
      std::sort(skipped.begin(), skipped.end());
      if (unsupported) unsupported->insert(unsupported->end(), other.begin(), other.end());
      if (ignored) ignored->insert(ignored->end(), skipped.begin(), skipped.end());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(path);
    }
  }
  return out;
}

Reader::Reader(std::vector<std::string> paths, ReaderOptions options)
    : options_(std::move(options)) {
  std::vector<std::string> unsupported;
  for (auto& p : ExpandPaths(paths, &unsupported, &ignored_)) pending_.push_back(std::move(p));
  for (auto& p : unsupported) unsupported_.push_back(std::move(p));
}

Reader::~Reader() = default;

bool Reader::NextLine(std::string* line, bool* truncated, size_t* length) {
  line->clear();
  *truncated = false;
  *length = 0;
  Input& in = *current_;
  if (!in.first.empty()) {
    // Replay what sniffing consumed, ahead of the rest of the stream.
    in.buffer = std::move(in.first);
    in.buffer_pos = 0;
    in.first.clear();
  }
  bool any = false;
  while (true) {
    if (in.buffer_pos == in.buffer.size()) {
      if (in.file == nullptr || in.abandoned) break;
      in.buffer.resize(1 << 16);
      size_t n = std::fread(in.buffer.data(), 1, in.buffer.size(), in.file);
      in.buffer.resize(n);
      in.buffer_pos = 0;
      if (n == 0) {
        in.read_error = std::ferror(in.file) != 0;
        break;
      }
    }
    any = true;
    const char* start = in.buffer.data() + in.buffer_pos;
    const size_t available = in.buffer.size() - in.buffer_pos;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    const size_t n = newline != nullptr ? static_cast<size_t>(newline - start) : available;
    *length += n;
    if (!*truncated) {
      if (line->size() + n > options_.max_bytes) {
        *truncated = true;
        line->clear();
        line->shrink_to_fit();
      } else {
        line->append(start, n);
      }
    }
    in.buffer_pos += n + (newline != nullptr ? 1 : 0);
    if (newline != nullptr) break;
    // A line that never ends (a device, a stream of NUL bytes) is not read
    // for ever: past the bound the rest of this input is given up.
    if (*length / kMaxSkippedLines > options_.max_bytes) {
      in.abandoned = true;
      in.buffer.clear();
      in.buffer_pos = 0;
      break;
    }
  }
  return any;
}

bool Reader::IsOutput(const std::string& path) const {
  struct stat st;
  return options_.output_inode != 0 && path != "-" && ::stat(path.c_str(), &st) == 0 &&
         static_cast<uint64_t>(st.st_dev) == options_.output_device &&
         static_cast<uint64_t>(st.st_ino) == options_.output_inode;
}

void Reader::OpenNext() {
  auto in = std::make_unique<Input>();
  in->path = pending_.front();
  pending_.pop_front();
  if (in->path == "-") {
    in->file = stdin;
    // Sniff: a first non-blank '{' means JSON lines (after a byte-order
    // mark, which stays in `first` for the reader of that kind to skip).
    int c;
    while ((c = std::fgetc(stdin)) != EOF) {
      in->first.push_back(static_cast<char>(c));
      if (in->first.size() <= kBom.size() && kBom.starts_with(in->first)) continue;
      if (!std::isspace(c)) break;
    }
    std::string_view blanks = in->first;
    if (blanks.starts_with(kBom)) blanks.remove_prefix(kBom.size());
    // Not "\xEF\xBB{": a mark cut short is no mark.
    in->json_lines = !blanks.empty() && blanks.back() == '{' &&
                     std::all_of(blanks.begin(), blanks.end() - 1,
                                 [](char b) { return std::isspace(static_cast<unsigned char>(b)); });
    if (!in->json_lines) {
      // WARC, plain or gzip: look at a few more bytes.
      while (in->first.size() < 8 && (c = std::fgetc(stdin)) != EOF)
        in->first.push_back(static_cast<char>(c));
      // Leading ASCII white space only: the bytes may be binary (gzip).
      std::string_view head = in->first;
      while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front())))
        head.remove_prefix(1);
      if (IsGzip(head)) {
        auto stream = std::make_unique<ByteStream>(stdin, false, true, std::string(head));
        std::string start;
        while (start.size() < 7 && stream->Read(&start, 7 - start.size()) > 0) {
        }
        if (LooksLikeWarc(start)) {
          in->warc = std::make_unique<WarcReader>(std::move(stream), "-", options_, std::move(start));
        } else {
          // A gzip page or text: decompress it whole.
          std::string chunk;
          bool too_large = false;
          // Decompressed no further than the limit (a gzip bomb is refused
          // after max_bytes, not after all it would expand to).
          while (!too_large && stream->Read(&chunk, 1 << 16) > 0) {
            if (start.size() + chunk.size() > options_.max_bytes) too_large = true;
            if (!too_large) start += chunk;
            chunk.clear();
          }
          in->first = too_large ? std::string() : std::move(start);
          in->gzip_too_large = too_large;
          in->gzip_error = stream->TakeError();
          in->file = nullptr;
          in->stdin_done = true;
        }
      } else if (LooksLikeWarc(head)) {
        in->warc = std::make_unique<WarcReader>(
            std::make_unique<ByteStream>(stdin, false, false, std::string(head)), "-", options_);
      }
    }
  } else {
    in->json_lines = IsJsonLinesPath(in->path);
    if (in->json_lines) {
      in->file = std::fopen(in->path.c_str(), "rb");
      in->owns_file = true;
    } else if (IsWarcPath(in->path)) {
      FILE* f = std::fopen(in->path.c_str(), "rb");
      if (f == nullptr) {
        in->open_error = in->path + ": " + std::strerror(errno);
      } else {
        char magic[2] = {0, 0};
        size_t n = std::fread(magic, 1, 2, f);
        std::string prefix(magic, n);
        in->warc = std::make_unique<WarcReader>(
            std::make_unique<ByteStream>(f, true, IsGzip(prefix), prefix), in->path, options_);
      }
    }
  }
  current_ = std::move(in);
}

bool Reader::Next(Document* doc) {
  while (true) {
    if (!current_) {
      if (pending_.empty() && !unsupported_.empty()) {
        std::string path = std::move(unsupported_.front());
        unsupported_.pop_front();
        std::string ext = fs::path(path).extension().string();
        Fail(doc, path, StemOf(path),
             Status(ErrorCode::kUnsupported,
                    path + " not read: " + (ext.empty() ? std::string("a file without an extension") : "a " + ext + " file") +
                        " is no article format (vigie reads .txt, .text, .md, .jsonl, .ndjson, .html, .htm, "
                        ".html.gz, .warc, .warc.gz in a folder; name a file to have its content sniffed)"));
        return true;
      }
      if (pending_.empty()) return false;
      if (IsOutput(pending_.front())) {
        std::string path = std::move(pending_.front());
        pending_.pop_front();
        Fail(doc, path, StemOf(path),
             Status(ErrorCode::kInputIsOutput, path + " is the output file"));
        return true;
      }
      OpenNext();
    }
    Input& in = *current_;
    if (!in.open_error.empty()) {
      Fail(doc, in.path, StemOf(in.path), Status(ErrorCode::kIoError, in.open_error));
      current_.reset();
      return true;
    }
    if (in.warc) {
      if (in.warc->Next(doc)) return true;
      current_.reset();
      continue;
    }
    if (in.json_lines) {
      if (in.file == nullptr) {
        Fail(doc, in.path, in.path, Status(ErrorCode::kIoError, in.path + ": " + std::strerror(errno)));
        current_.reset();
        return true;
      }
      std::string line;
      bool truncated;
      size_t length;
      while (NextLine(&line, &truncated, &length)) {
        ++in.line_number;
        if (in.line_number == 1 && !truncated && line.starts_with(kBom)) line.erase(0, kBom.size());
        if (!truncated && utf8::Trim(line).empty()) continue;
        if (truncated) {
          *doc = Document();
          doc->path = in.path;
          doc->line = in.line_number;
          doc->format = InputFormat::kJsonl;
          doc->id = LineId(in.path, in.line_number);
          doc->status = Status(ErrorCode::kTooLarge,
                               (in.abandoned ? "line of more than " : "line of ") + std::to_string(length) +
                                   " bytes, more than the limit of " +
                                   std::to_string(options_.max_bytes) +
                                   (in.abandoned ? " (and still no end of line: the rest of the input is not read)"
                                                 : ""));
          return true;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        ParseJsonLine(std::move(line), in.path, in.line_number, options_, doc);
        return true;
      }
      if (in.read_error) {
        // The lines before were read; what follows could not be.
        Fail(doc, in.path, LineId(in.path, in.line_number + 1),
             Status(ErrorCode::kIoError, in.path + ": read error after line " +
                                             std::to_string(in.line_number)));
        doc->line = in.line_number + 1;
        doc->format = InputFormat::kJsonl;
        current_.reset();
        return true;
      }
      current_.reset();
      continue;
    }
    // One plain-text article: the whole file (or stdin).
    std::string path = in.path;
    std::string bytes;
    if (path == "-") {
      bytes = std::move(in.first);
      bool too_large = in.gzip_too_large;
      std::string gzip_error = std::move(in.gzip_error);
      bool read_error = false;
      if (!in.stdin_done && bytes.size() <= options_.max_bytes)
        too_large = !ReadBounded(stdin, options_.max_bytes, &bytes, &read_error);
      else if (bytes.size() > options_.max_bytes)
        too_large = true;
      current_.reset();
      if (too_large) {
        Fail(doc, "-", "stdin", TooLarge(options_.max_bytes));
        return true;
      }
      if (read_error) {
        Fail(doc, "-", "stdin", Status(ErrorCode::kIoError, "stdin: read error"));
        return true;
      }
      if (!gzip_error.empty()) {
        Fail(doc, "-", "stdin", Status(ErrorCode::kTruncatedGzip, gzip_error));
        return true;
      }
      if (LooksLikeHtml(bytes)) {
        ParseHtml(std::move(bytes), path, "", options_, doc);
      } else {
        ParsePlainText(std::move(bytes), path, options_, doc);
      }
      return true;
    }
    current_.reset();
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      Fail(doc, path, StemOf(path), Status(ErrorCode::kIoError, path + ": " + std::strerror(errno)));
      return true;
    }
    if (static_cast<uint64_t>(st.st_size) > options_.max_bytes) {
      Fail(doc, path, StemOf(path),
           Status(ErrorCode::kTooLarge, std::to_string(st.st_size) +
                                            " bytes, more than the limit of " +
                                            std::to_string(options_.max_bytes)));
      return true;
    }
    // A pipe, a device or /proc file has no size to check: it is read up
    // to the limit and no further.
    Result<std::string> read = std::string();
    if (S_ISREG(st.st_mode)) {
      read = ReadFile(path);
    } else if (FILE* f = std::fopen(path.c_str(), "rb"); f == nullptr) {
      read = Status(ErrorCode::kIoError, path + ": " + std::strerror(errno));
    } else {
      bool read_error = false;
      const bool fits = ReadBounded(f, options_.max_bytes, &*read, &read_error);
      std::fclose(f);
      if (!fits) read = TooLarge(options_.max_bytes);
      else if (read_error) read = Status(ErrorCode::kIoError, path + ": read error");
    }
    if (!read.ok()) {
      Fail(doc, path, StemOf(path), read.status());
      return true;
    }
    if (IsGzip(*read)) {
      std::string unzipped;
      Status s = Gunzip(*read, options_.max_bytes, &unzipped);
      if (!s.ok()) {
        Fail(doc, path, StemOf(path), s);
        return true;
      }
      *read = std::move(unzipped);
    }
    if (IsHtmlPath(path) || SniffHtml(path, *read)) {
      ParseHtml(std::move(*read), path, "", options_, doc);
    } else {
      ParsePlainText(std::move(*read), path, options_, doc);
    }
    return true;
  }
}

}  // namespace vigie
