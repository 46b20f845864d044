// gzip streams (zlib): whole buffers for *.html.gz files, and a streaming
// reader with member-by-member recovery for WARC.gz archives.
//
// A gzip file may hold several members one after the other (Common Crawl
// writes one member per WARC record); both readers go on across members.
// A member cut short (truncated file) or corrupt is reported with
// kTruncatedGzip; the streaming reader then looks for the next member's
// header and carries on, so one bad member costs one record.
#pragma once

#include <zlib.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "base/status.h"

namespace vigie {

// True when bytes start with the gzip magic number.
inline bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Decompresses every member of `in` into *out. kTooLarge past max_bytes of
// output, kTruncatedGzip when the data ends inside a member or is corrupt.
Status Gunzip(std::string_view in, size_t max_bytes, std::string* out);

// Bytes of a file or stdin, decompressed on the fly when gzip. Read()
// returns 0 at the end. A corrupt or truncated member sets an error
// (TakeError) and reading resumes at the next member header.
class ByteStream {
 public:
  // `prefix`: bytes already read from file (stdin sniffing).
  ByteStream(FILE* file, bool owns_file, bool gzip, std::string prefix = {});
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Appends up to `want` more bytes to *out; returns how many (0 = end).
  size_t Read(std::string* out, size_t want);
  // The gzip error met since the last call (empty when none), and its
  // decompressed offset.
  bool has_error() const { return !error_.empty(); }
  std::string TakeError();
  uint64_t error_offset() const { return error_offset_; }

 private:
  bool FillInput();
  // After a corrupt member: skip to the next gzip header in the input.
  bool Resync();

  FILE* file_;
  bool owns_file_;
  bool gzip_;
  bool eof_ = false;
  bool in_member_ = false;  // inside a gzip member (header seen, no end yet)
  std::string prefix_;
  std::string in_;         // compressed bytes not yet consumed
  size_t in_pos_ = 0;
  z_stream zs_{};
  bool z_ready_ = false;
  uint64_t produced_ = 0;  // decompressed bytes so far
  std::string error_;
  uint64_t error_offset_ = 0;
};

}  // namespace vigie
