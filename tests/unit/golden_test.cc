// Golden tests: each bundled sample through `vigie extract`, compared with
// tests/golden/<sample>.json, which a reviewer reads next to the sample
// (title, byline, agency, outlet, language, removed boilerplate with its
// reason, clean text and its sentences). After a deliberate change, rewrite
// them with VIGIE_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <filesystem>
#include <fstream>

#include "cli/app.h"
#include "ingest/reader.h"
#include "test_util.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

nlohmann::ordered_json GoldenJson(const Document& doc) {
  nlohmann::ordered_json j = cli::ExtractJson(doc);
  j.erase("path");
  nlohmann::ordered_json sentences = nlohmann::ordered_json::array();
  for (const Sentence& s : doc.sentences) sentences.push_back(doc.Slice(s.span));
  j["sentences"] = std::move(sentences);
  return j;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedFile) {
  const fs::path input = fs::path(VIGIE_SAMPLES_DIR) / GetParam();
  const fs::path expected = fs::path(VIGIE_GOLDEN_DIR) / (input.stem().string() + ".json");
  nlohmann::ordered_json actual = nlohmann::ordered_json::array();
  Reader reader({input.string()}, ReaderOptions());
  Document doc;
  while (reader.Next(&doc)) {
    if (doc.status.ok()) testing::DefaultPipeline().Run(doc);
    actual.push_back(GoldenJson(doc));
  }
  const char* update = std::getenv("VIGIE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected) << actual.dump(2) << "\n";
    GTEST_SKIP() << "rewrote " << expected;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " is missing: run with VIGIE_UPDATE_GOLDEN=1";
  auto want = nlohmann::ordered_json::parse(testing::Slurp(expected.string()));
  ASSERT_EQ(want.size(), actual.size());
  for (size_t i = 0; i < want.size(); ++i) {
    for (const auto& [key, value] : want[i].items()) {
      EXPECT_EQ(actual[i][key], value) << GetParam() << " article " << i << " key " << key;
    }
    EXPECT_EQ(actual[i].size(), want[i].size()) << "keys differ in " << GetParam();
  }
}

std::vector<std::string> SampleNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(VIGIE_SAMPLES_DIR)) {
    std::string ext = e.path().extension().string();
    if (ext == ".txt" || ext == ".jsonl") names.push_back(e.path().filename().string());
  }
  // Web pages, in samples/html/.
  for (const auto& e : fs::directory_iterator(fs::path(VIGIE_SAMPLES_DIR) / "html"))
    if (e.path().extension() == ".html") names.push_back("html/" + e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Samples, Golden, ::testing::ValuesIn(SampleNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// The seed article of ../shared, when it is there (it is not in a user's
// checkout): the conditions of its gold file's "extraction" block.
TEST(Seed, MeetsTheGoldExtractionConditions) {
  fs::path gold = fs::path(VIGIE_SHARED_DIR) / "gold/seed/palmyre-20minutes-afp.gold.json";
  if (!fs::exists(gold)) GTEST_SKIP() << "no ../shared beside the checkout";
  auto g = nlohmann::json::parse(testing::Slurp(gold.string()));
  fs::path text = gold.parent_path() / g["text_file"].get<std::string>();
  ReaderOptions options;
  options.published = g["published"].get<std::string>();
  Reader reader({text.string()}, options);
  Document doc;
  ASSERT_TRUE(reader.Next(&doc));
  testing::DefaultPipeline().Run(doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_EQ(doc.language, g["lang"].get<std::string>());
  EXPECT_EQ(doc.title.value, g["title"].get<std::string>());
  EXPECT_EQ(doc.agency.value, g["agency"].get<std::string>());
  EXPECT_EQ(doc.outlet.value, g["outlet"].get<std::string>());
  const auto& x = g["extraction"];
  for (const auto& s : x["body_must_not_contain"])
    EXPECT_EQ(doc.text.find(s.get<std::string>()), std::string::npos) << s;
  for (const auto& s : x["body_must_contain"])
    EXPECT_NE(doc.text.find(s.get<std::string>()), std::string::npos) << s;
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = doc.text.find(needle); at != std::string::npos; at = doc.text.find(needle, at + 1)) ++n;
    return n;
  };
  if (x["title_appears_once_in_body"].get<bool>()) { EXPECT_EQ(count(doc.title.value), 1u); }
  EXPECT_EQ(count(x["byline_appears_once_in_body"].get<std::string>()), 1u);

  // Every place of the gold events is found, and every "Palmyre" is the
  // Syrian one: not Palmyra of New York or Pennsylvania.
  std::set<uint32_t> found;
  for (const Place& p : doc.places) {
    found.insert(p.geonames_id);
    if (doc.Slice(p.span) == "Palmyre") {
      EXPECT_EQ(p.geonames_id, 163808u) << p.evidence.rule;
    }
    EXPECT_NE(p.country, "US") << doc.Slice(p.span) << " " << p.evidence.rule;
  }
  for (const auto& e : g["events"]) {
    const auto& place = e["place"];
    EXPECT_EQ(found.count(place["geonames_id"].get<uint32_t>()), 1u) << place.dump();
    EXPECT_EQ(place["country"].get<std::string>(), "SY");
  }
}

}  // namespace
}  // namespace vigie
