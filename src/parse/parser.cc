// The parser's features, decoding and training; see parser.h. Template
// numbers are never reused for another template (the model's feature
// version, parse/model.h, changes when one does).
#include "parse/parser.h"

#include <algorithm>
#include <numeric>

#include "parse/tagger.h"

namespace vigie::parse {

namespace {

constexpr uint64_t kNoWord = 0x2545F4914F6CDD1Dull;
constexpr uint64_t kRootWord = 0x9E6C63D0676A9A99ull;

struct View {
  const ParserInput& in;
  const ParseState& st;
  uint64_t W(int w) const {
    if (w < 0) return kNoWord;
    return w == 0 ? kRootWord : in.words[w - 1].lower;
  }
  uint64_t T(int w) const {
    if (w < 0) return 0;
    return w == 0 ? 1 : static_cast<uint64_t>(in.tags[w - 1]) + 2;
  }
  uint64_t L(int w) const { return w < 0 ? 0 : static_cast<uint64_t>(st.label(w) + 2); }
};

uint64_t Bucket(int d) {
  if (d <= 4) return static_cast<uint64_t>(d);
  if (d <= 7) return 5;
  if (d <= 11) return 6;
  return 7;
}

}  // namespace

Parser::Parser(WeightTable weights, std::vector<std::string> labels)
    : weights_(std::move(weights)), labels_(std::move(labels)) {
  transitions_.labels = static_cast<int>(labels_.size());
  for (size_t i = 0; i < labels_.size(); ++i)
    if (labels_[i] == "root") root_label_ = static_cast<int>(i);
}

void Parser::Features(const ParserInput& input, const ParseState& st,
                      std::vector<FeatureKey>* out) {
  out->clear();
  View v{input, st};
  const int s0 = st.Stack(0), s1 = st.Stack(1), s2 = st.Stack(2);
  const int b0 = st.Buffer(0), b1 = st.Buffer(1), b2 = st.Buffer(2);
  const int s0l1 = st.LeftChild(s0, 0), s0l2 = st.LeftChild(s0, 1);
  const int s0r1 = st.RightChild(s0, 0), s0r2 = st.RightChild(s0, 1);
  const int s1l1 = st.LeftChild(s1, 0), s1r1 = st.RightChild(s1, 0);
  const int b0l1 = st.LeftChild(b0, 0), b0l2 = st.LeftChild(b0, 1);
  const uint64_t s0w = v.W(s0), s0t = v.T(s0), s1w = v.W(s1), s1t = v.T(s1);
  const uint64_t b0w = v.W(b0), b0t = v.T(b0), b1w = v.W(b1), b1t = v.T(b1);
  const uint64_t s2t = v.T(s2), b2t = v.T(b2);
  auto add = [&](uint64_t templ, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out->push_back(Feature(templ, a, b, c));
  };
  // Words and tags of the stack and buffer.
  add(1, s0w); add(2, s0t); add(3, s0w, s0t);
  add(4, s1w); add(5, s1t); add(6, s1w, s1t);
  add(7, s2t); add(8, v.W(s2));
  add(9, b0w); add(10, b0t); add(11, b0w, b0t);
  add(12, b1w); add(13, b1t); add(14, b1w, b1t);
  add(15, b2t); add(16, v.W(b2));
  // Pairs across the stack top and the buffer front, and along the stack.
  add(20, s0w, s0t, b0w * 31 + b0t); add(21, s0w, s0t, b0w); add(22, s0w, b0w, b0t);
  add(23, s0w, s0t, b0t); add(24, s0t, b0w, b0t); add(25, s0w, b0w); add(26, s0t, b0t);
  add(27, s1w, s0w); add(28, s1t, s0t); add(29, s1t, s0w); add(30, s1w, s0t);
  add(31, s1w, s1t, s0w * 31 + s0t);
  add(32, b0t, b1t); add(33, b0w, b1t); add(34, b0t, b1w); add(35, b0w, b1w);
  add(36, s1t, b0t); add(37, s1w, b0w);
  // Tag trigrams.
  add(40, s0t, b0t, b1t); add(41, s1t, s0t, b0t); add(42, s2t, s1t, s0t);
  add(43, b0t, b1t, b2t); add(44, s1t, s0t, b1t);
  // Dependents so far.
  add(50, v.T(s0l1)); add(51, v.L(s0l1)); add(52, v.W(s0l1));
  add(53, v.T(s0r1)); add(54, v.L(s0r1)); add(55, v.W(s0r1));
  add(56, v.T(s0l2), v.L(s0l2)); add(57, v.T(s0r2), v.L(s0r2));
  add(58, v.T(s1r1), v.L(s1r1)); add(59, v.T(s1l1), v.L(s1l1));
  add(60, v.T(b0l1)); add(61, v.L(b0l1)); add(62, v.W(b0l1)); add(63, v.T(b0l2), v.L(b0l2));
  add(64, s0t, v.L(s0l1), v.L(s0l2)); add(65, s0t, v.L(s0r1), v.L(s0r2));
  add(66, b0t, v.L(b0l1), v.L(b0l2));
  add(67, s0t, v.T(s0l1), b0t); add(68, s0t, v.T(s0r1), b0t); add(69, s0t, b0t, v.T(b0l1));
  add(70, s1t, s0t, v.T(s0l1)); add(71, s1t, s0t, v.T(s0r1)); add(72, s1t, v.T(s1r1), s0t);
  add(73, s0w, v.L(s0r1)); add(74, b0w, v.L(b0l1));
  // Distances.
  const uint64_t d_sb = s0 > 0 && b0 > 0 ? Bucket(b0 - s0) : 0;
  const uint64_t d_ss = s0 > 0 && s1 > 0 ? Bucket(s0 - s1) : 0;
  add(80, d_sb); add(81, s0w, d_sb); add(82, s0t, d_sb); add(83, b0w, d_sb); add(84, b0t, d_sb);
  add(85, s0t, b0t, d_sb); add(86, s1t, s0t, d_ss); add(87, s1w, s0w, d_ss);
  // Valencies and label sets.
  add(90, s0w, st.LeftCount(s0)); add(91, s0w, st.RightCount(s0));
  add(92, s0t, st.LeftCount(s0)); add(93, s0t, st.RightCount(s0));
  add(94, b0w, st.LeftCount(b0)); add(95, b0t, st.LeftCount(b0)); add(96, s1t, st.RightCount(s1));
  add(97, s0t, st.LeftLabels(s0)); add(98, s0t, st.RightLabels(s0)); add(99, b0t, st.LeftLabels(b0));
  add(100, s1t, st.RightLabels(s1));
  // Clause breaks between the two words an arc would join.
  uint64_t commas = 0;
  if (s0 > 0 && b0 > 0)
    for (int w = s0 + 1; w < b0 && commas < 2; ++w) commas += input.punct_comma[w - 1] ? 1 : 0;
  add(110, s0t, b0t, commas);
  uint64_t commas_s = 0;
  if (s1 > 0 && s0 > 0)
    for (int w = s1 + 1; w < s0 && commas_s < 2; ++w) commas_s += input.punct_comma[w - 1] ? 1 : 0;
  add(111, s1t, s0t, commas_s);
  // Suffixes of the two words an arc would join (agreement, verb forms).
  if (s0 > 0) add(120, input.words[s0 - 1].suffix[1], b0t);
  if (b0 > 0) add(121, s0t, input.words[b0 - 1].suffix[1]);
}

void Parser::Allowed(const ParseState& st, const Transitions& ts, int root_label,
                     std::vector<bool>* allowed) {
  allowed->assign(ts.count(), false);
  (*allowed)[0] = st.CanShift();
  const bool left = st.CanLeft(), right = st.CanRight(), to_root = st.RightIsRoot();
  for (int l = 0; l < ts.labels; ++l) {
    const bool is_root = l == root_label;
    (*allowed)[ts.Left(l)] = left && !is_root;
    (*allowed)[ts.Right(l)] = right && (root_label < 0 || is_root == to_root);
  }
}

void Parser::Parse(const ParserInput& input, ParserOutput* out) const {
  const int n = static_cast<int>(input.words.size());
  ParseState st(n);
  std::vector<FeatureKey> features;
  features.reserve(96);
  std::vector<float> scores(transitions_.count());
  const int labels = transitions_.labels;
  while (!st.Terminal()) {
    const bool left = st.CanLeft(), right = st.CanRight();
    if (!left && !right) {  // only SHIFT: nothing to choose
      st.Apply(transitions_, 0);
      continue;
    }
    Features(input, st, &features);
    std::fill(scores.begin(), scores.end(), 0.0f);
    weights_.Score(features.data(), features.size(), scores.data());
    // The best allowed transition (as Allowed says, without building its
    // list): SHIFT, LEFT with any label but the root's, RIGHT with the
    // root's label exactly when it attaches to the root.
    int best = st.CanShift() ? 0 : -1;
    const bool to_root = st.RightIsRoot();
    for (int l = 0; left && l < labels; ++l) {
      const int t = transitions_.Left(l);
      if (l != root_label_ && (best < 0 || scores[t] > scores[best])) best = t;
    }
    for (int l = 0; right && l < labels; ++l) {
      const int t = transitions_.Right(l);
      if ((root_label_ < 0 || (l == root_label_) == to_root) && (best < 0 || scores[t] > scores[best]))
        best = t;
    }
    st.Apply(transitions_, best);
  }
  out->heads.assign(n, 0);
  out->labels.assign(n, std::max(root_label_, 0));
  for (int w = 1; w <= n; ++w) {
    out->heads[w - 1] = st.head(w);
    out->labels[w - 1] = st.label(w);
  }
}

Parser TrainParser(const std::vector<ParserExample>& examples,
                   const std::vector<std::string>& labels, const ParserTraining& options) {
  Transitions ts;
  ts.labels = static_cast<int>(labels.size());
  int root_label = -1;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == "root") root_label = static_cast<int>(i);
  Perceptron model(static_cast<size_t>(ts.count()));
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  uint64_t state = options.seed;
  std::vector<FeatureKey> features;
  std::vector<float> scores(ts.count());
  std::vector<int> costs;
  std::vector<bool> allowed;
  Parser best;
  double best_score = -1;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    DeterministicShuffle(&order, &state);
    for (size_t e : order) {
      const ParserExample& ex = examples[e];
      ParseState st(static_cast<int>(ex.input.words.size()));
      while (!st.Terminal()) {
        Parser::Features(ex.input, st, &features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        model.Score(features, scores.data());
        Parser::Allowed(st, ts, root_label, &allowed);
        TransitionCosts(st, ts, ex.gold_heads, ex.gold_labels, &costs);
        int guess = -1, gold = -1, cheapest = INT32_MAX;
        for (int t = 0; t < ts.count(); ++t)
          if (allowed[t] && costs[t] >= 0) cheapest = std::min(cheapest, costs[t]);
        for (int t = 0; t < ts.count(); ++t) {
          if (!allowed[t] || costs[t] < 0) continue;
          if (guess < 0 || scores[t] > scores[guess]) guess = t;
          if (costs[t] == cheapest && (gold < 0 || scores[t] > scores[gold])) gold = t;
        }
        if (costs[guess] > cheapest) model.Update(features, gold, guess);
        model.Tick();
        // Explore: after the first epoch, often go on from the model's own
        // (possibly wrong) choice; the oracle then says what is best from there.
        bool follow_guess = epoch > 0 &&
                            static_cast<double>(SplitMix64(&state) >> 11) * 0x1.0p-53 < options.explore;
        st.Apply(ts, follow_guess ? guess : gold);
      }
    }
    if (options.evaluate) {
      Parser candidate(model.Freeze(0.0, options.max_bytes), labels);
      double score = options.evaluate(candidate, epoch);
      if (score > best_score) {
        best_score = score;
        best = std::move(candidate);
      }
    }
  }
  if (!options.evaluate) best = Parser(model.Freeze(0.0, options.max_bytes), labels);
  return best;
}

}  // namespace vigie::parse
