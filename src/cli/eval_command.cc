// `vigie eval`: scores vigie (or another system's event records) against
// gold files.
//
// Without --events, each gold text goes through the default pipeline with
// the gold's publication date and language, and the events it codes are
// compared with the gold's. With --events FILE, the event records already
// in FILE (JSON lines, grouped by their "article_ids") are compared instead,
// and no pipeline is built; --write-articles FILE writes the gold texts as
// the JSON-line articles such records are made from (another version of
// vigie, another coder). Matching and scoring are vigie::eval's. CASE
// 2021 snippets also need data/eval/case2021.txt, read (and checked) only
// when there are some.
#include <algorithm>
#include <fstream>
#include <iostream>

#include "cli/app.h"
#include "code/codebook.h"
#include "eval/case2021.h"
#include "eval/gold.h"
#include "eval/report.h"

namespace vigie::cli {

namespace {

// The events of a gold document in the records, by its id or an alias.
std::vector<eval::SystemEvent> EventsFor(const eval::GoldDocument& gold,
                                         const eval::SystemEventSet& records,
                                         std::set<std::string>* used) {
  auto it = records.by_article.find(gold.id);
  for (size_t i = 0; it == records.by_article.end() && i < gold.aliases.size(); ++i)
    it = records.by_article.find(gold.aliases[i]);
  if (it == records.by_article.end()) return {};
  used->insert(it->first);
  return it->second;
}

}  // namespace

int RunEval(const EvalOptions& options, std::ostream& out) {
  if (options.format != "text" && options.format != "json") {
    std::cerr << "vigie eval: --format must be text or json\n";
    return 2;
  }
  CommonOptions common;
  common.data_dir = options.data_dir;
  Config config = MakeConfig(common);
  auto codebook = Codebook::Load(config.data_dir);
  if (!codebook.ok()) {
    std::cerr << "vigie eval: " << codebook.status().ToString() << "\n";
    return 2;
  }
  eval::GoldSet gold;
  for (const std::string& path : options.gold) eval::ReadGold(path, codebook->get(), &gold);
  eval::Evaluation evaluation;
  for (const Status& e : gold.errors) {
    std::cerr << "vigie eval: " << e.ToString() << "\n";
    evaluation.AddError(e);
  }
  for (const std::string& w : gold.warnings) std::cerr << "vigie eval: warning: " << w << "\n";
  if (gold.documents.empty()) {
    std::cerr << "vigie eval: no gold document could be read\n";
    return 2;
  }
  if (std::any_of(gold.documents.begin(), gold.documents.end(),
                  [](const eval::GoldDocument& g) { return g.kind == eval::GoldKind::kCaseLabel; })) {
    auto map = eval::CaseLabelMap::Load(DataDirectory(config.data_dir), **codebook);
    if (!map.ok()) {
      std::cerr << "vigie eval: " << map.status().ToString() << "\n";
      return 2;
    }
    evaluation.SetCaseLabels(*map);
  }

  if (!options.write_articles.empty()) {
    std::ofstream file(options.write_articles, std::ios::binary | std::ios::trunc);
    for (const eval::GoldDocument& g : gold.documents) {
      nlohmann::ordered_json line = {{"id", g.id}, {"lang", g.lang}, {"text", g.text}};
      if (!g.published.empty()) line["published"] = g.published;
      file << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    if (!file.flush()) {
      std::cerr << "vigie eval: cannot write " << options.write_articles << "\n";
      return 2;
    }
    std::cerr << "vigie eval: " << gold.documents.size() << " gold texts written to "
              << options.write_articles << "\n";
    return 0;
  }

  if (!options.events.empty()) {
    eval::SystemEventSet records;
    eval::ReadEventRecords(options.events, codebook->get(), &records);
    for (const Status& e : records.errors) {
      std::cerr << "vigie eval: " << e.ToString() << "\n";
      evaluation.AddError(e);
    }
    std::set<std::string> used;
    for (eval::GoldDocument& g : gold.documents) {
      std::vector<eval::SystemEvent> events = EventsFor(g, records, &used);
      evaluation.Add(std::move(g), std::move(events));
    }
    size_t others = records.by_article.size() - used.size();
    if (others > 0)
      std::cerr << "vigie eval: " << others << " article id(s) of " << options.events
                << " have no gold document; their events are not scored\n";
  } else {
    ResourceCache cache;
    auto pipeline = BuildDefaultPipeline(config, cache);
    if (!pipeline.ok()) {
      std::cerr << "vigie eval: " << pipeline.status().ToString() << "\n";
      return 2;
    }
    for (eval::GoldDocument& g : gold.documents) {
      ReaderOptions reader;
      reader.published = g.published;
      reader.lang = g.lang;
      Document doc;
      ParsePlainText(g.text, g.path, reader, &doc);
      doc.id = g.id;
      if (doc.status.ok()) {
        doc.layers = {Layer::kSource};
        pipeline->Run(doc);
      }
      if (!doc.status.ok())
        std::cerr << "vigie eval: " << g.Where() << " (" << g.id << "): " << doc.status.ToString()
                  << "\n";
      std::vector<eval::SystemEvent> events = eval::SystemEventsOf(doc);
      if (g.kind == eval::GoldKind::kCaseLabel)
        for (eval::SystemEvent& h : eval::SystemHazardsOf(doc)) events.push_back(std::move(h));
      for (eval::SystemEvent& e : events) {
        std::string canonical = (*codebook)->CanonicalPlover(e.plover);
        if (!canonical.empty()) e.plover = canonical;
      }
      evaluation.Add(std::move(g), std::move(events), doc.status);
    }
  }

  if (options.format == "json") {
    out << evaluation.ToJson().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    evaluation.WriteText(out);
  }
  return evaluation.errors().empty() && evaluation.failed_articles() == 0 ? 0 : 1;
}

}  // namespace vigie::cli
