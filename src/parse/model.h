// A language's syntax model: the tagger's and the parser's weights, the
// parser's label list and a description of how it was trained, in one file
// (models/parse/<lang>.model) that is checked at load: magic, format and
// feature versions, size and an XXH3 checksum of the payload. A missing or
// damaged file is a numbered error (E905), never a crash.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "parse/parser.h"
#include "parse/tagger.h"

namespace vigie::parse {

// Bump when a feature template of the tagger or the parser changes.
constexpr uint32_t kFeatureVersion = 1;
constexpr uint32_t kFormatVersion = 2;  // 2: arrays 8-byte aligned, read in place

struct ParseModel {
  std::string lang;
  std::string about;  // treebanks, seed, epochs, dev scores: readable text
  Tagger tagger;
  Parser parser;
};

std::string SerializeModel(const ParseModel& model);
Status SaveModel(const ParseModel& model, const std::string& path);
// The file is mapped read-only and its tables read in place.
Result<std::shared_ptr<const ParseModel>> LoadModel(const std::string& path);
// A copy of the bytes is kept.
Result<std::shared_ptr<const ParseModel>> ModelFromBytes(const std::string& name, std::string_view bytes);
// Reads the model in `bytes` (8-byte aligned) in place; `keep` keeps them alive.
Result<std::shared_ptr<const ParseModel>> ModelFromMapped(const std::string& name, std::string_view bytes,
                                                          std::shared_ptr<const void> keep);

}  // namespace vigie::parse
