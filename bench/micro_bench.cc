// Micro-benchmarks: the tokenizer, the morphological analysis with a warm
// cache, and the default pipeline, on the bundled French and English samples.
//   build/bench/vigie_micro_bench
#include <benchmark/benchmark.h>

#include <memory>

#include "ingest/reader.h"
#include "morph/analyzer.h"
#include "pipeline/pipeline.h"
#include "segment/segment_knowledge.h"
#include "segment/tokenizer.h"

namespace vigie {
namespace {

struct Fixture {
  ResourceCache cache;
  std::unique_ptr<Pipeline> pipeline;
  std::vector<Document> docs;  // fully processed samples
  size_t bytes = 0;

  Fixture() {
    Config config;
    config.data_dir = VIGIE_SOURCE_DATA_DIR;
    config.model_dir = VIGIE_SOURCE_MODEL_DIR;
    Registry registry;
    RegisterStandardStages(registry);
    auto p = Pipeline::Build(registry, DefaultStageNames(), config, cache);
    if (!p.ok()) std::abort();
    pipeline = std::make_unique<Pipeline>(std::move(*p));
    Reader reader({VIGIE_SAMPLES_DIR}, ReaderOptions());
    Document doc;
    while (reader.Next(&doc)) {
      if (!doc.status.ok()) continue;
      pipeline->Run(doc);
      bytes += doc.raw.size();
      docs.push_back(std::move(doc));
    }
  }
};

Fixture& Samples() {
  static Fixture* f = new Fixture();
  return *f;
}

void BM_Tokenize(benchmark::State& state) {
  Fixture& f = Samples();
  auto knowledge = SegmentKnowledge::Load(VIGIE_SOURCE_DATA_DIR);
  std::vector<Token> tokens;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const Document& doc : f.docs) {
      for (const Sentence& s : doc.sentences) {
        tokens.clear();
        Tokenize(doc.text, s.span, doc.language, (*knowledge)->For(doc.language), &tokens);
        benchmark::DoNotOptimize(tokens.data());
      }
      bytes += doc.text.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Tokenize);

void BM_MorphWarmCache(benchmark::State& state) {
  Fixture& f = Samples();
  MorphAnalyzer analyzer("/usr/share/hunspell/fr.aff", "/usr/share/hunspell/fr.dic", "french",
                         nullptr, true);
  size_t tokens = 0;
  for (auto _ : state) {
    for (const Document& doc : f.docs)
      for (const Token& t : doc.tokens) {
        benchmark::DoNotOptimize(&analyzer.Analyze(doc.Form(t)));
        ++tokens;
      }
  }
  state.SetItemsProcessed(static_cast<int64_t>(tokens));
}
BENCHMARK(BM_MorphWarmCache);

void BM_Pipeline(benchmark::State& state) {
  Fixture& f = Samples();
  for (auto _ : state) {
    for (const Document& d : f.docs) {
      Document copy;
      copy.raw = d.raw;
      copy.source = d.source;
      copy.source_map = d.source_map;
      copy.lang_hint = d.lang_hint;
      f.pipeline->Run(copy);
      benchmark::DoNotOptimize(copy.tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.docs.size()));
}
BENCHMARK(BM_Pipeline);

}  // namespace
}  // namespace vigie

BENCHMARK_MAIN();
