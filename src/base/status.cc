// Names and rendering of numbered error codes.
#include "base/status.h"

#include <cstdio>

namespace vigie {

std::string_view ErrorName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kIoError: return "io_error";
    case ErrorCode::kEmptyInput: return "empty_input";
    case ErrorCode::kBinaryInput: return "binary_input";
    case ErrorCode::kInvalidUtf8: return "invalid_utf8";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kInputIsOutput: return "input_is_output";
    case ErrorCode::kMalformedJson: return "malformed_json";
    case ErrorCode::kMissingField: return "missing_field";
    case ErrorCode::kBadField: return "bad_field";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kTruncatedGzip: return "truncated_gzip";
    case ErrorCode::kMalformedWarc: return "malformed_warc";
    case ErrorCode::kUndecodableCharset: return "undecodable_charset";
    case ErrorCode::kMalformedRecord: return "malformed_record";
    case ErrorCode::kNoMainText: return "no_main_text";
    case ErrorCode::kTooDeeplyNested: return "too_deeply_nested";
    case ErrorCode::kSegmentFailed: return "segment_failed";
    case ErrorCode::kDiskFull: return "disk_full";
    case ErrorCode::kReadOnly: return "read_only";
    case ErrorCode::kDatabaseLocked: return "database_locked";
    case ErrorCode::kStoreIoError: return "store_io_error";
    case ErrorCode::kStoreFailed: return "store_failed";
    case ErrorCode::kStoreUnavailable: return "store_unavailable";
    case ErrorCode::kOverTimeBudget: return "over_time_budget";
    case ErrorCode::kOverMemoryBudget: return "over_memory_budget";
    case ErrorCode::kWorkerLost: return "worker_lost";
    case ErrorCode::kBadDataFile: return "bad_data_file";
    case ErrorCode::kBadConfig: return "bad_config";
    case ErrorCode::kPipelineBroken: return "pipeline_broken";
    case ErrorCode::kBadGazetteer: return "bad_gazetteer";
    case ErrorCode::kBadModel: return "bad_model";
    case ErrorCode::kBadOption: return "bad_option";
  }
  return "unknown";
}

std::string Status::CodeString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "E%03u", static_cast<unsigned>(code_));
  return buf;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = CodeString();
  s += ' ';
  s += ErrorName(code_);
  if (!message_.empty()) {
    s += ": ";
    s += message_;
  }
  return s;
}

}  // namespace vigie
