// The run loop (UDPipe's habit: short and obvious).
#include "pipeline/pipeline.h"

namespace vigie {

Result<Pipeline> Pipeline::Build(const Registry& registry,
                                 const std::vector<std::string>& names,
                                 const Config& config, ResourceCache& cache,
                                 LayerSet initial) {
  Pipeline p;
  LayerSet have = initial;
  for (const std::string& name : names) {
    const StageFactory* factory = registry.Find(name);
    if (factory == nullptr)
      return Status(ErrorCode::kPipelineBroken, "no stage named '" + name + "'");
    auto stage = factory->make(config, cache);
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

Status Pipeline::Run(Document& doc) {
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
