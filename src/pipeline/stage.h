// The stage interface.
//
// A stage reads some layers of a Document and writes others. It declares
// both, like CoreNLP's Annotator.requires()/requirementsSatisfied(), so the
// pipeline can refuse a chain where a stage would read a layer nobody wrote.
// A stage instance belongs to one thread; the knowledge it loads is
// immutable and shared between instances through the ResourceCache.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"
#include "doc/document.h"

namespace vigie {

// Settings every stage may read; filled from the command line.
struct Config {
  std::string data_dir;                        // vigie's data/ folder
  std::string model_dir;                       // vigie's models/ folder (parse/<lang>.model)
  std::string hunspell_dir = "/usr/share/hunspell";
  std::string lang;                            // force a language ("" = detect)
  std::string published;                       // force a publication date
  std::string today;                           // YYYY-MM-DD a yearless dateline is placed before ("" = the clock's)
  size_t max_bytes = 16u << 20;                // larger articles are refused
  ArticleBudget budget;                        // time and memory per article (none by default here)
};

// What a stage returns when it finds the article's deadline passed while it
// works (doc.deadline.Expired()); the pipeline words the message.
inline Status OutOfTime() { return Status(ErrorCode::kOverTimeBudget, "time budget ran out"); }

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  virtual LayerSet requires_layers() const = 0;
  virtual LayerSet provides_layers() const = 0;
  // Annotates doc; a non-ok status is recorded against this document only.
  virtual Status Process(Document& doc) = 0;
};

// Loads each piece of shared knowledge once, whatever the number of stage
// instances (threads) that use it. Thread-safe, and pieces load at the same
// time: the lock covers the look-up only, and a caller that asks for a
// piece another is loading waits for that load. A failed load is not kept
// (the next caller tries again).
class ResourceCache {
 public:
  template <typename T>
  Result<std::shared_ptr<const T>> Get(
      const std::string& key,
      const std::function<Result<std::shared_ptr<const T>>()>& load) {
    std::promise<Loaded> promise;
    Pending pending;
    bool mine = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = items_.find(key);
      if (it == items_.end()) {
        pending = promise.get_future().share();
        items_.emplace(key, pending);
        mine = true;
      } else {
        pending = it->second;
      }
    }
    if (mine) {
      auto forget = [&] {
        std::lock_guard<std::mutex> lock(mu_);
        items_.erase(key);
      };
      try {
        Result<std::shared_ptr<const T>> loaded = load();
        if (loaded.ok()) {
          promise.set_value(Loaded(std::shared_ptr<const void>(*loaded)));
        } else {
          forget();
          promise.set_value(Loaded(loaded.status()));
        }
      } catch (...) {  // out of memory: the waiters get it too
        forget();
        promise.set_exception(std::current_exception());
        throw;
      }
    }
    const Loaded& got = pending.get();
    if (!got.ok()) return got.status();
    return std::static_pointer_cast<const T>(got.value());
  }

 private:
  using Loaded = Result<std::shared_ptr<const void>>;
  using Pending = std::shared_future<Loaded>;
  std::mutex mu_;
  std::map<std::string, Pending> items_;
};

// The factory of a stage built on one piece of shared knowledge, loaded by
// Knowledge::Load(data_dir) once per data folder.
template <typename StageType, typename Knowledge>
Result<std::unique_ptr<Stage>> MakeStageWithKnowledge(const Config& config, ResourceCache& cache,
                                                      std::string_view name) {
  auto knowledge = cache.Get<Knowledge>(std::string(name) + ":" + config.data_dir,
                                        [&] { return Knowledge::Load(config.data_dir); });
  if (!knowledge.ok()) return knowledge.status();
  return std::unique_ptr<Stage>(new StageType(*knowledge));
}

}  // namespace vigie
