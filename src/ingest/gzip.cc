// gzip decompression over zlib; see gzip.h.
//
// inflateInit2 with windowBits 15+32 reads the gzip header itself; at each
// member's end (Z_STREAM_END) the stream is reset for the next member. When
// zlib reports corrupt data, or the input ends inside a member, the error is
// recorded; the streaming reader then scans the compressed bytes for the
// next "1f 8b 08" member header and goes on from there.
#include "ingest/gzip.h"

#include <cstring>

namespace vigie {

Status Gunzip(std::string_view in, size_t max_bytes, std::string* out) {
  out->clear();
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK)
    return Status(ErrorCode::kTruncatedGzip, "zlib could not start");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  Status status;
  bool in_member = true;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    size_t n = sizeof buf - zs.avail_out;
    if (out->size() + n > max_bytes) {
      status = Status(ErrorCode::kTooLarge, "more than " + std::to_string(max_bytes) +
                                                " bytes once decompressed");
      break;
    }
    out->append(buf, n);
    if (rc == Z_STREAM_END) {
      in_member = false;
      // Another member may follow (skip padding zeros some writers add).
      while (zs.avail_in > 0 && *zs.next_in == 0) {
        ++zs.next_in;
        --zs.avail_in;
      }
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
      in_member = true;
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && n == 0) {
      if (in_member)
        status = Status(ErrorCode::kTruncatedGzip,
                        "gzip data ends inside a member after " + std::to_string(out->size()) +
                            " bytes");
      break;
    }
    if (rc == Z_BUF_ERROR) continue;
    status = Status(ErrorCode::kTruncatedGzip,
                    std::string("corrupt gzip data: ") + (zs.msg ? zs.msg : "zlib error"));
    break;
  }
  inflateEnd(&zs);
  return status;
}

ByteStream::ByteStream(FILE* file, bool owns_file, bool gzip, std::string prefix)
    : file_(file), owns_file_(owns_file), gzip_(gzip), prefix_(std::move(prefix)) {
  if (gzip_) {
    z_ready_ = inflateInit2(&zs_, 15 + 32) == Z_OK;
    in_ = std::move(prefix_);
    prefix_.clear();
  }
}

ByteStream::~ByteStream() {
  if (z_ready_) inflateEnd(&zs_);
  if (owns_file_ && file_ != nullptr) std::fclose(file_);
}

std::string ByteStream::TakeError() {
  std::string e = std::move(error_);
  error_.clear();
  return e;
}

bool ByteStream::FillInput() {
  if (eof_ || file_ == nullptr) return false;
  if (in_pos_ > 0) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  char buf[1 << 16];
  size_t n = std::fread(buf, 1, sizeof buf, file_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  in_.append(buf, n);
  return true;
}

bool ByteStream::Resync() {
  // Look for the next member header after the failing position.
  while (true) {
    size_t at = in_.find("\x1f\x8b\x08", in_pos_ + 1);
    if (at != std::string::npos) {
      in_pos_ = at;
      inflateReset(&zs_);
      in_member_ = false;
      return true;
    }
    // Keep the last two bytes: a header may straddle the read.
    if (in_.size() >= 2) in_pos_ = in_.size() - 2;
    if (!FillInput()) {
      in_pos_ = in_.size();
      return false;
    }
  }
}

size_t ByteStream::Read(std::string* out, size_t want) {
  if (!gzip_) {
    size_t got = 0;
    if (!prefix_.empty()) {
      size_t n = std::min(want, prefix_.size());
      out->append(prefix_, 0, n);
      prefix_.erase(0, n);
      got = n;
    }
    if (got < want && file_ != nullptr && !eof_) {
      size_t old = out->size();
      out->resize(old + (want - got));
      size_t n = std::fread(out->data() + old, 1, want - got, file_);
      out->resize(old + n);
      if (n == 0) eof_ = true;
      got += n;
    }
    produced_ += got;
    return got;
  }
  if (!z_ready_) return 0;
  size_t old = out->size();
  out->resize(old + want);
  size_t got = 0;
  while (got == 0) {
    if (in_pos_ >= in_.size() && !FillInput()) {
      if (in_member_) {
        error_ = "gzip member truncated: the file ends inside it";
        error_offset_ = produced_;
        in_member_ = false;
      }
      break;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
    zs_.avail_in = static_cast<uInt>(in_.size() - in_pos_);
    zs_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    zs_.avail_out = static_cast<uInt>(want);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    size_t consumed = (in_.size() - in_pos_) - zs_.avail_in;
    in_pos_ += consumed;
    got = want - zs_.avail_out;
    if (consumed > 0 || got > 0) in_member_ = true;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      inflateReset(&zs_);
      // Skip zero padding between members.
      while (true) {
        while (in_pos_ < in_.size() && in_[in_pos_] == '\0') ++in_pos_;
        if (in_pos_ < in_.size() || !FillInput()) break;
      }
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && (consumed > 0 || zs_.avail_in == 0)) continue;
    // Corrupt data: report and jump to the next member.
    error_ = std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "zlib error");
    error_offset_ = produced_ + got;
    if (!Resync()) break;
  }
  out->resize(old + got);
  produced_ += got;
  return got;
}

}  // namespace vigie
