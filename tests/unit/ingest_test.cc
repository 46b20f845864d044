// Tests of ingest: JSON strings with their offset map, JSON lines, plain
// text checks, and a reader that records bad articles and goes on, cuts
// lines byte for byte (NUL, BOM, CRLF, lines across its read buffer) and
// reads stdin as it reads files.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ingest/reader.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;  // "...\0..."s keeps its NUL bytes

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
  // Latin-1 / windows-1252 text is decoded as a page would be, with a
  // warning that names the first byte that is not UTF-8.
  ParsePlainText("caf\xE9 au lait", "b.txt", ReaderOptions(), &doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_EQ(doc.source, "caf\xC3\xA9 au lait");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].find("byte 3"), std::string::npos) << doc.warnings[0];
  EXPECT_NE(doc.warnings[0].find("windows-1252"), std::string::npos) << doc.warnings[0];
  // UTF-16 with its byte-order mark.
  ParsePlainText(std::string("\xFF\xFEO\0u\0i\0", 8), "u.txt", ReaderOptions(), &doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_EQ(doc.source, "Oui");
  EXPECT_NE(doc.warnings.at(0).find("UTF-16"), std::string::npos);
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
  Write("f-notes.MD", "Titre\n\nUn article en Markdown.");
  Write("g-scan.pdf", "%PDF-1.4");
  Write("README", "what this folder holds");
  Write(".hidden.txt", "not read");
  ReaderOptions options;
  Reader reader({dir_.string()}, options);
  std::vector<std::pair<std::string, ErrorCode>> seen;
  Document doc;
  while (reader.Next(&doc)) seen.emplace_back(doc.id, doc.status.code());
  std::vector<std::pair<std::string, ErrorCode>> want = {
      {"a-good", ErrorCode::kOk},         {"b-binary", ErrorCode::kBinaryInput},
      {"c-empty", ErrorCode::kEmptyInput}, {"d-bad-utf8", ErrorCode::kOk},
      {"j1", ErrorCode::kOk},             {"e-lines:3", ErrorCode::kMalformedJson},
      {"j3", ErrorCode::kOk},             {"f-notes", ErrorCode::kOk},
      {"g-scan", ErrorCode::kUnsupported}};
  EXPECT_EQ(seen, want);
  ASSERT_EQ(reader.ignored().size(), 2u);  // README and the hidden file, named by the commands
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

// What a reader gives, one entry per document: id, line, status and source.
struct Seen {
  std::string id;
  uint32_t line;
  ErrorCode code;
  std::string source;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  return os << "{" << s.id << ", line " << s.line << ", E" << static_cast<int>(s.code) << ", '"
            << s.source << "'}";
}

std::vector<Seen> ReadAll(Reader& reader) {
  std::vector<Seen> out;
  Document doc;
  while (reader.Next(&doc)) out.push_back({doc.id, doc.line, doc.status.code(), doc.source});
  return out;
}

TEST_F(ReaderTest, NulByteIsAnErrorForItsLineOnly) {
  // Before: fgets + strlen stopped at the NUL and glued line 3 onto line 2,
  // so article 3 vanished and later lines were numbered one too low.
  Write("nul.jsonl",
        "{\"id\":\"a1\",\"text\":\"premier article\"}\n"
        "{\"id\":\"a2\",\"text\":\"deux\0ième\"}\n"
        "{\"id\":\"a3\",\"text\":\"troisième article\"}\n"
        "{\"text\":\"sans identifiant\"}\n"s);
  Reader reader({(dir_ / "nul.jsonl").string()}, ReaderOptions());
  std::vector<Seen> want = {{"a1", 1, ErrorCode::kOk, "premier article"},
                            {"nul:2", 2, ErrorCode::kBinaryInput, ""},
                            {"a3", 3, ErrorCode::kOk, "troisième article"},
                            {"nul:4", 4, ErrorCode::kOk, "sans identifiant"}};
  EXPECT_EQ(ReadAll(reader), want);

  Document doc;
  ParseJsonLine("{\"id\":\"a2\",\"text\":\"deux\0ième\"}"s, "nul.jsonl", 2, ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.ToString(),
            "E103 binary_input: raw control byte 0x00 at byte 23 of line 2 (JSON needs it escaped)");
}

TEST_F(ReaderTest, OtherRawControlBytesAreErrorsButTabAndCrlfAreNot) {
  Write("controls.jsonl",
        "{\"id\":\"c1\",\"text\":\"un\x01" "deux\"}\n"   // SOH in a string
        "{\"id\":\"c2\",\x1F\"text\":\"x\"}\n"             // US between tokens
        "{\"id\":\"c3\",\"text\":\"a\rb\"}\n"               // a CR that is not before LF
        "{\"id\":\"c4\",\t\"text\":\"tab between tokens\"}\r\n"
        "{\"id\":\"c5\",\"text\":\"escaped \\u0001 is decoded\"}\n"
        "{\"id\":\"c6\",\"text\":\"last, no newline\"}");
  Reader reader({(dir_ / "controls.jsonl").string()}, ReaderOptions());
  std::vector<Seen> seen = ReadAll(reader);
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[0], (Seen{"controls:1", 1, ErrorCode::kBinaryInput, ""}));
  EXPECT_EQ(seen[1], (Seen{"controls:2", 2, ErrorCode::kBinaryInput, ""}));
  EXPECT_EQ(seen[2], (Seen{"controls:3", 3, ErrorCode::kBinaryInput, ""}));
  EXPECT_EQ(seen[3], (Seen{"c4", 4, ErrorCode::kOk, "tab between tokens"}));
  EXPECT_EQ(seen[4].id, "c5");
  EXPECT_EQ(seen[4].line, 5u);
  EXPECT_EQ(seen[5], (Seen{"c6", 6, ErrorCode::kOk, "last, no newline"}));
}

TEST_F(ReaderTest, ByteOrderMarkBeforeTheFirstLineIsSkipped) {
  // Before: the BOM made line 1 malformed JSON and its article was lost.
  Write("bom.jsonl",
        "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"première ligne\"}\n"
        "{\"id\":\"b2\",\"text\":\"seconde ligne\"}\n");
  Reader reader({(dir_ / "bom.jsonl").string()}, ReaderOptions());
  std::vector<Seen> want = {{"b1", 1, ErrorCode::kOk, "première ligne"},
                            {"b2", 2, ErrorCode::kOk, "seconde ligne"}};
  EXPECT_EQ(ReadAll(reader), want);
  // Its raw bytes are the line without the mark, so offsets point into them.
  Reader again({(dir_ / "bom.jsonl").string()}, ReaderOptions());
  Document doc;
  ASSERT_TRUE(again.Next(&doc));
  EXPECT_TRUE(doc.raw.starts_with("{\"id\":\"b1\""));
  EXPECT_EQ(doc.raw.substr(doc.source_map.MapBegin(0), 4), "prem");
}

TEST_F(ReaderTest, CrlfLinesKeepTheirNumbersAndLoseTheirCr) {
  Write("crlf.jsonl",
        "{\"id\":\"r1\",\"text\":\"one\"}\r\n"
        "\r\n"
        "{\"id\":\"r3\",\"text\":\"three\"}\r\n"
        "{broken}\r\n"
        "{\"id\":\"r5\",\"text\":\"five\"}\r\n");
  Reader reader({(dir_ / "crlf.jsonl").string()}, ReaderOptions());
  std::vector<Seen> want = {{"r1", 1, ErrorCode::kOk, "one"},
                            {"r3", 3, ErrorCode::kOk, "three"},
                            {"crlf:4", 4, ErrorCode::kMalformedJson, ""},
                            {"r5", 5, ErrorCode::kOk, "five"}};
  EXPECT_EQ(ReadAll(reader), want);
}

TEST_F(ReaderTest, LinesAcrossTheReadBufferAndOverlongLinesWithNul) {
  // Lines longer than the reader's 64 KiB buffer, a NUL right after a buffer
  // boundary, and an over-long line holding a NUL: each line is one document.
  std::string big(100000, 'x');
  std::string line1 = "{\"id\":\"l1\",\"text\":\"" + big + "\"}\n";
  // The NUL of line 2 is the first byte of the third 64 KiB read.
  std::string nul_line = "{\"id\":\"n\",\"text\":\"";
  nul_line += std::string(3 * 65536 - line1.size() - nul_line.size(), 'y') + "\0\"}"s;
  std::string too_long = "{\"text\":\"" + std::string(3000, 'z') + "\0\"}"s;
  Write("long.jsonl", line1 + nul_line + "\n" + too_long + "\n{\"id\":\"l4\",\"text\":\"after\"}\n");
  ReaderOptions options;
  options.max_bytes = 200000;
  {
    Reader reader({(dir_ / "long.jsonl").string()}, options);
    std::vector<Seen> want = {{"l1", 1, ErrorCode::kOk, big},
                              {"long:2", 2, ErrorCode::kBinaryInput, ""},
                              {"long:3", 3, ErrorCode::kBinaryInput, ""},
                              {"l4", 4, ErrorCode::kOk, "after"}};
    EXPECT_EQ(ReadAll(reader), want);
  }
  options.max_bytes = 2000;
  Reader reader({(dir_ / "long.jsonl").string()}, options);
  std::vector<Seen> want = {{"long:1", 1, ErrorCode::kTooLarge, ""},
                            {"long:2", 2, ErrorCode::kTooLarge, ""},
                            {"long:3", 3, ErrorCode::kTooLarge, ""},
                            {"l4", 4, ErrorCode::kOk, "after"}};
  EXPECT_EQ(ReadAll(reader), want);
}

TEST_F(ReaderTest, StdinIsCutLikeAFile) {
  // A BOM, blank lines before the first object (read while sniffing), a NUL
  // in line 3 and CRLF endings, all through stdin.
  Write("stdin.jsonl",
        "\xEF\xBB\xBF\n  \r\n"
        "{\"id\":\"s3\",\"text\":\"tr\0is\"}\r\n"
        "{\"id\":\"s4\",\"text\":\"quatre\"}\r\n"
        "{\"text\":\"cinq\"}"s);
  ASSERT_NE(std::freopen((dir_ / "stdin.jsonl").c_str(), "rb", stdin), nullptr);
  Reader reader({"-"}, ReaderOptions());
  std::vector<Seen> want = {{"stdin:3", 3, ErrorCode::kBinaryInput, ""},
                            {"s4", 4, ErrorCode::kOk, "quatre"},
                            {"stdin:5", 5, ErrorCode::kOk, "cinq"}};
  EXPECT_EQ(ReadAll(reader), want);
}

TEST_F(ReaderTest, StdinWithBomBeforeTheFirstObject) {
  // Before: the BOM hid the '{' from the sniffer and the whole stream became
  // one plain-text article.
  Write("stdin.jsonl", "\xEF\xBB\xBF{\"id\":\"s1\",\"text\":\"un\"}\n{\"id\":\"s2\",\"text\":\"deux\"}\n");
  ASSERT_NE(std::freopen((dir_ / "stdin.jsonl").c_str(), "rb", stdin), nullptr);
  Reader reader({"-"}, ReaderOptions());
  std::vector<Seen> want = {{"s1", 1, ErrorCode::kOk, "un"}, {"s2", 2, ErrorCode::kOk, "deux"}};
  EXPECT_EQ(ReadAll(reader), want);
}

}  // namespace
}  // namespace vigie
