// Training and evaluation of a syntax model over UD treebanks.
//
// The tagger is trained on the training sentences; the parser on the same
// sentences with tags predicted by taggers that did not see them
// (jackknifing, k folds), so it learns from the tags it will get at run
// time. Each parser epoch is scored on the development set (LAS) and the
// best epoch is kept. The test sets are never read here: only by
// EvaluateModel, to report.
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "parse/model.h"
#include "parse/treebank.h"

namespace vigie::parse {

// The ambiguity class of a word form: the morph stage's parts of speech.
using MaskFunction = std::function<uint32_t(std::string_view form)>;

struct TrainOptions {
  std::string lang;
  std::vector<std::string> train, dev;  // CoNLL-U files (.gz or plain)
  int tagger_epochs = 8;
  int parser_epochs = 12;
  int folds = 4;          // jackknifing for the parser's training tags
  uint64_t seed = 1;
  std::ostream* log = nullptr;
};

Result<ParseModel> TrainModel(const TrainOptions& options, const MaskFunction& mask);

struct RelationCounts {
  size_t gold = 0, system = 0, correct = 0;  // correct: head and relation right
};

struct ParseScores {
  size_t words = 0, upos = 0, heads = 0, labelled = 0;
  std::map<std::string, RelationCounts> relations;  // universal relations
  double Upos() const { return words ? 100.0 * upos / words : 0; }
  double Uas() const { return words ? 100.0 * heads / words : 0; }
  double Las() const { return words ? 100.0 * labelled / words : 0; }
};

// Tags and parses one sentence of word forms.
struct Analysis {
  std::vector<Pos> tags;
  ParserOutput tree;
};
// With `constrain`, each word's tag is the best among its ambiguity class
// (when it has one).
void AnalyseWords(const ParseModel& model, const std::vector<LexicalWord>& words,
                  const std::vector<bool>& commas, Analysis* out, bool constrain = false);

// Scores against gold words as the CoNLL 2018 shared task does with gold
// tokenisation: UPOS, UAS, LAS on universal relations (no subtypes),
// punctuation included.
ParseScores EvaluateModel(const ParseModel& model, const std::vector<TreebankSentence>& gold,
                          const MaskFunction& mask, bool constrain = false);
void AddScores(const TreebankSentence& gold, const Analysis& system,
               const std::vector<std::string>& labels, ParseScores* scores);

// A comma, a dash or a semicolon: a clause break for the parser's features.
bool IsClauseBreak(std::string_view form);

}  // namespace vigie::parse
