// Streaming WARC record reader; see warc_reader.h.
//
// A record is "WARC/1.x" CRLF, header lines, CRLF, Content-Length bytes of
// block, CRLF CRLF. The reader keeps a buffer of decompressed bytes, reads
// the header, then exactly Content-Length bytes, and checks that the two
// CRLFs follow. When they do not, the length lied: the record is reported
// and the next "WARC/1." line is looked for from the start of the block,
// so a length too long (swallowing the next record) or too short costs one
// record. Blocks larger than --max-bytes (responses) or kMaxHeldRecord
// (other records) are skipped chunk by chunk and never held whole.
#include "ingest/warc_reader.h"

#include <algorithm>
#include <cstring>

#include "base/utf8.h"
#include "ingest/html_reader.h"

namespace vigie {

namespace {

constexpr size_t kReadChunk = 1 << 16;
constexpr size_t kMaxHeaderBytes = 1 << 16;

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// The value of header `name` in a block of "Name: value" lines.
std::string HeaderValue(std::string_view headers, std::string_view name) {
  size_t pos = 0;
  while (pos < headers.size()) {
    size_t nl = headers.find('\n', pos);
    if (nl == std::string_view::npos) nl = headers.size();
    std::string_view line = headers.substr(pos, nl - pos);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && EqualsNoCase(TrimView(line.substr(0, colon)), name))
      return std::string(TrimView(line.substr(colon + 1)));
    pos = nl + 1;
  }
  return {};
}

std::string Lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "<urn:uuid:...>" -> "urn:uuid:...".
std::string RecordId(std::string id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') return id.substr(1, id.size() - 2);
  return id;
}

}  // namespace

WarcReader::WarcReader(std::unique_ptr<ByteStream> stream, std::string path, ReaderOptions options,
                       std::string initial)
    : stream_(std::move(stream)),
      path_(std::move(path)),
      options_(std::move(options)),
      buf_(std::move(initial)) {}

bool WarcReader::ReadMore() {
  if (ended_) return false;
  if (stream_->Read(&buf_, kReadChunk) == 0) {
    ended_ = true;
    return false;
  }
  peak_ = std::max(peak_, buf_.size());
  return true;
}

bool WarcReader::Need(size_t n) {
  while (buf_.size() - pos_ < n)
    if (!ReadMore()) return false;
  return true;
}

void WarcReader::Compact() {
  if (pos_ > (1u << 20) && pos_ * 2 > buf_.size()) {
    buf_.erase(0, pos_);
    consumed_ += pos_;
    pos_ = 0;
  }
}

bool WarcReader::Resync(size_t from) {
  size_t scan = std::min(from, buf_.size());
  while (true) {
    size_t at = buf_.find("WARC/1.", scan);
    while (at != std::string::npos && at > 0 && buf_[at - 1] != '\n')
      at = buf_.find("WARC/1.", at + 1);
    if (at != std::string::npos) {
      pos_ = at;
      return true;
    }
    // Nothing up to the last 7 bytes (a header may start there, and the
    // byte before it says whether it starts a line): drop the rest, so a
    // long run of bytes that are no archive is never held whole.
    const size_t keep_from = buf_.size() > 8 ? buf_.size() - 8 : 0;
    if (keep_from > 0) {
      buf_.erase(0, keep_from);
      consumed_ += keep_from;
    }
    scan = buf_.empty() ? 0 : 1;
    if (!ReadMore()) {
      pos_ = buf_.size();
      return false;
    }
  }
}

bool WarcReader::Skip(uint64_t length) {
  uint64_t left = length;
  while (left > 0) {
    size_t have = buf_.size() - pos_;
    if (have == 0) {
      consumed_ += buf_.size();
      buf_.clear();
      pos_ = 0;
      if (!ReadMore()) return false;
      continue;
    }
    size_t take = static_cast<size_t>(std::min<uint64_t>(left, have));
    pos_ += take;
    left -= take;
  }
  return true;
}

void WarcReader::Error(Document* doc, std::string id, Status status) {
  *doc = Document();
  doc->path = path_;
  doc->id = std::move(id);
  doc->format = InputFormat::kWarc;
  doc->content = ContentType::kHtml;
  doc->status = std::move(status);
}

bool WarcReader::Next(Document* doc) {
  while (true) {
    Compact();
    while (Need(1) && std::strchr(" \t\r\n", buf_[pos_]) != nullptr && buf_[pos_] != '\0') ++pos_;
    const uint64_t offset = consumed_ + pos_;
    const std::string where = path_ + "@" + std::to_string(offset);
    // A gzip member lost before this point: reported on its own.
    if (stream_->has_error() && stream_->error_offset() <= offset) {
      Error(doc, where, Status(ErrorCode::kTruncatedGzip,
                               stream_->TakeError() + " (records in that member are lost)"));
      return true;
    }
    if (!Need(1)) {
      if (stream_->has_error()) {
        Error(doc, where, Status(ErrorCode::kTruncatedGzip, stream_->TakeError()));
        return true;
      }
      return false;
    }
    if (!Need(7) || buf_.compare(pos_, 7, "WARC/1.") != 0) {
      bool gzip_error = stream_->has_error();
      std::string message = gzip_error ? stream_->TakeError() : "no WARC header";
      Resync(pos_ + 1);
      Error(doc, where,
            Status(gzip_error ? ErrorCode::kTruncatedGzip : ErrorCode::kMalformedWarc,
                   message + " at byte " + std::to_string(offset) + "; skipped " +
                       std::to_string(consumed_ + pos_ - offset) + " bytes"));
      return true;
    }
    // The header block.
    size_t header_end = std::string::npos;
    size_t scan = pos_;
    while ((header_end = buf_.find("\r\n\r\n", scan)) == std::string::npos) {
      // Search again from just before the bytes about to be read.
      scan = std::max(pos_, buf_.size() >= 3 ? buf_.size() - 3 : 0);
      if (buf_.size() - pos_ > kMaxHeaderBytes || !Need(buf_.size() - pos_ + 1)) break;
    }
    if (header_end == std::string::npos || header_end - pos_ > kMaxHeaderBytes) {
      Resync(pos_ + 1);
      Error(doc, where, Status(ErrorCode::kMalformedWarc, "WARC header not terminated"));
      return true;
    }
    std::string headers = buf_.substr(pos_, header_end - pos_);
    const size_t block_begin = header_end + 4;
    std::string id = RecordId(HeaderValue(headers, "WARC-Record-ID"));
    if (id.empty()) id = where;
    const std::string type = Lowered(HeaderValue(headers, "WARC-Type"));
    const std::string length_text = HeaderValue(headers, "Content-Length");
    uint64_t length = 0;
    bool length_ok = !length_text.empty() && length_text.size() <= 15;
    for (char c : length_text) {
      if (c < '0' || c > '9') length_ok = false;
      else length = length * 10 + static_cast<uint64_t>(c - '0');
    }
    ++records_;
    if (!length_ok) {
      Resync(block_begin);
      Error(doc, id, Status(ErrorCode::kMalformedWarc, "bad Content-Length '" + length_text + "'"));
      return true;
    }
    const bool wanted = type == "response";
    // Blocks too large to hold (a response over --max-bytes, any other
    // record over kMaxHeldRecord): skipped as they stream past, then the
    // CRLF CRLF that must end them checked.
    const uint64_t hold = wanted ? options_.max_bytes + kMaxHeaderBytes : kMaxHeldRecord;
    if (length > hold) {
      pos_ = block_begin;
      Status too_large(ErrorCode::kTooLarge, "record of " + std::to_string(length) +
                                                 " bytes, more than the limit of " +
                                                 std::to_string(options_.max_bytes));
      if (!Skip(length)) {
        Error(doc, id, Status(ErrorCode::kMalformedWarc,
                              "Content-Length " + length_text + " but the archive ends inside the record"));
        return true;
      }
      const bool at_end = !Need(1);
      if (!at_end && !(Need(4) && buf_.compare(pos_, 4, "\r\n\r\n") == 0) &&
          std::string_view(buf_).substr(pos_).find_first_not_of("\r\n") != std::string_view::npos) {
        // The length lied, and the bytes it covered are gone: read on from
        // the next header.
        Resync(pos_);
        Error(doc, id, Status(ErrorCode::kMalformedWarc,
                              "Content-Length " + length_text +
                                  " does not end the record (no CRLF CRLF after the block; the record "
                                  "was too large to hold, so records inside it are lost)"));
        return true;
      }
      if (wanted) {
        Error(doc, id, too_large);
        return true;
      }
      continue;
    }
    const size_t block_end = block_begin + static_cast<size_t>(length);
    if (!Need(block_end - pos_)) {
      // A next record inside what Content-Length claims: the length lied
      // (a gzip error further on is reported where it happened).
      if (buf_.find("\nWARC/1.", block_begin) != std::string::npos) {
        Resync(block_begin);
        Error(doc, id, Status(ErrorCode::kMalformedWarc,
                              "Content-Length " + length_text + " runs into the next record"));
        return true;
      }
      bool gzip_error = stream_->has_error();
      Status s = gzip_error
          ? Status(ErrorCode::kTruncatedGzip, stream_->TakeError())
          : Status(ErrorCode::kMalformedWarc,
                   "Content-Length " + length_text + " but the archive ends after " +
                       std::to_string(buf_.size() - block_begin) + " bytes");
      Resync(block_begin);
      Error(doc, id, s);
      return true;
    }
    // The block must be followed by CRLF CRLF (or the end of the archive).
    bool trailer_ok = true;
    if (Need(block_end - pos_ + 4)) {
      trailer_ok = buf_.compare(block_end, 4, "\r\n\r\n") == 0;
    } else {
      std::string_view rest = std::string_view(buf_).substr(block_end);
      trailer_ok = rest.find_first_not_of("\r\n") == std::string_view::npos;
    }
    if (stream_->has_error() && stream_->error_offset() <= consumed_ + block_end + 4) {
      std::string message = stream_->TakeError();
      Resync(block_begin);
      Error(doc, id, Status(ErrorCode::kTruncatedGzip, message));
      return true;
    }
    if (!trailer_ok) {
      Resync(block_begin);
      Error(doc, id, Status(ErrorCode::kMalformedWarc,
                            "Content-Length " + length_text +
                                " does not end the record (no CRLF CRLF after the block)"));
      return true;
    }
    pos_ = std::min(buf_.size(), block_end + 4);
    if (!wanted) continue;

    std::string_view block = std::string_view(buf_).substr(block_begin, block_end - block_begin);
    std::string content_type;
    std::string encoding;
    std::string record_type = Lowered(HeaderValue(headers, "Content-Type"));
    if (record_type.find("application/http") != std::string::npos ||
        block.starts_with("HTTP/")) {
      size_t http_end = block.find("\r\n\r\n");
      size_t skip = 4;
      if (http_end == std::string_view::npos) {
        http_end = block.find("\n\n");
        skip = 2;
      }
      if (http_end == std::string_view::npos) {
        Error(doc, id, Status(ErrorCode::kMalformedWarc, "HTTP headers not terminated"));
        doc->url = HeaderValue(headers, "WARC-Target-URI");
        return true;
      }
      std::string_view http = block.substr(0, http_end);
      content_type = HeaderValue(http, "Content-Type");
      encoding = Lowered(HeaderValue(http, "Content-Encoding"));
      block.remove_prefix(http_end + skip);
    }
    const std::string url = HeaderValue(headers, "WARC-Target-URI");
    std::string mime = Lowered(content_type.substr(0, content_type.find(';')));
    mime = std::string(TrimView(mime));
    if (!mime.empty() && mime != "text/html" && mime != "application/xhtml+xml" &&
        mime.find("html") == std::string::npos) {
      Error(doc, id, Status(ErrorCode::kUnsupported, "not an HTML page (" + mime + ")"));
      doc->url = url;
      return true;
    }
    std::string body;
    if (encoding == "gzip" || encoding == "x-gzip") {
      Status s = Gunzip(block, options_.max_bytes, &body);
      if (!s.ok()) {
        Error(doc, id, s);
        doc->url = url;
        return true;
      }
    } else if (!encoding.empty() && encoding != "identity") {
      Error(doc, id, Status(ErrorCode::kUnsupported, "Content-Encoding " + encoding));
      doc->url = url;
      return true;
    } else {
      body.assign(block);
    }
    ParseHtml(std::move(body), path_, content_type, options_, doc);
    doc->id = id;
    doc->url = url;
    doc->format = InputFormat::kWarc;
    return true;
  }
}

}  // namespace vigie
