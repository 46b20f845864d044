// `vigie bench`: throughput of each stage on one thread, and peak memory.
//
// Articles are read once (timing ingest, files included), kept in memory,
// then run through the pipeline again and again until a minimum time has
// passed; the first pass (cold caches) is reported on its own. Memory: the
// process's peak, and the article whose own text, maps and layers
// (Document::MemoryBytes, what --max-article-memory bounds) are largest.

#include <chrono>
#include <cstdio>

#include "cli/app.h"

namespace vigie::cli {

namespace {

std::string Line(const std::string& name, double seconds, size_t docs, double mb, size_t tokens) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "  %-10s %10.1f articles/s %9.2f MB/s %11.0f tokens/s %10.3f ms total\n",
                name.c_str(), seconds > 0 ? static_cast<double>(docs) / seconds : 0.0,
                seconds > 0 ? mb / seconds : 0.0,
                seconds > 0 ? static_cast<double>(tokens) / seconds : 0.0, seconds * 1000);
  return buf;
}

}  // namespace

int RunBench(const CommonOptions& options, double min_seconds, std::ostream& out) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  Config config = MakeConfig(options);
  ResourceCache cache;
  auto pipeline = BuildDefaultPipeline(config, cache);
  if (!pipeline.ok()) {
    out << "vigie bench: " << pipeline.status().ToString() << "\n";
    return 2;
  }
  double startup = std::chrono::duration<double>(Clock::now() - start).count();

  // Ingest once, keeping the articles.
  std::vector<Document> docs;
  size_t raw_bytes = 0;
  auto t0 = Clock::now();
  Reader reader(options.paths, MakeReaderOptions(options));
  Document doc;
  while (reader.Next(&doc)) {
    if (!doc.status.ok()) continue;
    raw_bytes += doc.raw.size();
    docs.push_back(std::move(doc));
  }
  double ingest = std::chrono::duration<double>(Clock::now() - t0).count();
  if (docs.empty()) {
    out << "vigie bench: no readable article\n";
    return 1;
  }
  const double mb = static_cast<double>(raw_bytes) / 1e6;

  pipeline->set_timed(true);
  size_t tokens = 0;  // per pass
  size_t most_memory = 0, most_memory_raw = 0;
  auto run_pass = [&] {
    tokens = 0;
    for (const Document& d : docs) {
      Document copy;
      copy.id = d.id;
      copy.raw = d.raw;
      copy.source = d.source;
      copy.source_map = d.source_map;
      copy.published = d.published;
      copy.title_hint = d.title_hint;
      copy.lang_hint = d.lang_hint;
      copy.layers = {Layer::kSource};
      pipeline->Run(copy);
      tokens += copy.tokens.size();
      if (const size_t m = copy.MemoryBytes(); m > most_memory) {
        most_memory = m;
        most_memory_raw = copy.raw.size();
      }
    }
  };
  auto total_of = [&] {
    std::chrono::nanoseconds total{0};
    for (const auto& t : pipeline->timings()) total += t.total;
    return std::chrono::duration<double>(total).count();
  };
  run_pass();
  double cold = total_of();
  pipeline->ResetTimings();
  size_t passes = 0;
  auto bench_start = Clock::now();
  do {
    run_pass();
    ++passes;
  } while (std::chrono::duration<double>(Clock::now() - bench_start).count() < min_seconds);

  char head[256];
  std::snprintf(head, sizeof head,
                "vigie bench: %zu articles, %.2f MB of raw text, %zu passes on 1 thread\n"
                "  start-up (data files, dictionaries): %.1f ms\n",
                docs.size(), mb, passes, startup * 1000);
  out << head;
  out << Line("ingest", ingest, docs.size(), mb, tokens);
  for (const auto& t : pipeline->timings()) {
    double s = std::chrono::duration<double>(t.total).count() / static_cast<double>(passes);
    out << Line(t.name, s, docs.size(), mb, tokens);
  }
  double steady = total_of() / static_cast<double>(passes);
  out << Line("all", steady, docs.size(), mb, tokens);
  out << Line("all, cold", cold, docs.size(), mb, tokens);
  char tail[256];
  std::snprintf(tail, sizeof tail,
                "  peak resident memory: %.1f MiB\n"
                "  largest article in memory: %.1f MiB of text, maps and layers for %.2f MB of raw bytes (%.0fx)\n",
                PeakRssMiB(), static_cast<double>(most_memory) / (1 << 20),
                static_cast<double>(most_memory_raw) / 1e6,
                most_memory_raw > 0 ? static_cast<double>(most_memory) / static_cast<double>(most_memory_raw) : 0.0);
  out << tail;
  return 0;
}

}  // namespace vigie::cli
