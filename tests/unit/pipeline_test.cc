// Tests of pipeline construction: the layer chain is checked when built.
#include <gtest/gtest.h>

#include "pipeline/pipeline.h"
#include "test_util.h"

namespace vigie {
namespace {

TEST(Pipeline, RefusesAStageWhoseInputNobodyProvides) {
  ResourceCache cache;
  Registry registry;
  RegisterStandardStages(registry);
  auto p = Pipeline::Build(registry, {"extract", "segment"}, testing::TestConfig(), cache);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), ErrorCode::kPipelineBroken);
  EXPECT_EQ(p.status().message(),
            "stage 'segment' requires language, which no earlier stage provides");
}

TEST(Pipeline, RefusesAnUnknownStage) {
  ResourceCache cache;
  Registry registry;
  RegisterStandardStages(registry);
  auto p = Pipeline::Build(registry, {"extract", "chunk"}, testing::TestConfig(), cache);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "no stage named 'chunk'");
}

TEST(Pipeline, DefaultChainBuildsAndFillsEveryLayer) {
  Document doc = testing::Process("Titre court\n\nLe texte de l’article dit peu de choses.");
  for (Layer l : {Layer::kText, Layer::kMetadata, Layer::kParagraphs, Layer::kLanguage,
                  Layer::kSentences, Layer::kTokens, Layer::kMorphology})
    EXPECT_TRUE(doc.layers.Has(l)) << LayerName(l);
}

TEST(Pipeline, BadDataDirectoryFailsAtBuildNamingTheFile) {
  ResourceCache cache;
  Registry registry;
  RegisterStandardStages(registry);
  Config config = testing::TestConfig();
  config.data_dir = "/nonexistent/vigie-data";
  auto p = Pipeline::Build(registry, DefaultStageNames(), config, cache);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), ErrorCode::kBadDataFile);
  EXPECT_NE(p.status().message().find("/nonexistent/vigie-data/extract/boilerplate.txt"),
            std::string::npos)
      << p.status().message();
}

TEST(Pipeline, StageErrorStopsOnlyThatDocument) {
  Document bad = testing::Process("Lire aussi : rien\n\nPartager l’article", "", "", false);
  EXPECT_EQ(bad.status.code(), ErrorCode::kNoMainText);
  Document good = testing::Process("Un autre article, avec du texte.");
  EXPECT_TRUE(good.status.ok());
}

}  // namespace
}  // namespace vigie
