// WARC and WARC.gz archives (Common Crawl News layout) -> one Document per
// response record.
//
// The archive is streamed: records are read one at a time from a
// ByteStream (plain or gzip, multi-member). Each response record becomes an
// HTML Document whose raw bytes are the HTTP body (status line and headers
// stripped), whose id is the WARC-Record-ID and whose url is the
// WARC-Target-URI; the charset comes from the HTTP Content-Type header
// first. Other record types (warcinfo, request, metadata) are skipped.
//
// A bad record costs that record only: a Content-Length that points past
// the next record's header or past the end, a record without a WARC
// header, a truncated or corrupt gzip member, a body over --max-bytes
// (skipped without being held in memory), a body that is not HTML each give
// a Document with a numbered error, and reading resumes at the next
// "WARC/1." header.
//
// Memory stays bounded whatever the archive holds: a response is held only
// up to --max-bytes, any other record only up to kMaxHeldRecord (larger ones
// stream past, their trailer checked after), and bytes searched for the
// next header are dropped as the search goes on.
#pragma once

#include <memory>
#include <string>

#include "ingest/gzip.h"
#include "ingest/reader.h"

namespace vigie {

// True when bytes start like a WARC record.
inline bool LooksLikeWarc(std::string_view bytes) { return bytes.starts_with("WARC/1."); }

class WarcReader {
 public:
  // `initial`: decompressed bytes already read from the stream (sniffing).
  WarcReader(std::unique_ptr<ByteStream> stream, std::string path, ReaderOptions options,
             std::string initial = {});

  // The next response record (or bad record), false at the end.
  bool Next(Document* doc);
  // The most bytes the reader has held at once (for the memory tests).
  size_t peak_buffer() const { return peak_; }

  // Records other than responses larger than this are skipped as they
  // stream past (a record held whole lets a lying Content-Length be
  // recovered from; a skipped one costs the records it swallowed).
  static constexpr size_t kMaxHeldRecord = 1u << 20;

 private:
  // Ensures at least n unread bytes (false at the end of the stream).
  bool Need(size_t n);
  // Drops consumed bytes from the buffer now and then.
  void Compact();
  // Moves pos_ to the next "WARC/1." at a line start at or after `from`;
  // false at the end.
  bool Resync(size_t from);
  // Moves pos_ past `length` bytes, reading and dropping them chunk by
  // chunk; false when the archive ends first.
  bool Skip(uint64_t length);
  // Reads one more chunk into the buffer; false at the end of the stream.
  bool ReadMore();
  void Error(Document* doc, std::string id, Status status);

  std::unique_ptr<ByteStream> stream_;
  std::string path_;
  ReaderOptions options_;
  std::string buf_;
  size_t pos_ = 0;
  bool ended_ = false;
  uint64_t consumed_ = 0;  // bytes dropped from buf_ so far (for offsets)
  uint32_t records_ = 0;
  size_t peak_ = 0;
};

}  // namespace vigie
