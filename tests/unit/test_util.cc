// Test helpers; see test_util.h.
#include "test_util.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ingest/reader.h"

namespace vigie::testing {

Config TestConfig() {
  Config c;
  c.data_dir = VIGIE_SOURCE_DATA_DIR;
  c.model_dir = VIGIE_SOURCE_MODEL_DIR;
  // The day of the run, fixed: a dateline without a year ("LAGOS, Nov 3")
  // is placed before it, so golden files do not change with the clock.
  c.today = "2024-12-31";
  return c;
}

Pipeline& DefaultPipeline() {
  static ResourceCache* cache = new ResourceCache();
  static Pipeline* pipeline = [] {
    Registry registry;
    RegisterStandardStages(registry);
    auto p = Pipeline::Build(registry, DefaultStageNames(), TestConfig(), *cache);
    if (!p.ok()) {
      ADD_FAILURE() << p.status().ToString();
      std::abort();
    }
    return new Pipeline(std::move(*p));
  }();
  return *pipeline;
}

Document Process(const std::string& text, const std::string& lang,
                 const std::string& published, bool expect_ok) {
  ReaderOptions options;
  options.lang = lang;
  options.published = published;
  Document doc;
  ParsePlainText(text, "test.txt", options, &doc);
  if (doc.status.ok()) DefaultPipeline().Run(doc);
  if (expect_ok) { EXPECT_TRUE(doc.status.ok()) << doc.status.ToString(); }
  return doc;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace vigie::testing
