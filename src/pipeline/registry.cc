// The registry and the one function that lists vigie's stages.
#include "pipeline/registry.h"

#include "code/code_stage.h"
#include "extract/extract_stage.h"
#include "geocode/geocode_stage.h"
#include "langid/langid_stage.h"
#include "morph/morph_stage.h"
#include "parse/parse_stage.h"
#include "quantity/quantity_stage.h"
#include "recognise/recognise_stage.h"
#include "segment/segment_stage.h"
#include "time/time_stage.h"

namespace vigie {

void Registry::Register(StageFactory factory) {
  factories_.push_back(std::move(factory));
}

const StageFactory* Registry::Find(std::string_view name) const {
  for (const auto& f : factories_)
    if (f.name == name) return &f;
  return nullptr;
}

void RegisterStandardStages(Registry& registry) {
  registry.Register({"extract", "clean text, title, byline, boilerplate removal",
                     MakeExtractStage});
  registry.Register({"langid", "document and paragraph language (CLD2)",
                     MakeLangidStage});
  registry.Register({"segment", "sentences and tokens (ICU)", MakeSegmentStage});
  registry.Register({"morph", "lemma and part of speech (Hunspell, Snowball)",
                     MakeMorphStage});
  registry.Register({"parse", "UD words, part of speech, head and relation (own tagger and parser)",
                     MakeParseStage});
  registry.Register({"recognise", "actor mentions: states, sectors, groups, organisations",
                     MakeRecogniseStage});
  registry.Register({"geocode", "place mentions resolved to GeoNames in context",
                     MakeGeocodeStage});
  registry.Register({"time", "dates and date ranges resolved against publication",
                     MakeTimeStage});
  registry.Register({"quantity", "counts of killed, wounded, strikes, tanks, with qualifiers",
                     MakeQuantityStage});
  registry.Register({"code", "events: who did what to whom, where, when, who says so",
                     MakeCodeStage});
}

std::vector<std::string> DefaultStageNames() {
  return {"extract", "langid", "segment", "morph", "parse", "recognise", "geocode", "time", "quantity", "code"};
}

}  // namespace vigie
