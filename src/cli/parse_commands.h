// The syntax commands: train-parser (a model from UD treebanks),
// eval-parser (UPOS, UAS, LAS against a CoNLL-U file) and parse (articles
// in, CoNLL-U or JSON trees out).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace vigie::cli {

struct TrainParserOptions {
  std::string lang;
  std::vector<std::string> train, dev;  // default: the treebanks of ../shared/ud
  std::string out;                      // default: models/parse/<lang>.model
  std::string data_dir;
  int tagger_epochs = 8, parser_epochs = 12, folds = 4;
  uint64_t seed = 1;
};
int RunTrainParser(const TrainParserOptions& options, std::ostream& out);

struct EvalParserOptions {
  std::vector<std::string> gold;  // CoNLL-U files
  std::string model;              // default: the model of --lang
  std::string lang;
  std::string data_dir;
  bool per_relation = false;
  bool constrain = false;  // tags only among the morph stage's readings
};
int RunEvalParser(const EvalParserOptions& options, std::ostream& out);

struct ParseOptions {
  CommonOptions common;
  std::string format = "conllu";  // conllu or json
};
int RunParse(const ParseOptions& options, std::ostream& out);

// One document's sentences as CoNLL-U: a contraction as a range line
// followed by its words; MISC keeps each token's byte span in the clean
// text (TokenRange=begin:end) and SpaceAfter=No.
void WriteConllu(const Document& doc, std::ostream& out);
nlohmann::ordered_json SyntaxJson(const Document& doc);

}  // namespace vigie::cli
