// Arc-hybrid transitions and their costs; see transition.h.
#include "parse/transition.h"

namespace vigie::parse {

ParseState::ParseState(int words)
    : n_(words),
      heads_(words + 1, -1),
      labels_(words + 1, -1),
      left_(words + 1, {-1, -1}),
      right_(words + 1, {-1, -1}),
      left_count_(words + 1, 0),
      right_count_(words + 1, 0),
      left_labels_(words + 1, 0),
      right_labels_(words + 1, 0) {
  stack_.reserve(words + 1);
  stack_.push_back(0);
}

void ParseState::AddArc(int head, int dep, int label) {
  heads_[dep] = head;
  labels_[dep] = label;
  const uint64_t bit = uint64_t{1} << (label & 63);
  if (dep < head) {
    // The two outermost dependents on each side, by position.
    auto& l = left_[head];
    if (l[0] == -1 || dep < l[0]) {
      l[1] = l[0];
      l[0] = dep;
    } else if (l[1] == -1 || dep < l[1]) {
      l[1] = dep;
    }
    ++left_count_[head];
    left_labels_[head] |= bit;
  } else {
    auto& r = right_[head];
    if (r[0] == -1 || dep > r[0]) {
      r[1] = r[0];
      r[0] = dep;
    } else if (r[1] == -1 || dep > r[1]) {
      r[1] = dep;
    }
    ++right_count_[head];
    right_labels_[head] |= bit;
  }
}

void ParseState::Apply(const Transitions& ts, int t) {
  if (Transitions::IsShift(t)) {
    stack_.push_back(buffer_++);
  } else if (ts.IsLeft(t)) {
    int dep = stack_.back();
    stack_.pop_back();
    AddArc(buffer_, dep, ts.Label(t));
  } else {
    int dep = stack_.back();
    stack_.pop_back();
    AddArc(stack_.back(), dep, ts.Label(t));
  }
}

void TransitionCosts(const ParseState& state, const Transitions& ts,
                     const std::vector<int>& gold_heads, const std::vector<int>& gold_labels,
                     std::vector<int>* costs) {
  costs->assign(ts.count(), -1);
  const int n = state.words();
  const int b0 = state.buffer_front();
  const std::vector<int>& stack = state.stack();
  const int s0 = stack.back();
  const int s1 = stack.size() >= 2 ? stack[stack.size() - 2] : -1;
  auto in_buffer = [&](int w) { return w >= b0 && w <= n; };
  // Gold dependents of w still in the buffer (they are lost when w is popped).
  auto buffer_children = [&](int w) {
    int c = 0;
    for (int d = b0; d <= n; ++d) c += gold_heads[d] == w;
    return c;
  };
  if (state.CanShift()) {
    int c = 0;
    for (size_t k = 0; k < stack.size(); ++k) {
      int w = stack[k];
      if (w != s0 && gold_heads[b0] == w) ++c;  // b0 can no longer take its head from deep in the stack
      if (w != 0 && gold_heads[w] == b0) ++c;    // nor its dependents there
    }
    (*costs)[0] = c;
  }
  if (state.CanLeft()) {
    const int gh = gold_heads[s0];
    int base = buffer_children(s0);
    if (gh != b0 && (gh == s1 || in_buffer(gh))) ++base;
    for (int l = 0; l < ts.labels; ++l)
      (*costs)[ts.Left(l)] = base + (gh == b0 && gold_labels[s0] != l ? 1 : 0);
  }
  if (state.CanRight()) {
    const int gh = gold_heads[s0];
    int base = buffer_children(s0);
    if (in_buffer(gh)) ++base;
    for (int l = 0; l < ts.labels; ++l)
      (*costs)[ts.Right(l)] = base + (gh == s1 && gold_labels[s0] != l ? 1 : 0);
  }
}

}  // namespace vigie::parse
