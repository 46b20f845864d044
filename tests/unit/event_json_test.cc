// The event records of `vigie code`, written straight to the output buffer
// (AppendEventLines, EventRecords) by a writer of our own: each line must be
// JSON that nlohmann parses and dumps back to the same bytes (what the
// records hold is checked by the golden tests), on every sample article and
// on an event whose strings and numbers are the hard cases of JSON output
// (quotes, backslashes, control characters, non-ASCII, invalid UTF-8,
// integral and fractional values, no value).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <limits>

#include "cli/app.h"
#include "cli/json_writer.h"
#include "ingest/reader.h"
#include "test_util.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

std::string DirectLines(const Document& doc) {
  std::string out;
  cli::AppendEventLines(doc, &out);
  return out;
}

// The lines parsed and dumped again by nlohmann (a line that is not JSON
// throws, failing the test).
std::string Reparsed(const std::string& lines) {
  std::string out;
  size_t at = 0;
  while (at < lines.size()) {
    const size_t end = lines.find('\n', at);
    out += nlohmann::ordered_json::parse(lines.substr(at, end - at))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
    at = end == std::string::npos ? lines.size() : end + 1;
  }
  return out;
}

TEST(EventJson, SamplesAreCanonicalJson) {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(VIGIE_SAMPLES_DIR))
    if (entry.is_regular_file() && entry.path().extension() != ".md") paths.push_back(entry.path().string());
  paths.push_back(std::string(VIGIE_SAMPLES_DIR) + "/syndication");
  Reader reader(paths, ReaderOptions());
  Document doc;
  size_t events = 0;
  while (reader.Next(&doc)) {
    if (doc.status.ok()) {
      doc.layers = {Layer::kSource};
      testing::DefaultPipeline().Run(doc);
    }
    events += doc.events.size();
    const std::string lines = DirectLines(doc);
    EXPECT_EQ(lines, Reparsed(lines)) << doc.id;
    std::string joined;
    for (const std::string& r : cli::EventRecords(doc)) joined += r + "\n";
    EXPECT_EQ(joined, lines) << doc.id;
    doc = Document();
  }
  EXPECT_GT(events, 20u);
}

TEST(EventJson, HardStringsAndNumbersAreCanonicalJson) {
  Document doc = testing::Process("Des frappes ont tué 12 civils à Gao, selon l'armée malienne.", "fr",
                                  "2024-03-17");
  ASSERT_FALSE(doc.events.empty());
  Event e = doc.events[0];
  doc.id = std::string("a\"b\\c\x01\x1f\x7f\xe9t\xc3\xa9\n\t\r\b\f/") + "\xff\xfe";  // invalid UTF-8 at the end
  e.cameo = "1";                                // a root shorter than two
  e.quad_class = 4;
  e.goldstein = -0.1 * 3;                       // not a short decimal
  e.source.text = "l'\"armée\" \\ malienne\u2019";
  e.source.country = "MLI";
  e.target = EventActor();
  e.claimed_by = "x";
  e.confidence = 1.0 / 3;
  Claim integral, fractional, huge, none;
  integral.quantity = "killed", integral.value = 12, integral.has_value = true;
  fractional.quantity = "wounded", fractional.value = 2.5, fractional.has_value = true;
  huge.quantity = "tanks", huge.value = 3e15, huge.has_value = true;
  none.quantity = "killed", none.has_value = false, none.qualifier = Qualifier::kManyUnquantified;
  e.claims = {integral, fractional, huge, none};
  doc.events.push_back(e);
  Place far;
  far.name = "Nowhere \"quoted\"";
  far.country = "ML";
  far.lat = -89.123456789;
  far.lon = 179.99996;
  doc.places.push_back(far);
  doc.events.back().place = static_cast<int32_t>(doc.places.size() - 1);
  const std::string lines = DirectLines(doc);
  EXPECT_EQ(lines, Reparsed(lines));
  const auto last = nlohmann::ordered_json::parse(lines.substr(lines.rfind('\n', lines.size() - 2) + 1));
  EXPECT_EQ(last["evidence"]["claims"].size(), 4u);
  EXPECT_EQ(last["source"]["name"], "l'\"armée\" \\ malienne\u2019");
  doc.status = Status(ErrorCode::kInvalidUtf8, "bad \"bytes\"");
  const std::string error = DirectLines(doc);
  EXPECT_EQ(error, Reparsed(error));
  EXPECT_NE(error.find("E"), std::string::npos);
}

// Language detection is skipped when the input gives the language: on every
// sample article, giving the language CLD2 finds gives the same events and
// the same extraction, byte for byte.
TEST(LanguageGiven, SameOutputAsDetected) {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(VIGIE_SAMPLES_DIR))
    if (entry.is_regular_file() && entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  ASSERT_GE(paths.size(), 10u);
  size_t events = 0;
  for (const std::string& path : paths) {
    Reader reader({path}, ReaderOptions());
    Document detected;
    ASSERT_TRUE(reader.Next(&detected));
    Document given = detected;
    detected.layers = {Layer::kSource};
    testing::DefaultPipeline().Run(detected);
    ASSERT_TRUE(detected.status.ok()) << path;
    ASSERT_TRUE(detected.lang_hint.empty());
    given.lang_hint = detected.language;
    given.layers = {Layer::kSource};
    testing::DefaultPipeline().Run(given);
    events += given.events.size();
    EXPECT_EQ(DirectLines(given), DirectLines(detected)) << path;
    EXPECT_EQ(cli::ExtractJson(given).dump(), cli::ExtractJson(detected).dump()) << path;
  }
  EXPECT_GT(events, 20u);
}

// Strings escaped as nlohmann escapes them, whatever byte needs escaping
// and wherever it falls among the eight bytes read at a time.
TEST(JsonWriter, StringsAsNlohmannWritesThem) {
  std::vector<std::string> cases = {"", "a", "plain ASCII words, longer than eight bytes",
                                    "Défense « armée » l\u2019aviation 北京 \U0001F600", "\x7f del",
                                    "bad \xff\xfe bytes", "\xc3", "\xed\xa0\x80 surrogate"};
  for (const char special : std::string("\"\\\b\f\n\r\t\x01\x1f", 9) + std::string(1, '\0')) {
    for (size_t at = 0; at < 19; ++at) {
      std::string s(19, 'x');
      s[at] = special;
      cases.push_back(s);
      s[18 - at] = static_cast<char>(0xC3);  // a two-byte letter beside it, or cut in half
      cases.push_back(s);
    }
  }
  for (const std::string& s : cases) {
    std::string out;
    cli::JsonWriter w(&out);
    w.Str(s);
    EXPECT_EQ(out, nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) << s;
  }
  std::string out;
  cli::JsonWriter w(&out);
  w.BeginObject();
  w.Key("name");
  w.Str("Palmyre");
  w.Key("lat");
  w.Double(34.5624);
  w.Key("claims");
  w.BeginArray();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(out, R"({"name":"Palmyre","lat":34.5624,"claims":[]})");
}

TEST(JsonWriter, NumbersAsNlohmannWritesThem) {
  for (double v : {0.0, -0.0, 1.0, -10.0, 0.1, 1e-7, 123456789012345678.0, 1e300, 2.5e-300, 34.5601,
                   std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    std::string out;
    cli::JsonWriter w(&out);
    w.Double(v);
    EXPECT_EQ(out, nlohmann::json(v).dump()) << v;
  }
  std::string out;
  cli::JsonWriter w(&out);
  w.BeginArray();
  w.Int(std::numeric_limits<int64_t>::min());
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Null();
  w.Bool(false);
  w.EndArray();
  EXPECT_EQ(out, nlohmann::json::array({std::numeric_limits<int64_t>::min(), nlohmann::json::object(),
                                        nlohmann::json::array(), nullptr, false})
                     .dump());
}

}  // namespace
}  // namespace vigie
