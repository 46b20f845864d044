// The bookkeeping of RunInOrder (parallel.h): a ring of `size` slots, item
// number n in slot n % size, each slot free, read, taken by a worker or
// done. The reader fills the slot of the next number once the consumer has
// freed it; a worker takes the oldest read item; the consumer waits for the
// next number it owes to be done. One mutex guards the states and counters;
// the items themselves are touched outside it, by the one thread the state
// gives the slot to (the mutex orders those accesses).
#include "pipeline/parallel.h"

namespace vigie {

size_t DefaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

InOrderRing::InOrderRing(size_t size) : states_(size == 0 ? 1 : size, State::kFree) {}

bool InOrderRing::WaitFree(size_t n) {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return stop_ || At(n) == State::kFree; });
  return !stop_;
}

void InOrderRing::MarkRead(size_t n) {
  {
    std::lock_guard lock(mu_);
    At(n) = State::kRead;
    read_ = n + 1;
  }
  work_.notify_one();
}

void InOrderRing::ReaderDone() {
  {
    std::lock_guard lock(mu_);
    reader_done_ = true;
  }
  work_.notify_all();
  done_.notify_all();
}

bool InOrderRing::Take(size_t* n) {
  std::unique_lock lock(mu_);
  work_.wait(lock, [&] { return stop_ || next_work_ < read_ || reader_done_; });
  if (stop_ || next_work_ >= read_) return false;
  *n = next_work_++;
  At(*n) = State::kTaken;
  return true;
}

void InOrderRing::MarkDone(size_t n) {
  {
    std::lock_guard lock(mu_);
    At(n) = State::kDone;
  }
  done_.notify_all();
}

bool InOrderRing::WaitDone(size_t n) {
  std::unique_lock lock(mu_);
  done_.wait(lock, [&] { return stop_ || (n < read_ && At(n) == State::kDone) || (reader_done_ && n >= read_); });
  return !stop_ && n < read_ && At(n) == State::kDone;
}

void InOrderRing::Free(size_t n) {
  {
    std::lock_guard lock(mu_);
    At(n) = State::kFree;
  }
  freed_.notify_one();
}

void InOrderRing::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  freed_.notify_all();
  work_.notify_all();
  done_.notify_all();
}

}  // namespace vigie
