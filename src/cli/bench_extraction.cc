// `vigie bench-extraction`: the extract stage on the article-extraction
// benchmark (../shared/bench/article-extraction: html/<id>.html.gz pages and
// ground-truth.json), scored with the benchmark's metric
// (extraction_score.h), and timed.
//
// Pages are gunzipped and read into memory first (not timed). Each pass
// then times, on one thread, what vigie does to a page: charset sniffing
// and decoding (ParseHtml), and the extract stage (pre-scan, gumbo parse,
// content scoring, metadata, line passes). The body paragraphs (title and
// byline left out, as the ground truth has the article body only) are
// scored. --score FILE scores another extractor's output instead, to check
// the metric against the published figures.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/app.h"
#include "cli/extraction_score.h"
#include "base/data_file.h"
#include "ingest/gzip.h"
#include "ingest/html_reader.h"

namespace vigie::cli {

namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> ReadArticleBodies(const nlohmann::json& j) {
  const nlohmann::json& items = j.contains("output") && j["output"].is_object() ? j["output"] : j;
  std::map<std::string, std::string> out;
  for (const auto& [id, v] : items.items()) {
    if (!v.is_object()) continue;
    auto it = v.find("articleBody");
    out[id] = it != v.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  return out;
}

std::string BodyOf(const Document& doc) {
  std::string out;
  for (const Paragraph& p : doc.paragraphs) {
    if (p.kind != ParagraphKind::kBody && p.kind != ParagraphKind::kLede) continue;
    if (!out.empty()) out += "\n\n";
    out += doc.Slice(p.span);
  }
  return out;
}

void Print(const ExtractionScore& s, std::ostream& out) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  precision %.4f  recall %.4f  F1 %.4f  accuracy %.4f  (%zu pages)\n",
                s.precision, s.recall, s.f1, s.accuracy, s.pages);
  out << buf;
}

}  // namespace

int RunBenchExtraction(const BenchExtractionOptions& o, std::ostream& out) {
  const fs::path dir = o.dir;
  std::ifstream truth_file(dir / "ground-truth.json");
  if (!truth_file) {
    std::cerr << "vigie bench-extraction: no ground-truth.json in " << dir << "\n";
    return 2;
  }
  auto truth_json = nlohmann::json::parse(truth_file, nullptr, false);
  if (truth_json.is_discarded()) {
    std::cerr << "vigie bench-extraction: ground-truth.json does not parse\n";
    return 2;
  }
  const std::map<std::string, std::string> truth = ReadArticleBodies(truth_json);

  if (!o.score_file.empty()) {
    std::ifstream f(o.score_file);
    auto j = nlohmann::json::parse(f, nullptr, false);
    if (!f || j.is_discarded()) {
      std::cerr << "vigie bench-extraction: cannot read " << o.score_file << "\n";
      return 2;
    }
    out << "vigie bench-extraction: " << o.score_file << "\n";
    Print(ScoreExtraction(truth, ReadArticleBodies(j)), out);
    return 0;
  }

  // Pages in memory.
  struct Page {
    std::string id, url, html;
  };
  std::vector<Page> pages;
  size_t bytes = 0;
  for (const auto& [id, body] : truth) {
    auto gz = ReadFile((dir / "html" / (id + ".html.gz")).string());
    if (!gz.ok()) {
      std::cerr << "vigie bench-extraction: " << gz.status().ToString() << "\n";
      return 2;
    }
    Page p{id, truth_json[id].value("url", ""), {}};
    Status s = Gunzip(*gz, 64u << 20, &p.html);
    if (!s.ok()) {
      std::cerr << "vigie bench-extraction: " << id << ": " << s.ToString() << "\n";
      return 2;
    }
    bytes += p.html.size();
    pages.push_back(std::move(p));
  }

  CommonOptions common;
  common.data_dir = o.data_dir;
  Config config = MakeConfig(common);
  ResourceCache cache;
  Registry registry;
  RegisterStandardStages(registry);
  const StageFactory* factory = registry.Find("extract");
  auto stage = factory->make(config, cache);
  if (!stage.ok()) {
    std::cerr << "vigie bench-extraction: " << stage.status().ToString() << "\n";
    return 2;
  }
  ReaderOptions reader_options;
  reader_options.max_bytes = 64u << 20;

  std::map<std::string, std::string> predicted;
  std::map<std::string, std::string> errors;
  using Clock = std::chrono::steady_clock;
  double best = 1e30;
  Document doc;
  for (int pass = 0; pass < std::max(1, o.passes); ++pass) {
    double seconds = 0;
    for (const Page& p : pages) {
      auto t0 = Clock::now();
      ParseHtml(p.html, p.id, "", reader_options, &doc);
      doc.url = p.url;
      if (doc.status.ok()) doc.status = (*stage)->Process(doc);
      seconds += std::chrono::duration<double>(Clock::now() - t0).count();
      if (pass == 0) {
        if (doc.status.ok()) predicted[p.id] = BodyOf(doc);
        else errors[p.id] = doc.status.ToString();
        if (!o.dump_dir.empty()) {
          std::ofstream(fs::path(o.dump_dir) / (p.id + ".txt")) << predicted[p.id];
        }
      }
    }
    best = std::min(best, seconds);
  }
  ExtractionScore score = ScoreExtraction(truth, predicted);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "vigie bench-extraction: %zu pages, %.1f MB of HTML, %d passes on 1 thread\n",
                pages.size(), static_cast<double>(bytes) / 1e6, std::max(1, o.passes));
  out << buf;
  Print(score, out);
  std::snprintf(buf, sizeof buf, "  %.1f pages/s, %.1f MB/s, %.2f ms per page (best pass: decode + extract)\n",
                static_cast<double>(pages.size()) / best, static_cast<double>(bytes) / 1e6 / best,
                best * 1000 / static_cast<double>(pages.size()));
  out << buf;
  for (const auto& [id, e] : errors) out << "  error " << id << ": " << e << "\n";
  if (o.per_page) {
    std::vector<PageScore> ps = score.per_page;
    std::sort(ps.begin(), ps.end(), [](const PageScore& a, const PageScore& b) {
      return a.precision + a.recall < b.precision + b.recall;
    });
    for (const PageScore& s : ps) {
      std::snprintf(buf, sizeof buf, "  %s  P %.3f  R %.3f%s\n", s.id.c_str(), s.precision, s.recall,
                    s.exact ? "  exact" : "");
      out << buf;
    }
  }
  return 0;
}

}  // namespace vigie::cli
