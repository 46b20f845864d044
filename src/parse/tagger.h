// The part-of-speech tagger: greedy left to right, one averaged-perceptron
// decision per word over the word's letters, shape and ambiguity class,
// its neighbours and the two tags before it.
#pragma once

#include <vector>

#include "doc/document.h"
#include "parse/lexical.h"
#include "parse/perceptron.h"

namespace vigie::parse {

constexpr size_t kTagCount = static_cast<size_t>(Pos::kCount);

class Tagger {
 public:
  Tagger() = default;
  explicit Tagger(WeightTable weights) : weights_(std::move(weights)) {}

  // Tags a sentence. `allowed`, when given, holds for each word the tags
  // its dictionary readings allow (0: any); the best allowed tag wins.
  void Tag(const std::vector<LexicalWord>& words, std::vector<Pos>* tags,
           const std::vector<uint32_t>* allowed = nullptr) const;
  const WeightTable& weights() const { return weights_; }

  // Features of word i given the tags already chosen before it.
  static void Features(const std::vector<LexicalWord>& words, size_t i, Pos prev, Pos prev2,
                       std::vector<FeatureKey>* out);

 private:
  WeightTable weights_;
};

struct TaggerExample {
  std::vector<LexicalWord> words;
  std::vector<Pos> gold;
};

// Trains for `epochs` passes in an order shuffled by `seed`.
Tagger TrainTagger(const std::vector<TaggerExample>& examples, int epochs, uint64_t seed);

// A shuffle that gives the same order on every machine (Fisher-Yates over
// SplitMix64), unlike std::shuffle, whose algorithm is the library's.
void DeterministicShuffle(std::vector<size_t>* order, uint64_t* state);
uint64_t SplitMix64(uint64_t* state);

}  // namespace vigie::parse
