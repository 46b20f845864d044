// The tagger; see tagger.h. Templates are numbered; a number is never
// reused for another template, so a model file says which ones it knows by
// its feature version (parse/model.h).
#include "parse/tagger.h"

#include <algorithm>
#include <numeric>

namespace vigie::parse {

namespace {

constexpr uint64_t kNone = 0x51ED270B27A5F1E9ull;  // "no word here"

uint64_t T(Pos p) { return static_cast<uint64_t>(p) + 1; }

}  // namespace

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void DeterministicShuffle(std::vector<size_t>* order, uint64_t* state) {
  for (size_t i = order->size(); i > 1; --i) {
    size_t j = static_cast<size_t>(SplitMix64(state) % i);
    std::swap((*order)[i - 1], (*order)[j]);
  }
}

void Tagger::Features(const std::vector<LexicalWord>& words, size_t i, Pos prev, Pos prev2,
                      std::vector<FeatureKey>* out) {
  out->clear();
  const LexicalWord& w = words[i];
  const LexicalWord* p1 = i >= 1 ? &words[i - 1] : nullptr;
  const LexicalWord* p2 = i >= 2 ? &words[i - 2] : nullptr;
  const LexicalWord* n1 = i + 1 < words.size() ? &words[i + 1] : nullptr;
  const LexicalWord* n2 = i + 2 < words.size() ? &words[i + 2] : nullptr;
  auto lower = [](const LexicalWord* x) { return x != nullptr ? x->lower : kNone; };
  auto suffix3 = [](const LexicalWord* x) { return x != nullptr ? x->suffix[2] : kNone; };
  auto mask = [](const LexicalWord* x) { return x != nullptr ? uint64_t{x->mask} + 1 : kNone; };
  out->push_back(Feature(1, 0));
  out->push_back(Feature(2, w.lower));
  for (uint64_t k = 0; k < 4; ++k) out->push_back(Feature(3 + k, w.suffix[k]));
  out->push_back(Feature(7, w.prefix[0]));
  out->push_back(Feature(8, w.prefix[1]));
  out->push_back(Feature(9, w.shape));
  out->push_back(Feature(10, T(prev)));
  out->push_back(Feature(11, T(prev), T(prev2)));
  out->push_back(Feature(12, T(prev), w.lower));
  out->push_back(Feature(13, lower(p1)));
  out->push_back(Feature(14, suffix3(p1)));
  out->push_back(Feature(15, lower(n1)));
  out->push_back(Feature(16, suffix3(n1)));
  out->push_back(Feature(17, lower(p2)));
  out->push_back(Feature(18, lower(n2)));
  out->push_back(Feature(19, uint64_t{w.mask} + 1));
  out->push_back(Feature(20, uint64_t{w.mask} + 1, T(prev)));
  out->push_back(Feature(21, mask(n1)));
  out->push_back(Feature(22, w.capitalised, i == 0));
  out->push_back(Feature(23, w.lower, lower(n1)));
  out->push_back(Feature(24, T(prev), lower(n1)));
  out->push_back(Feature(25, n1 != nullptr ? n1->shape : kNone));
  out->push_back(Feature(26, w.form));
  out->push_back(Feature(27, uint64_t{w.mask} + 1, mask(n1)));
  out->push_back(Feature(28, lower(p1), w.lower));
  out->push_back(Feature(29, w.suffix[2], T(prev)));
}

void Tagger::Tag(const std::vector<LexicalWord>& words, std::vector<Pos>* tags,
                 const std::vector<uint32_t>* allowed) const {
  tags->assign(words.size(), Pos::kX);
  std::vector<FeatureKey> features;
  features.reserve(32);
  float scores[kTagCount];
  Pos prev = Pos::kCount, prev2 = Pos::kCount;
  for (size_t i = 0; i < words.size(); ++i) {
    Features(words, i, prev, prev2, &features);
    std::fill(scores, scores + kTagCount, 0.0f);
    weights_.Score(features.data(), features.size(), scores);
    uint32_t ok = allowed != nullptr ? (*allowed)[i] : 0;
    size_t best = SIZE_MAX;
    for (size_t c = 0; c < kTagCount; ++c) {
      if (ok != 0 && (ok & (1u << c)) == 0) continue;
      if (best == SIZE_MAX || scores[c] > scores[best]) best = c;
    }
    (*tags)[i] = static_cast<Pos>(best);
    prev2 = prev;
    prev = (*tags)[i];
  }
}

Tagger TrainTagger(const std::vector<TaggerExample>& examples, int epochs, uint64_t seed) {
  Perceptron model(kTagCount);
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  uint64_t state = seed;
  std::vector<FeatureKey> features;
  std::vector<float> scores(kTagCount);
  for (int epoch = 0; epoch < epochs; ++epoch) {
    DeterministicShuffle(&order, &state);
    for (size_t e : order) {
      const TaggerExample& ex = examples[e];
      Pos prev = Pos::kCount, prev2 = Pos::kCount;
      for (size_t i = 0; i < ex.words.size(); ++i) {
        Tagger::Features(ex.words, i, prev, prev2, &features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        model.Score(features, scores.data());
        int guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
        int truth = static_cast<int>(ex.gold[i]);
        model.Update(features, truth, guess);
        model.Tick();
        prev2 = prev;
        // The guess, not the gold tag, is the context of the next word: as
        // at run time.
        prev = static_cast<Pos>(guess);
      }
    }
  }
  return Tagger(model.Freeze(0.0));
}

}  // namespace vigie::parse
