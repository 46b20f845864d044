// Resource bounds of one article: a time budget and a memory bound.
//
// A bad article must never stall or sink a whole run. The pipeline gives
// each article a Deadline when it starts; it checks the deadline and the
// article's memory between stages, and the stages whose work grows with the
// article (segment, morph, parse, geocode, time, quantity) poll the deadline
// as they go, so an article over its budget stops within one sentence or one
// place name of running out, and fails with E701 (or E702 for memory) while
// the run goes on with the next one. Polling costs one read of the monotonic
// clock (vDSO, tens of nanoseconds).
#pragma once

#include <chrono>
#include <cstddef>

namespace vigie {

struct ArticleBudget {
  double seconds = 0;       // time for the whole pipeline on one article; 0: none
  size_t memory_bytes = 0;  // the article's own layers (Document::MemoryBytes); 0: none
};

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  // A deadline that never expires.
  Deadline() = default;
  // `seconds` from now; none when seconds <= 0.
  static Deadline After(double seconds) {
    Deadline d;
    if (seconds > 0) {
      d.armed_ = true;
      d.start_ = Clock::now();
      d.at_ = d.start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    }
    return d;
  }
  bool armed() const { return armed_; }
  bool Expired() const { return armed_ && Clock::now() > at_; }
  // Seconds since the deadline was set (0 when it is not armed).
  double Elapsed() const {
    return armed_ ? std::chrono::duration<double>(Clock::now() - start_).count() : 0;
  }

 private:
  bool armed_ = false;
  Clock::time_point start_{}, at_{};
};

}  // namespace vigie
