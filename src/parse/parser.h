// The dependency parser: greedy arc-hybrid transitions (transition.h)
// chosen by an averaged perceptron over the stack's and buffer's words,
// tags, dependents, distances, valencies and label sets (the templates of
// Zhang and Nivre 2011, adapted to arc-hybrid positions).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "doc/document.h"
#include "parse/lexical.h"
#include "parse/perceptron.h"
#include "parse/transition.h"

namespace vigie::parse {

// A sentence as the parser sees it: words with their (predicted) tags.
struct ParserInput {
  std::vector<LexicalWord> words;
  std::vector<Pos> tags;
  std::vector<bool> punct_comma;  // the word is a comma or a dash (clause breaks)
};

struct ParserOutput {
  std::vector<int> heads;   // 1-based words: heads[i] of word i+1, 0 for the root
  std::vector<int> labels;  // index into the model's label list
};

class Parser {
 public:
  Parser() = default;
  Parser(WeightTable weights, std::vector<std::string> labels);
  void Parse(const ParserInput& input, ParserOutput* out) const;
  const std::vector<std::string>& labels() const { return labels_; }
  const WeightTable& weights() const { return weights_; }
  int root_label() const { return root_label_; }

  static void Features(const ParserInput& input, const ParseState& state,
                       std::vector<FeatureKey>* out);
  // Which transitions are allowed (root label only for the root arc).
  static void Allowed(const ParseState& state, const Transitions& ts, int root_label,
                      std::vector<bool>* allowed);

 private:
  WeightTable weights_;
  std::vector<std::string> labels_;
  Transitions transitions_;
  int root_label_ = -1;
};

struct ParserExample {
  ParserInput input;
  std::vector<int> gold_heads;   // indexed 1..n ([0] unused), projectivised
  std::vector<int> gold_labels;  // indexed 1..n
};

struct ParserTraining {
  int epochs = 15;
  uint64_t seed = 1;
  double explore = 0.9;   // after the first epoch, follow the model's own choice this often
  size_t max_bytes = 19u << 20;  // the weight table's size bound (smallest weights dropped)
  // Called after each epoch with the averaged model so far; returns a score
  // (higher is better). The best epoch's model is kept.
  std::function<double(const Parser&, int epoch)> evaluate;
};

Parser TrainParser(const std::vector<ParserExample>& examples,
                   const std::vector<std::string>& labels, const ParserTraining& options);

}  // namespace vigie::parse
