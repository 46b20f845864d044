// Ingest: turns paths (files, directories, "-" for stdin) into Documents,
// one per article, with the raw bytes kept untouched.
//
// Formats: plain text (one article per file), JSON lines (one article per
// line: id, url, published, title, text or html, lang), HTML pages in any
// charset (html_reader.h; *.html, *.htm, gzip or not), WARC and WARC.gz
// archives (warc_reader.h). Stdin is sniffed: '{' starts JSON lines (after
// a byte-order mark, if any), '<' a page, "WARC/1." an archive (gzip or
// not). A bad article (not readable, empty, binary, invalid UTF-8,
// oversized, malformed JSON, a raw control byte in a JSON line) comes out as
// a Document whose status holds the numbered error, so the caller records
// it and goes on with the next one: no article is ever dropped silently.
// JSON lines are cut byte for byte: every non-blank line of the input is
// exactly one Document, numbered by its line. --max-bytes holds for every
// input kind: a file is checked by its size before it is read; a pipe,
// stdin or a device is read no further than the limit; a JSON line over it
// is skipped as it streams (and one of more than 64 times the limit ends
// that input); WARC records over it stream past (warc_reader.h).
#pragma once

#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "doc/document.h"

namespace vigie {

struct ReaderOptions {
  size_t max_bytes = 16u << 20;  // larger articles get kTooLarge
  std::string published;         // overrides the input's date when set
  std::string lang;              // overrides the input's language when set
  // The file the output is written to (device and inode), never read as
  // input: "vigie extract dir > dir/out.jsonl" would read its own output.
  uint64_t output_device = 0, output_inode = 0;
};

// Checks decoded article text: size, binary content, UTF-8, emptiness.
Status CheckArticleText(std::string_view text, size_t max_bytes);

// Decodes the JSON string token starting at raw[begin] (its opening quote)
// into *out, recording in *map where each output byte came from (offsets
// relative to `raw`). kMalformedJson on a bad escape or a missing quote.
Status DecodeJsonString(std::string_view raw, size_t begin, std::string* out,
                        OffsetMap* map);

// Fills doc from one JSON line (raw bytes of the line, without its LF and
// the CR before it). The document's status is set on failure (E103 for a
// raw byte below 0x20 other than tab, which JSON does not allow); id, path
// and line are always set.
void ParseJsonLine(std::string line, const std::string& path, uint32_t line_number,
                   const ReaderOptions& options, Document* doc);

// Fills doc from the bytes of a plain-text article.
void ParsePlainText(std::string bytes, const std::string& path,
                    const ReaderOptions& options, Document* doc);

class Reader {
 public:
  Reader(std::vector<std::string> paths, ReaderOptions options);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The next article, or false at the end of all inputs.
  bool Next(Document* doc);
  // Files of the directories given that were not read because they are a
  // folder's README or hidden (named on stderr by the commands).
  const std::vector<std::string>& ignored() const { return ignored_; }

 private:
  struct Input;
  // Opens the first pending path as the current input.
  void OpenNext();
  bool IsOutput(const std::string& path) const;
  // The next line of the current JSON-lines input without its '\n', every
  // byte kept (NUL too); false at its end. A line longer than max_bytes is
  // read through but not kept: *truncated, and *length its size.
  bool NextLine(std::string* line, bool* truncated, size_t* length);

  std::deque<std::string> pending_;
  std::deque<std::string> unsupported_;  // files of a directory in no article format
  std::vector<std::string> ignored_;
  ReaderOptions options_;
  std::unique_ptr<Input> current_;
};

// Expands directories (recursively, sorted) into the article files they
// hold: *.txt, *.text, *.md, *.jsonl, *.ndjson, *.html, *.htm (optionally
// .gz), *.warc, *.warc.gz, in any case (.TXT). Other files are returned in
// *unsupported (the Reader yields each as an E113 article, so it is named and
// counted); README files and hidden files are returned in *ignored.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths,
                                     std::vector<std::string>* unsupported = nullptr,
                                     std::vector<std::string>* ignored = nullptr);

}  // namespace vigie
