// Fuzz target: a plain-text article through the whole default pipeline.
//
// The bytes are read with ParsePlainText; an accepted article then runs
// through every default stage (extract, langid, segment, morph), built once
// from vigie's own data/ folder. When the pipeline succeeds, the layers
// must be consistent: paragraphs, sentences and tokens lie inside the clean
// text on UTF-8 boundaries, tokens are non-empty, in increasing order and
// non-overlapping, each sentence lies inside its paragraph and holds its
// tokens, and every token maps back to a non-inverted span of the raw bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_check.h"
#include "ingest/reader.h"
#include "pipeline/pipeline.h"

namespace {

vigie::Pipeline& DefaultPipeline() {
  static vigie::Pipeline* pipeline = [] {
    static vigie::Registry registry;
    static vigie::ResourceCache cache;
    vigie::RegisterStandardStages(registry);
    vigie::Config config;
    config.data_dir = VIGIE_SOURCE_DATA_DIR;
    config.model_dir = VIGIE_SOURCE_MODEL_DIR;
    auto built = vigie::Pipeline::Build(registry, vigie::DefaultStageNames(), config, cache);
    if (!built.ok()) {
      std::fprintf(stderr, "cannot build the default pipeline: %s\n",
                   built.status().ToString().c_str());
      std::abort();
    }
    return new vigie::Pipeline(std::move(*built));
  }();
  return *pipeline;
}

bool SpanInside(vigie::Span inner, vigie::Span outer) {
  return inner.begin <= inner.end && outer.begin <= inner.begin && inner.end <= outer.end;
}

void CheckLayers(const vigie::Document& doc) {
  using vigie::fuzz::IsBoundary;
  const std::string_view text = doc.text;
  const vigie::Span whole{0, static_cast<uint32_t>(text.size())};

  for (const vigie::Paragraph& p : doc.paragraphs) {
    VIGIE_FUZZ_CHECK(SpanInside(p.span, whole));
    VIGIE_FUZZ_CHECK(IsBoundary(text, p.span.begin) && IsBoundary(text, p.span.end));
    VIGIE_FUZZ_CHECK(static_cast<uint64_t>(p.first_sentence) + p.sentence_count <=
                     doc.sentences.size());
  }

  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const vigie::Sentence& s = doc.sentences[i];
    VIGIE_FUZZ_CHECK(SpanInside(s.span, whole));
    VIGIE_FUZZ_CHECK(IsBoundary(text, s.span.begin) && IsBoundary(text, s.span.end));
    VIGIE_FUZZ_CHECK(s.paragraph < doc.paragraphs.size());
    VIGIE_FUZZ_CHECK(SpanInside(s.span, doc.paragraphs[s.paragraph].span));
    VIGIE_FUZZ_CHECK(static_cast<uint64_t>(s.first_token) + s.token_count <= doc.tokens.size());
    for (uint32_t t = s.first_token; t < s.first_token + s.token_count; ++t) {
      VIGIE_FUZZ_CHECK(doc.tokens[t].sentence == i);
      VIGIE_FUZZ_CHECK(SpanInside({doc.tokens[t].begin, doc.tokens[t].end}, s.span));
    }
    if (i > 0) VIGIE_FUZZ_CHECK(doc.sentences[i - 1].span.end <= s.span.begin);
  }

  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const vigie::Token& t = doc.tokens[i];
    VIGIE_FUZZ_CHECK(t.begin < t.end);
    VIGIE_FUZZ_CHECK(t.end <= text.size());
    VIGIE_FUZZ_CHECK(IsBoundary(text, t.begin));
    VIGIE_FUZZ_CHECK(IsBoundary(text, t.end));
    if (i > 0) VIGIE_FUZZ_CHECK(doc.tokens[i - 1].end <= t.begin);
    VIGIE_FUZZ_CHECK(t.sentence < doc.sentences.size());
    VIGIE_FUZZ_CHECK(static_cast<uint64_t>(t.lemma_offset) + t.lemma_length <=
                     doc.lemma_pool.size());
    const vigie::Span raw = doc.ToRaw({t.begin, t.end});
    VIGIE_FUZZ_CHECK(raw.begin <= raw.end);
    VIGIE_FUZZ_CHECK(raw.end <= doc.raw.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigie::Pipeline& pipeline = DefaultPipeline();
  vigie::ReaderOptions options;
  options.max_bytes = 1u << 20;
  vigie::Document doc;
  vigie::ParsePlainText(std::string(reinterpret_cast<const char*>(data), size), "fuzz.txt",
                        options, &doc);
  if (!doc.status.ok()) return 0;
  if (!pipeline.Run(doc).ok()) return 0;
  CheckLayers(doc);
  return 0;
}
