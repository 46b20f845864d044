// The run loop (UDPipe's habit: short and obvious), with each article's
// budget checked after every stage (and polled by the stages themselves).
#include "pipeline/pipeline.h"

#include <cstdio>
#include <future>
#include <vector>

namespace vigie {

Result<Pipeline> Pipeline::Build(const Registry& registry,
                                 const std::vector<std::string>& names,
                                 const Config& config, ResourceCache& cache,
                                 LayerSet initial) {
  Pipeline p;
  p.budget_ = config.budget;
  LayerSet have = initial;
  std::vector<const StageFactory*> factories;
  for (const std::string& name : names) {
    const StageFactory* factory = registry.Find(name);
    if (factory == nullptr)
      return Status(ErrorCode::kPipelineBroken, "no stage named '" + name + "'");
    factories.push_back(factory);
  }
  // The stages are made at the same time, each on its own thread: they load
  // their knowledge independently (through the cache), which is most of
  // the start-up. The first stage is made on this thread.
  using Made = Result<std::unique_ptr<Stage>>;
  std::vector<std::future<Made>> others;
  for (size_t i = 1; i < factories.size(); ++i)
    others.push_back(std::async(std::launch::async, [&, f = factories[i]] { return f->make(config, cache); }));
  std::vector<Made> made;
  if (!factories.empty()) made.push_back(factories[0]->make(config, cache));
  for (auto& f : others) made.push_back(f.get());
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    Made& stage = made[i];
    if (!stage.ok()) return stage.status();
    LayerSet missing = (*stage)->requires_layers().Minus(have);
    if (!missing.empty()) {
      return Status(ErrorCode::kPipelineBroken,
                    "stage '" + name + "' requires " + missing.ToString() +
                        ", which no earlier stage provides");
    }
    have.Add((*stage)->provides_layers());
    p.timings_.push_back({name, {}, 0});
    p.stages_.push_back(std::move(*stage));
  }
  return p;
}

namespace {

std::string Mib(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

}  // namespace

Status Pipeline::Run(Document& doc) {
  doc.deadline = Deadline::After(budget_.seconds);
  for (size_t i = 0; i < stages_.size() && doc.status.ok(); ++i) {
    Stage& stage = *stages_[i];
    auto start = timed_ ? std::chrono::steady_clock::now()
                        : std::chrono::steady_clock::time_point();
    doc.status = stage.Process(doc);
    if (doc.status.ok()) doc.layers.Add(stage.provides_layers());
    if (timed_) {
      timings_[i].total += std::chrono::steady_clock::now() - start;
      ++timings_[i].documents;
    }
    if (doc.status.code() == ErrorCode::kOverTimeBudget || (doc.status.ok() && doc.deadline.Expired())) {
      char spent[96];
      std::snprintf(spent, sizeof spent, "%g s (--time-budget) ran out in stage '%.*s' after %.3f s",
                    budget_.seconds, static_cast<int>(stage.name().size()), stage.name().data(),
                    doc.deadline.Elapsed());
      doc.status = Status(ErrorCode::kOverTimeBudget, std::string("the article's time budget of ") + spent);
    } else if (doc.status.ok() && budget_.memory_bytes > 0) {
      if (const size_t bytes = doc.MemoryBytes(); bytes > budget_.memory_bytes)
        doc.status = Status(ErrorCode::kOverMemoryBudget,
                            "the article's layers hold " + Mib(bytes) + " after stage '" +
                                std::string(stage.name()) + "', more than --max-article-memory " +
                                Mib(budget_.memory_bytes));
    }
  }
  return doc.status;
}

void Pipeline::ResetTimings() {
  for (auto& t : timings_) {
    t.total = std::chrono::nanoseconds(0);
    t.documents = 0;
  }
}

}  // namespace vigie
