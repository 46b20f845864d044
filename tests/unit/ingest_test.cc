// Tests of ingest: JSON strings with their offset map, JSON lines, plain
// text checks, and a reader that records bad articles and goes on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ingest/reader.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

TEST(JsonString, DecodesEscapesAndMapsBack) {
  std::string raw = R"({"text":"tu\u00e9s \"ici\" \ud83d\ude00 fin"})";
  size_t begin = raw.find("\"tu");
  std::string out;
  OffsetMap map;
  ASSERT_TRUE(DecodeJsonString(raw, begin, &out, &map).ok());
  EXPECT_EQ(out, "tués \"ici\" 😀 fin");
  // "tués" maps to the raw "tu\u00e9s".
  EXPECT_EQ(raw.substr(map.MapBegin(0), map.MapEnd(5) - map.MapBegin(0)), "tu\\u00e9s");
  // "fin" is verbatim.
  size_t fin = out.find("fin");
  EXPECT_EQ(raw.substr(map.MapBegin(static_cast<uint32_t>(fin)), 3), "fin");
}

TEST(JsonString, RejectsBadEscapesAndLoneSurrogatesBecomeReplacement) {
  std::string out;
  OffsetMap map;
  EXPECT_EQ(DecodeJsonString(R"("a\qb")", 0, &out, &map).code(), ErrorCode::kMalformedJson);
  EXPECT_EQ(DecodeJsonString(R"("open)", 0, &out, &map).code(), ErrorCode::kMalformedJson);
  ASSERT_TRUE(DecodeJsonString(R"("x\ud800y")", 0, &out, &map).ok());
  EXPECT_EQ(out, "x\xEF\xBF\xBDy");
}

TEST(JsonLine, ReadsFields) {
  Document doc;
  ParseJsonLine(R"({"id":"a1","url":"https://n.example/x","published":"2024-03-17T08:00:00Z",)"
                R"("title":"Titre","lang":"FR","text":"Corps de l\u2019article."})",
                "wire.jsonl", 7, ReaderOptions(), &doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_EQ(doc.id, "a1");
  EXPECT_EQ(doc.url, "https://n.example/x");
  EXPECT_EQ(doc.published, "2024-03-17");
  EXPECT_EQ(doc.title_hint, "Titre");
  EXPECT_EQ(doc.lang_hint, "fr");
  EXPECT_EQ(doc.source, "Corps de l’article.");
  EXPECT_EQ(doc.line, 7u);
}

TEST(JsonLine, NumericIdAndCommandLineOverrides) {
  ReaderOptions o;
  o.published = "2020-01-02";
  o.lang = "en";
  Document doc;
  ParseJsonLine(R"({"id":42,"published":"2024-01-01","lang":"fr","text":"x y z"})", "f.jsonl", 1,
                o, &doc);
  EXPECT_EQ(doc.id, "42");
  EXPECT_EQ(doc.published, "2020-01-02");
  EXPECT_EQ(doc.lang_hint, "en");
}

TEST(JsonLine, ErrorsAreNumbered) {
  Document doc;
  ParseJsonLine("{not json", "f.jsonl", 3, ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kMalformedJson);
  EXPECT_EQ(doc.id, "f:3");
  ParseJsonLine(R"({"id":"x","title":"no body"})", "f.jsonl", 4, ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kMissingField);
  // An html field makes an HTML document (the page decoded from the JSON string).
  ParseJsonLine(R"({"id":"x","html":"<p>hi &amp; \"bye\"</p>"})", "f.jsonl", 5, ReaderOptions(), &doc);
  EXPECT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_EQ(doc.content, ContentType::kHtml);
  EXPECT_EQ(doc.source, "<p>hi &amp; \"bye\"</p>");
  ParseJsonLine(R"({"id":"x","text":"   "})", "f.jsonl", 6, ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kEmptyInput);
  ParseJsonLine(R"({"id":"x","text":"a\u0000b"})", "f.jsonl", 7, ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kBinaryInput);
  ParseJsonLine(R"({"id":"x","published":"last week","text":"ok text"})", "f.jsonl", 8,
                ReaderOptions(), &doc);
  EXPECT_TRUE(doc.status.ok());
  EXPECT_EQ(doc.published, "");
  ASSERT_EQ(doc.warnings.size(), 1u);
}

TEST(PlainText, ChecksAndBom) {
  Document doc;
  ParsePlainText("\xEF\xBB\xBFTitre\n\nCorps.", "a.txt", ReaderOptions(), &doc);
  ASSERT_TRUE(doc.status.ok());
  EXPECT_EQ(doc.source, "Titre\n\nCorps.");
  EXPECT_EQ(doc.source_map.MapBegin(0), 3u);
  EXPECT_EQ(doc.id, "a");
  ParsePlainText("caf\xE9 au lait", "b.txt", ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kInvalidUtf8);
  EXPECT_NE(doc.status.message().find("byte 3"), std::string::npos);
  ParsePlainText("", "c.txt", ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kEmptyInput);
  ReaderOptions small;
  small.max_bytes = 10;
  ParsePlainText("more than ten bytes", "d.txt", small, &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kTooLarge);
}

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigie-reader-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  fs::path dir_;
};

TEST_F(ReaderTest, BadArticlesAreRecordedAndTheRunGoesOn) {
  Write("a-good.txt", "Titre\n\nUn article valide.");
  Write("b-binary.txt", std::string("\x7F" "ELF\0\0\0\x02", 8));
  Write("c-empty.txt", "");
  Write("d-bad-utf8.txt", "Valide puis \xC3\x28 invalide");
  Write("e-lines.jsonl",
        "{\"id\":\"j1\",\"text\":\"premier\"}\n"
        "\n"
        "{broken\n"
        "{\"id\":\"j3\",\"text\":\"troisième\"}\n");
  Write("f-ignored.md", "not an article");
  ReaderOptions options;
  Reader reader({dir_.string()}, options);
  std::vector<std::pair<std::string, ErrorCode>> seen;
  Document doc;
  while (reader.Next(&doc)) seen.emplace_back(doc.id, doc.status.code());
  std::vector<std::pair<std::string, ErrorCode>> want = {
      {"a-good", ErrorCode::kOk},         {"b-binary", ErrorCode::kBinaryInput},
      {"c-empty", ErrorCode::kEmptyInput}, {"d-bad-utf8", ErrorCode::kInvalidUtf8},
      {"j1", ErrorCode::kOk},             {"e-lines:3", ErrorCode::kMalformedJson},
      {"j3", ErrorCode::kOk}};
  EXPECT_EQ(seen, want);
}

TEST_F(ReaderTest, OversizedFileAndLineAreRefusedWithoutReadingThemWhole) {
  Write("big.txt", std::string(2000, 'a'));
  Write("lines.jsonl", "{\"text\":\"" + std::string(2000, 'b') + "\"}\n{\"id\":\"ok\",\"text\":\"fine\"}\n");
  ReaderOptions options;
  options.max_bytes = 1000;
  Reader reader({(dir_ / "big.txt").string(), (dir_ / "lines.jsonl").string(),
                 (dir_ / "missing.txt").string()},
                options);
  Document doc;
  ASSERT_TRUE(reader.Next(&doc));
  EXPECT_EQ(doc.status.code(), ErrorCode::kTooLarge);
  ASSERT_TRUE(reader.Next(&doc));
  EXPECT_EQ(doc.status.code(), ErrorCode::kTooLarge);
  EXPECT_EQ(doc.id, "lines:1");
  ASSERT_TRUE(reader.Next(&doc));
  EXPECT_TRUE(doc.status.ok());
  EXPECT_EQ(doc.id, "ok");
  ASSERT_TRUE(reader.Next(&doc));
  EXPECT_EQ(doc.status.code(), ErrorCode::kIoError);
  EXPECT_FALSE(reader.Next(&doc));
}

}  // namespace
}  // namespace vigie
