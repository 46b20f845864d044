// Status and numbered error codes.
//
// Per-article failures are values, never exceptions (DuckDB's rule): a bad
// article gets a Status with a stable numbered code, recorded against that
// article, and the run goes on. Codes are grouped by the stage that raises
// them; their numbers are part of vigie's output contract and never reused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace vigie {

enum class ErrorCode : uint16_t {
  kOk = 0,
  // 1xx: reading input.
  kIoError = 101,          // the file or stream could not be read
  kEmptyInput = 102,       // nothing but whitespace
  kBinaryInput = 103,      // NUL bytes or control characters: not text
  kInvalidUtf8 = 104,      // bytes that do not decode as UTF-8
  kTooLarge = 105,         // larger than --max-bytes
  kInputIsOutput = 106,    // the file is where the output goes: not read
  kMalformedJson = 110,    // a JSON line that does not parse
  kMissingField = 111,     // a JSON line without text or html
  kBadField = 112,         // a field of the wrong type or format
  kUnsupported = 113,      // an input kind this build cannot read yet
  kTruncatedGzip = 114,    // a gzip member ends before its end (or is corrupt)
  kMalformedWarc = 115,    // a WARC record whose headers or Content-Length lie
  kUndecodableCharset = 116,  // a declared charset ICU cannot decode the bytes with
  kMalformedRecord = 117,  // a record of a gold file (PETRARCH XML, CASE TSV) whose structure is broken
  // 2xx: extraction.
  kNoMainText = 201,       // nothing left once boilerplate is removed
  kTooDeeplyNested = 202,  // HTML nested deeper than the extractor accepts
  // 4xx: segmentation.
  kSegmentFailed = 401,    // ICU refused the text
  // 6xx: the database (these end a store command; committed batches are kept).
  kDiskFull = 601,         // SQLITE_FULL: the database file or its disk is full
  kReadOnly = 602,         // SQLITE_READONLY: the file (or its directory) cannot be written
  kDatabaseLocked = 603,   // SQLITE_BUSY / SQLITE_LOCKED after the busy timeout
  kStoreIoError = 604,     // SQLITE_IOERR, SQLITE_CANTOPEN: the file could not be read or written
  kStoreFailed = 605,      // any other database failure: corrupt, newer schema, constraint
  kStoreUnavailable = 606, // the database server (PostgreSQL) cannot be reached: refused, lost, shutting down
  // 7xx: resource bounds of one article (the article fails, the run goes on).
  kOverTimeBudget = 701,   // the pipeline ran past --time-budget on this article
  kOverMemoryBudget = 702, // the article's layers grew past --max-article-memory
  kWorkerLost = 703,       // the workers that took it (vigie worker) died on it, --max-tries times
  // 9xx: configuration and knowledge files (these end the whole run).
  kBadDataFile = 901,
  kBadConfig = 902,
  kPipelineBroken = 903,   // a stage lacks a layer no earlier stage provides
  kBadGazetteer = 904,     // GeoNames sources missing or unreadable, or a corrupt index
  kBadModel = 905,         // a parse model missing, damaged or of another version
  kBadOption = 906,        // a command-line value that is not valid (a --published day that does not exist)
};

// Short stable name of a code, e.g. "invalid_utf8".
std::string_view ErrorName(ErrorCode code);

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message)
      : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "E104", the numbered code as users see it.
  std::string CodeString() const;
  // "E104 invalid_utf8: invalid UTF-8 at byte 12".
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const { return std::get<Status>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace vigie
