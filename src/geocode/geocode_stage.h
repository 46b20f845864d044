// The geocode stage: place mentions resolved to GeoNames with the article as
// context.
//
// Names are found by longest match over capitalised tokens against the
// gazetteer's folded names ("Deir ez-Zor", "Palmyre", "Syrie"); a hyphenated
// direction points into the place it is attached to ("Alep-Est" is in
// Aleppo). Each name's candidates are ranked by:
//   - how the name belongs to the candidate: the catalogue name in the
//     article's language ("Palmyre" is the French name of Tadmur), GeoNames'
//     own name, another language's name, or an unlabelled alternate name;
//   - what it is: a country before a town of that name, a capital before a
//     regional seat before a village; a historical place or a neighbourhood
//     last; and its population;
//   - the article: the countries it names (actor mentions, "syrien" too, and
//     places), the regions it names, a region or country right after the name
//     ("Paris, au Texas"), and other places already resolved within 150 km.
// A name with no candidate strong enough is dropped rather than guessed:
// a capitalised common word ("Selon"), a first name before a surname
// ("Vladimir Poutine"), a village known by an unlabelled alternate name in
// a country the article never names. Each place keeps its evidence: the
// name, the reasons its candidate won, and the runners-up.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "base/data_file.h"
#include "geocode/gazetteer.h"
#include "pipeline/stage.h"

namespace vigie {

// The cue words of data/geocode/cues.txt, per language.
struct GeocodeCues {
  struct Words {
    std::unordered_set<std::string> direction, article, region, linker, calendar;
    // "outside Kabul", "190 km north of Bangui": the name is measured from.
    std::unordered_set<std::string> near, compass, unit, between, within;
    // "the Burkina Faso border": nouns a country name before them locates.
    std::unordered_set<std::string> area;
  };
  std::unordered_map<std::string, Words> by_language;
  static Result<GeocodeCues> Read(const DataSource& read);
};

struct GeocodeKnowledge {
  std::shared_ptr<const Gazetteer> gazetteer;
  GeocodeCues cues;

  static Result<std::shared_ptr<const GeocodeKnowledge>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const GeocodeKnowledge>> Make(
      std::shared_ptr<const Gazetteer> gazetteer, const DataSource& read);
};

class GeocodeStage : public Stage {
 public:
  explicit GeocodeStage(std::shared_ptr<const GeocodeKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "geocode"; }
  LayerSet requires_layers() const override {
    return {Layer::kLanguage, Layer::kTokens, Layer::kMorphology, Layer::kMentions};
  }
  LayerSet provides_layers() const override { return {Layer::kPlaces}; }
  Status Process(Document& doc) override;

 private:
  std::shared_ptr<const GeocodeKnowledge> knowledge_;
};

Result<std::unique_ptr<Stage>> MakeGeocodeStage(const Config& config, ResourceCache& cache);

}  // namespace vigie
