// `vigie bench`: throughput of each stage on one thread, then of the whole
// pipeline on 1..N threads (--threads), and peak memory.
//
// Articles are read once (timing ingest, files included), kept in memory,
// then run through the pipeline again and again until a minimum time has
// passed; the first pass (cold caches) is reported on its own. Memory: the
// process's peak, and the article whose own text, maps and layers
// (Document::MemoryBytes, what --max-article-memory bounds) are largest.

#include <chrono>
#include <cstdio>

#include "cli/app.h"
#include "pipeline/parallel.h"

namespace vigie::cli {

namespace {

// What one pass holds: articles, MB of raw text, sentences and tokens.
struct Work {
  size_t docs = 0;
  double mb = 0;
  size_t sentences = 0;
  size_t tokens = 0;
};

std::string Line(const std::string& name, double seconds, const Work& w) {
  char buf[240];
  auto per_s = [seconds](double n) { return seconds > 0 ? n / seconds : 0.0; };
  std::snprintf(buf, sizeof buf,
                "  %-10s %10.1f articles/s %9.2f MB/s %9.0f sentences/s %11.0f tokens/s %10.3f ms total\n",
                name.c_str(), per_s(static_cast<double>(w.docs)), per_s(w.mb),
                per_s(static_cast<double>(w.sentences)), per_s(static_cast<double>(w.tokens)), seconds * 1000);
  return buf;
}

}  // namespace

// One timed run of every article through `threads` workers (RunInOrder, as
// code and ingest do), repeated until min_seconds of wall time: the wall
// throughput, and per stage the documents per second of stage time summed
// over the workers, times the workers (what the stage gives if it alone ran).
// Returns the wall seconds per pass.
double SweepLine(const std::vector<Document>& docs, const Config& config, ResourceCache& cache,
               size_t threads, double min_seconds, const Work& work, double base, std::ostream& out) {
  using Clock = std::chrono::steady_clock;
  auto pipelines = BuildDefaultPipelines(config, cache, threads);
  if (!pipelines.ok()) return 0;
  for (Pipeline& p : *pipelines) p.set_timed(true);
  size_t passes = 0;
  auto start = Clock::now();
  double wall = 0;
  do {
    size_t next = 0;
    RunInOrder<Document>(
        {.workers = threads},
        [&](Document* copy) {
          if (next == docs.size()) return false;
          const Document& d = docs[next++];
          copy->id = d.id;
          copy->raw = d.raw;
          copy->source = d.source;
          copy->source_map = d.source_map;
          copy->published = d.published;
          copy->title_hint = d.title_hint;
          copy->lang_hint = d.lang_hint;
          copy->layers = {Layer::kSource};
          return true;
        },
        [&](size_t worker, Document& doc) { (*pipelines)[worker].Run(doc); }, [](Document&) {});
    ++passes;
    wall = std::chrono::duration<double>(Clock::now() - start).count();
  } while (wall < min_seconds);
  const double per_pass = wall / static_cast<double>(passes);
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %zu thread%s: %zu passes, x%.2f the throughput of 1 thread\n", threads,
                threads == 1 ? "" : "s", passes, base > 0 ? base / per_pass : 1.0);
  out << buf;
  out << Line("all, wall", per_pass, work);
  const auto& names = (*pipelines)[0].timings();
  for (size_t i = 0; i < names.size(); ++i) {
    std::chrono::nanoseconds sum{0};
    for (const Pipeline& p : *pipelines) sum += p.timings()[i].total;
    const double s = std::chrono::duration<double>(sum).count() / static_cast<double>(passes * threads);
    out << Line(names[i].name, s, work);
  }
  return per_pass;
}

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
  Work work;  // per pass
  work.docs = docs.size();
  work.mb = mb;
  size_t most_memory = 0, most_memory_raw = 0;
  auto run_pass = [&] {
    work.sentences = work.tokens = 0;
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
      work.sentences += copy.sentences.size();
      work.tokens += copy.tokens.size();
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
                "vigie bench: %zu articles, %.2f MB of raw text, %zu sentences, %zu tokens, %zu passes on 1 thread\n"
                "  start-up (data files, dictionaries): %.1f ms\n",
                docs.size(), mb, work.sentences, work.tokens, passes, startup * 1000);
  out << head;
  out << Line("ingest", ingest, work);
  for (const auto& t : pipeline->timings()) {
    double s = std::chrono::duration<double>(t.total).count() / static_cast<double>(passes);
    out << Line(t.name, s, work);
  }
  double steady = total_of() / static_cast<double>(passes);
  out << Line("all", steady, work);
  out << Line("all, cold", cold, work);
  char tail[256];
  std::snprintf(tail, sizeof tail,
                "  peak resident memory: %.1f MiB\n"
                "  largest article in memory: %.1f MiB of text, maps and layers for %.2f MB of raw bytes (%.0fx)\n",
                PeakRssMiB(), static_cast<double>(most_memory) / (1 << 20),
                static_cast<double>(most_memory_raw) / 1e6,
                most_memory_raw > 0 ? static_cast<double>(most_memory) / static_cast<double>(most_memory_raw) : 0.0);
  out << tail;

  // --threads N (or every core, by default): the same for 1..N threads.
  const size_t threads = WorkerThreads(options);
  if (threads > 1) {
    out << "vigie bench: 1.." << threads << " threads (one reader, N pipelines; per stage: its "
        << "time summed over the threads, shared out between them)\n";
    double base = 0;
    for (size_t t = 1; t <= threads; ++t) {
      const double per_pass = SweepLine(docs, config, cache, t, min_seconds, work, base, out);
      if (t == 1) base = per_pass;
    }
  }
  return 0;
}

}  // namespace vigie::cli
