// A pipeline: an ordered list of stage instances, checked when built.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/registry.h"

namespace vigie {

class Pipeline {
 public:
  // Instantiates the named stages and checks that each one's required
  // layers are provided by the input (`initial`) or an earlier stage.
  static Result<Pipeline> Build(const Registry& registry,
                                const std::vector<std::string>& names,
                                const Config& config, ResourceCache& cache,
                                LayerSet initial = {Layer::kSource});

  // Runs every stage on doc, stopping at the first failure, which is left in
  // doc.status. Returns doc.status. The article gets the configured budget:
  // past its time (E701) or memory (E702) it fails after, or within, the
  // stage that ran over, and the stage is named.
  Status Run(Document& doc);

  // Time spent in each stage since construction (for `vigie bench`).
  struct StageTiming {
    std::string name;
    std::chrono::nanoseconds total{0};
    uint64_t documents = 0;
  };
  const std::vector<StageTiming>& timings() const { return timings_; }
  void ResetTimings();
  void set_timed(bool timed) { timed_ = timed; }
  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
  std::vector<StageTiming> timings_;
  ArticleBudget budget_;
  bool timed_ = false;
};

}  // namespace vigie
