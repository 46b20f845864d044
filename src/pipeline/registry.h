// The explicit registry of stages (spaCy's register_factories(): one
// function lists them all, no static initialisers a linker could drop).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/stage.h"

namespace vigie {

struct StageFactory {
  std::string name;
  std::string description;
  std::function<Result<std::unique_ptr<Stage>>(const Config&, ResourceCache&)> make;
};

class Registry {
 public:
  void Register(StageFactory factory);
  const StageFactory* Find(std::string_view name) const;
  const std::vector<StageFactory>& factories() const { return factories_; }

 private:
  std::vector<StageFactory> factories_;
};

// Registers every stage vigie ships, in pipeline order.
void RegisterStandardStages(Registry& registry);

// The stages of the default pipeline so far, in order.
std::vector<std::string> DefaultStageNames();

}  // namespace vigie
