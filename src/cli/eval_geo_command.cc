// `vigie eval-geo`: scores vigie's places against geoparsing gold (LGL,
// GeoVirus: gzip or plain XML), with the population baseline beside them.
//
// Each gold text goes through the pipeline up to the geocode stage, in
// English (both sets are English news); the places it gives are mapped
// back to the bytes of the gold text (the extract stage may drop or join
// lines) and scored by eval::GeoScore. The baseline is computed here, on
// the same gazetteer vigie uses: for each gold toponym, the most populous
// place of its folded name (any kind: town, region, country), or nothing
// when the gazetteer has no such name.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "base/data_file.h"
#include "base/utf8.h"
#include "cli/app.h"
#include "eval/geoparsing.h"
#include "geocode/gazetteer.h"
#include "ingest/gzip.h"

namespace vigie::cli {

namespace {

// The stages up to and including geocode, in the default order.
std::vector<std::string> StagesToGeocode() {
  std::vector<std::string> names = DefaultStageNames();
  auto it = std::find(names.begin(), names.end(), "geocode");
  if (it != names.end()) names.erase(it + 1, names.end());
  return names;
}

eval::GeoPrediction MostPopulous(const Gazetteer& gazetteer, std::string_view phrase) {
  eval::GeoPrediction p;
  uint32_t best_population = 0;
  for (const Posting& posting : gazetteer.Find(utf8::Fold(phrase))) {
    const PlaceRecord& r = gazetteer.place(posting.place);
    if (p.resolved && r.population <= best_population) continue;
    p.resolved = true;
    best_population = r.population;
    p.lat = r.lat;
    p.lon = r.lon;
    p.geonames_id = r.geonames_id;
  }
  return p;
}

}  // namespace

int RunEvalGeo(const EvalGeoOptions& options, std::ostream& out) {
  if (options.format != "text" && options.format != "json") {
    std::cerr << "vigie eval-geo: --format must be text or json\n";
    return 2;
  }
  CommonOptions common;
  common.data_dir = options.data_dir;
  common.lang = "en";
  Config config = MakeConfig(common);
  auto gazetteer = Gazetteer::Open(DefaultGazetteerSources(FindDataDir(options.data_dir)));
  if (!gazetteer.ok()) {
    std::cerr << "vigie eval-geo: " << gazetteer.status().ToString() << "\n";
    return 2;
  }
  Registry registry;
  RegisterStandardStages(registry);
  ResourceCache cache;
  auto pipeline = Pipeline::Build(registry, StagesToGeocode(), config, cache);
  if (!pipeline.ok()) {
    std::cerr << "vigie eval-geo: " << pipeline.status().ToString() << "\n";
    return 2;
  }

  nlohmann::json report = nlohmann::json::object();
  size_t failed = 0;
  for (const std::string& path : options.gold) {
    auto bytes = ReadFile(path);
    if (!bytes.ok()) {
      std::cerr << "vigie eval-geo: " << bytes.status().ToString() << "\n";
      return 2;
    }
    std::string xml = std::move(*bytes);
    if (IsGzip(xml)) {
      std::string plain;
      Status s = Gunzip(xml, size_t{1} << 31, &plain);
      if (!s.ok()) {
        std::cerr << "vigie eval-geo: " << path << ": " << s.ToString() << "\n";
        return 2;
      }
      xml = std::move(plain);
    }
    eval::GeoGold gold;
    eval::ReadGeoGold(xml, path, &gold);
    for (const std::string& w : gold.warnings) std::cerr << "vigie eval-geo: warning: " << w << "\n";
    if (gold.articles.empty()) {
      std::cerr << "vigie eval-geo: " << path << ": no article could be read\n";
      return 2;
    }
    if (options.limit > 0 && gold.articles.size() > options.limit) gold.articles.resize(options.limit);

    eval::GeoScore score;
    for (const eval::GeoArticle& article : gold.articles) {
      ReaderOptions reader;
      reader.lang = "en";
      Document doc;
      ParsePlainText(article.text, path, reader, &doc);
      doc.id = article.id;
      if (doc.status.ok()) {
        doc.layers = {Layer::kSource};
        pipeline->Run(doc);
      }
      std::vector<eval::GeoPrediction> system;
      if (!doc.status.ok()) {
        ++failed;
        std::cerr << "vigie eval-geo: " << path << " (" << article.id << "): " << doc.status.ToString()
                  << "\n";
      } else {
        for (const Place& place : doc.places) {
          const Span raw = doc.ToRaw(place.span);
          eval::GeoPrediction p;
          p.begin = raw.begin;
          p.end = raw.end;
          p.resolved = true;
          p.lat = place.lat;
          p.lon = place.lon;
          p.geonames_id = place.geonames_id;
          system.push_back(p);
        }
      }
      std::vector<eval::GeoPrediction> baseline;
      baseline.reserve(article.toponyms.size());
      for (const eval::GeoToponym& t : article.toponyms) baseline.push_back(MostPopulous(**gazetteer, t.phrase));
      score.Add(article, system, baseline);
    }
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (options.format == "json") {
      nlohmann::json j = score.ToJson();
      j["has_geonames_ids"] = gold.has_geonames_ids;
      report[name] = j;
    } else {
      score.WriteText(name, gold.has_geonames_ids, out, options.worst);
    }
  }
  if (options.format == "json")
    out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace vigie::cli
