// The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
// 2011) and its dynamic oracle (Goldberg and Nivre 2013).
//
// Words are numbered 1..n; 0 is the root, at the bottom of the stack from
// the start. SHIFT moves the first buffer word onto the stack; LEFT(l)
// makes the first buffer word the head of the stack's top and pops it;
// RIGHT(l) makes the word under the top its head and pops it. A right arc
// from the root is allowed only once the buffer is empty, so every parse
// has exactly one root. The oracle gives each transition's cost: how many
// gold arcs (head and label) it makes unreachable; training follows any
// zero-cost transition, which lets it learn from its own mistakes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigie::parse {

// A transition as a class of the classifier: 0 SHIFT, 1+l LEFT(l),
// 1+L+l RIGHT(l) for L labels.
struct Transitions {
  int labels = 0;
  int count() const { return 1 + 2 * labels; }
  static bool IsShift(int t) { return t == 0; }
  bool IsLeft(int t) const { return t >= 1 && t <= labels; }
  bool IsRight(int t) const { return t > labels; }
  int Label(int t) const { return t == 0 ? -1 : (t - 1) % labels; }
  int Left(int label) const { return 1 + label; }
  int Right(int label) const { return 1 + labels + label; }
};

class ParseState {
 public:
  explicit ParseState(int words);
  int words() const { return n_; }
  bool Terminal() const { return buffer_ > n_ && stack_.size() == 1; }
  bool CanShift() const { return buffer_ <= n_; }
  bool CanLeft() const { return stack_.size() >= 2 && buffer_ <= n_; }
  bool CanRight() const { return stack_.size() >= 3 || (stack_.size() == 2 && buffer_ > n_); }
  // True when the next right arc would attach the top to the root.
  bool RightIsRoot() const { return stack_.size() == 2; }
  void Apply(const Transitions& ts, int t);

  // The i-th word from the top of the stack / start of the buffer, or -1.
  int Stack(std::size_t i) const {
    return i < stack_.size() ? stack_[stack_.size() - 1 - i] : -1;
  }
  int Buffer(int i) const { return buffer_ + i <= n_ ? buffer_ + i : -1; }
  const std::vector<int>& stack() const { return stack_; }
  int buffer_front() const { return buffer_; }

  // The tree so far: head and label of each word (index 1..n), -1 if none.
  int head(int w) const { return heads_[w]; }
  int label(int w) const { return labels_[w]; }
  const std::vector<int>& heads() const { return heads_; }
  const std::vector<int>& labels() const { return labels_; }
  // Leftmost/rightmost dependents (k = 0 the outermost, 1 the next), or -1.
  int LeftChild(int w, int k) const { return w < 0 ? -1 : left_[w][k]; }
  int RightChild(int w, int k) const { return w < 0 ? -1 : right_[w][k]; }
  int LeftCount(int w) const { return w < 0 ? 0 : left_count_[w]; }
  int RightCount(int w) const { return w < 0 ? 0 : right_count_[w]; }
  uint64_t LeftLabels(int w) const { return w < 0 ? 0 : left_labels_[w]; }
  uint64_t RightLabels(int w) const { return w < 0 ? 0 : right_labels_[w]; }

 private:
  void AddArc(int head, int dep, int label);
  int n_;
  std::vector<int> stack_;
  int buffer_ = 1;
  std::vector<int> heads_, labels_;
  std::vector<std::array<int, 2>> left_, right_;
  std::vector<int> left_count_, right_count_;
  std::vector<uint64_t> left_labels_, right_labels_;
};

// Costs of every transition in `state` against a projective gold tree
// (gold_heads/gold_labels indexed 1..n, [0] unused); -1 for transitions
// that are not allowed.
void TransitionCosts(const ParseState& state, const Transitions& ts,
                     const std::vector<int>& gold_heads, const std::vector<int>& gold_labels,
                     std::vector<int>* costs);

}  // namespace vigie::parse
