// The parallel run loop: one reader, N workers, one consumer, in input order.
//
// The reader (its own thread) takes items from `read` in order and puts them
// in a window of at most `window` items in flight; each worker runs
// `process(worker, item)` (its own Pipeline, its own scratch, the shared
// read-only knowledge; and whatever per-item work can be done out of order,
// such as writing the JSON); the calling thread hands every item to
// `consume` in the order `read` gave them, so the output does not depend on
// the number of threads. With one worker there are no threads at all: the
// plain loop read, process, consume.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vigie {

struct ParallelOptions {
  size_t workers = 1;
  size_t window = 0;  // items in flight; 0: 4 x workers
};

// The number of threads --threads 0 (the default) means: every core.
size_t DefaultThreads();

// Which item of the window may be touched by whom; see parallel.cc.
class InOrderRing {
 public:
  explicit InOrderRing(size_t size);
  size_t size() const { return states_.size(); }
  bool WaitFree(size_t n);  // reader: item n's slot is free (false: stop)
  void MarkRead(size_t n);
  void ReaderDone();
  bool Take(size_t* n);     // worker: the oldest item read and not taken (false: none will come)
  void MarkDone(size_t n);
  bool WaitDone(size_t n);  // consumer: item n is processed (false: there is no item n)
  void Free(size_t n);
  void Stop();              // everyone returns false from now on

 private:
  enum class State { kFree, kRead, kTaken, kDone };
  State& At(size_t n) { return states_[n % states_.size()]; }

  std::vector<State> states_;
  std::mutex mu_;
  std::condition_variable freed_, work_, done_;
  size_t read_ = 0;       // items read so far
  size_t next_work_ = 0;  // the next item a worker takes
  bool reader_done_ = false;
  bool stop_ = false;
};

// Runs until `read` returns false and every item read was consumed. `read`
// fills a default-constructed Item. `consume` may throw (a database error):
// the reader and workers are then stopped and joined, and the exception
// goes on to the caller. `process` must not throw.
template <typename Item>
void RunInOrder(const ParallelOptions& options, const std::function<bool(Item*)>& read,
                const std::function<void(size_t worker, Item& item)>& process,
                const std::function<void(Item& item)>& consume) {
  const size_t workers = options.workers == 0 ? 1 : options.workers;
  if (workers == 1) {
    for (Item item; read(&item); item = Item()) {
      process(0, item);
      consume(item);
    }
    return;
  }
  InOrderRing ring(options.window == 0 ? 4 * workers : options.window);
  std::vector<Item> slots(ring.size());
  std::exception_ptr reader_error;
  std::vector<std::jthread> threads;
  threads.emplace_back([&] {
    try {
      for (size_t n = 0; ring.WaitFree(n); ++n) {
        if (!read(&slots[n % slots.size()])) break;
        ring.MarkRead(n);
      }
    } catch (...) {
      reader_error = std::current_exception();
    }
    ring.ReaderDone();
  });
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (size_t n; ring.Take(&n);) {
        process(w, slots[n % slots.size()]);
        ring.MarkDone(n);
      }
    });
  }
  try {
    for (size_t n = 0; ring.WaitDone(n); ++n) {
      Item& item = slots[n % slots.size()];
      consume(item);
      item = Item();
      ring.Free(n);
    }
  } catch (...) {
    ring.Stop();
    threads.clear();  // joins
    throw;
  }
  threads.clear();
  if (reader_error) std::rethrow_exception(reader_error);
}

}  // namespace vigie
