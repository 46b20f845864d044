// HTML ingest and extraction on pages written for these tests
// (tests/data/html): French and English news layouts with consent banners,
// bylines, JSON-LD, broken markup and wrongly declared charsets.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "base/utf8.h"
#include "cli/extraction_score.h"
#include "extract/html/html_extract.h"
#include "extract/html/metadata.h"
#include "extract/knowledge.h"
#include <nlohmann/json.hpp>
#include "ingest/html_reader.h"
#include "ingest/reader.h"
#include "test_util.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

const std::string kDir = std::string(VIGIE_SOURCE_DATA_DIR) + "/../tests/data/html/";

Document Page(const std::string& name) {
  Reader reader({kDir + name}, ReaderOptions());
  Document doc;
  EXPECT_TRUE(reader.Next(&doc));
  if (doc.status.ok()) testing::DefaultPipeline().Run(doc);
  EXPECT_TRUE(doc.status.ok()) << name << ": " << doc.status.ToString();
  return doc;
}

bool Has(const Document& doc, std::string_view s) { return doc.text.find(s) != std::string::npos; }

const Removal* Removed(const Document& doc, std::string_view reason) {
  for (const Removal& r : doc.removed)
    if (r.reason == reason) return &r;
  return nullptr;
}

TEST(HtmlPage, FrenchLayoutWithConsentBannerBylineAndJsonLd) {
  Document doc = Page("fr-consent-afp.html");
  EXPECT_EQ(doc.format, InputFormat::kHtml);
  EXPECT_EQ(doc.title.value, "Niger : une attaque contre un convoi fait douze morts près de Tillabéri");
  EXPECT_EQ(doc.byline.value, "Par Jean Dupont, AFP");
  EXPECT_EQ(doc.agency.value, "AFP");
  EXPECT_EQ(doc.outlet.value, "Le Courrier du Fleuve");
  EXPECT_EQ(doc.published, "2024-12-10");
  EXPECT_EQ(doc.language, "fr");
  EXPECT_TRUE(Has(doc, "Douze soldats ont été tués mardi dans l'attaque"));
  EXPECT_TRUE(Has(doc, "deuil national & promis"));  // &amp; decoded
  for (std::string_view furniture : {"cookies", "Partager sur", "Publicité", "Lire aussi",
                                     "Quelle tristesse", "Tous droits", "Accueil", "pas du texte"})
    EXPECT_FALSE(Has(doc, furniture)) << furniture;
  for (std::string_view reason : {"consent", "navigation", "share", "advertising", "comments", "footer"})
    EXPECT_NE(Removed(doc, reason), nullptr) << reason;
  // The title appears once.
  EXPECT_EQ(doc.text.find("Niger : une attaque"), doc.text.rfind("Niger : une attaque"));
}

TEST(HtmlPage, EnglishBrokenMarkup) {
  Document doc = Page("en-broken-markup.html");
  EXPECT_EQ(doc.title.value, "Floods displace thousands in northern Nigeria");
  EXPECT_EQ(doc.published, "2024-09-08");
  EXPECT_EQ(doc.byline.value, "By Jane Miller");
  EXPECT_EQ(doc.agency.value, "Reuters");  // from the dateline
  EXPECT_TRUE(Has(doc, "Rescue teams used boats to reach families"));  // misnested <b><i>
  EXPECT_TRUE(Has(doc, "Boko Haram & Islamic State"));
  EXPECT_TRUE(Has(doc, "Aid agencies appealed"));  // unclosed table
  EXPECT_FALSE(Has(doc, "cookie"));
  EXPECT_FALSE(Has(doc, "Share on"));
  EXPECT_FALSE(Has(doc, "More stories"));
  EXPECT_FALSE(Has(doc, "Copyright"));
}

TEST(HtmlCharset, Latin1DeclaredInMeta) {
  Document doc = Page("fr-latin1-meta.html");
  EXPECT_EQ(doc.charset, "windows-1252");
  EXPECT_TRUE(Has(doc, "Des milliers de réfugiés soudanais arrivés à Adré"));
  EXPECT_TRUE(Has(doc, "« Nous recevons chaque jour des familles épuisées »"));
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(HtmlCharset, Windows1252DeclaredUtf8FallsBackAndSaysSo) {
  Document doc = Page("en-cp1252-declared-utf8.html");
  EXPECT_EQ(doc.charset, "windows-1252");
  EXPECT_TRUE(Has(doc, "Sudan’s army"));
  EXPECT_TRUE(Has(doc, "“We will return when the parties are ready,”"));
  ASSERT_FALSE(doc.warnings.empty());
  EXPECT_NE(doc.warnings[0].find("not UTF-8"), std::string::npos) << doc.warnings[0];
}

TEST(HtmlCharset, SniffingOrder) {
  EXPECT_EQ(SniffCharset("\xEF\xBB\xBF<p>x", "text/html; charset=iso-8859-1").rule, "bom");
  EXPECT_EQ(SniffCharset("<meta charset=utf-8>", "text/html; charset=ISO-8859-1").name, "windows-1252");
  EXPECT_EQ(SniffCharset("<meta charset='koi8-r'>", "").name, "koi8-r");
  EXPECT_EQ(SniffCharset("<p>caf\xC3\xA9</p>", "").rule, "utf8-valid");
  EXPECT_EQ(SniffCharset("<p>caf\xE9</p>", "").name, "windows-1252");
  EXPECT_EQ(CharsetFromMeta("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"),
            "Shift_JIS");
}

TEST(HtmlCharset, UnknownDeclaredCharsetOverNonUtf8BytesIsAnError) {
  Document doc;
  ParseHtml("<meta charset=x-no-such-thing><p>caf\xE9</p>", "p.html", "", ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kUndecodableCharset);
}

TEST(HtmlLimits, HundredThousandNestedDivsIsANumberedError) {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "deep";
  ReaderOptions options;
  Document doc;
  ParseHtml(page, "deep.html", "", options, &doc);
  ASSERT_TRUE(doc.status.ok());
  testing::DefaultPipeline().Run(doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kTooDeeplyNested);
}

// gumbo 0.10 writes bytes that are not UTF-8 for a numeric reference that
// overflows its int; they come out as U+FFFD and the evidence still maps.
TEST(HtmlEntities, OverflowingNumericReferenceIsReplaced) {
  Document doc;
  ParseHtml("<html><head><title>Alerte &#xEEEEEEEE\x1e crue</title>"
            "<meta property=\"og:site_name\" content=\"Le Courrier &#xEEEEEEEE\"></head><body><article>"
            "<p>La crue de la Garonne &#xEEEEEEEE\x1e a inondé trois quartiers de Toulouse dans la nuit "
            "de lundi à mardi, selon la préfecture, qui a ouvert deux gymnases aux sinistrés.</p>"
            "</article></body></html>",
            "crue.html", "", ReaderOptions(), &doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  testing::DefaultPipeline().Run(doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_FALSE(utf8::FindInvalid(doc.text).has_value());
  EXPECT_FALSE(utf8::FindInvalid(doc.title.value).has_value());
  EXPECT_FALSE(utf8::FindInvalid(doc.outlet.value).has_value());
  const size_t at = doc.text.find("Toulouse");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(doc.RawSlice(doc.ToRaw({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 8)})), "Toulouse");
  EXPECT_NE(doc.text.find("Garonne \xEF\xBF\xBD"), std::string::npos);
}

TEST(HtmlLimits, BinaryAndOversizedPages) {
  Document doc;
  ParseHtml(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "x.html", "", ReaderOptions(), &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kBinaryInput);
  ReaderOptions small;
  small.max_bytes = 100;
  ParseHtml(std::string(200, 'a'), "big.html", "", small, &doc);
  EXPECT_EQ(doc.status.code(), ErrorCode::kTooLarge);
}

TEST(HtmlJsonLine, HtmlFieldIsExtracted) {
  Document doc;
  ParseJsonLine(R"({"id":"w1","url":"https://x.example/2024/05/21/tripoli","html":"<html><body><article><h1>Tripoli truce holds</h1><p>The ceasefire in Tripoli held for a third day on Tuesday, residents and officials said, as talks resumed in Geneva.</p></article></body></html>"})",
                "f.jsonl", 1, ReaderOptions(), &doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  testing::DefaultPipeline().Run(doc);
  ASSERT_TRUE(doc.status.ok()) << doc.status.ToString();
  EXPECT_EQ(doc.title.value, "Tripoli truce holds");
  EXPECT_EQ(doc.published, "2024-05-21");  // from the URL
  EXPECT_TRUE(Has(doc, "The ceasefire in Tripoli held"));
}

TEST(HtmlDates, WrittenAndUrlDates) {
  auto cues = ExtractKnowledge::Load(VIGIE_SOURCE_DATA_DIR);
  ASSERT_TRUE(cues.ok());
  const html::HtmlCues& c = (*cues)->html_cues();
  EXPECT_EQ(html::NormaliseDate("2019-11-19T08:00:00Z", c), "2019-11-19");
  EXPECT_EQ(html::NormaliseDate("Tue, 19 Nov 2019 10:00:00 GMT", c), "2019-11-19");
  EXPECT_EQ(html::NormaliseDate("November 19, 2019", c), "2019-11-19");
  EXPECT_EQ(html::NormaliseDate("19 novembre 2019", c), "2019-11-19");
  EXPECT_EQ(html::NormaliseDate("last week", c), "");
  EXPECT_EQ(html::NormaliseDate("19 novembre 20191119555555555555", c), "");  // no int overflow
  EXPECT_EQ(html::DateFromUrl("https://a.example/news/2019/11/19/story"), "2019-11-19");
  EXPECT_EQ(html::DateFromUrl("https://a.example/story-20191119.html"), "2019-11-19");
  EXPECT_EQ(html::DateFromUrl("https://a.example/id/12345678901"), "");
}

// The evidence invariant: every paragraph of an extracted page maps to raw
// bytes that, tags removed, entities decoded and white space collapsed,
// are the paragraph's characters.
std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t at = pos;
    char32_t c = utf8::Next(s, &pos);
    if (utf8::IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.append(s.substr(at, pos - at));
  }
  return out;
}

std::string HtmlToText(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '<') {
      size_t gt = raw.find('>', i);
      if (gt == std::string_view::npos) break;
      i = gt;
      continue;
    }
    if (raw[i] == '&') {
      static const std::map<std::string, std::string> kEntities = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
          {"&nbsp;", "\xC2\xA0"}, {"&#8217;", "\xE2\x80\x99"}};
      bool done = false;
      for (const auto& [e, v] : kEntities) {
        if (raw.substr(i, e.size()) == e) {
          out += v;
          i += e.size() - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back(raw[i]);
  }
  return out;
}

TEST(HtmlProperty, EveryParagraphMapsBackToItsCharacters) {
  for (const char* name : {"fr-consent-afp.html", "en-broken-markup.html"}) {
    Document doc = Page(name);
    ASSERT_FALSE(doc.paragraphs.empty());
    for (const Paragraph& p : doc.paragraphs) {
      Span raw = doc.ToRaw(p.span);
      ASSERT_LE(raw.end, doc.raw.size());
      EXPECT_EQ(Collapse(HtmlToText(doc.RawSlice(raw))), Collapse(doc.Slice(p.span))) << name;
    }
    // Every verbatim piece of the map is a copy of the raw bytes.
    for (const OffsetMap::Piece& piece : doc.text_map.pieces()) {
      if (!piece.verbatim) continue;
      EXPECT_EQ(doc.text.substr(piece.begin, piece.length), doc.raw.substr(piece.raw_begin, piece.raw_length));
    }
  }
}

// The metric against the benchmark's published figures, when ../shared is there.
TEST(ExtractionScore, ReproducesPublishedBaselines) {
  fs::path dir = fs::path(VIGIE_SHARED_DIR) / "bench/article-extraction";
  if (!fs::exists(dir / "ground-truth.json")) GTEST_SKIP() << "no ../shared beside the checkout";
  auto read = [](const fs::path& p) {
    auto j = nlohmann::json::parse(testing::Slurp(p.string()));
    const auto& items = j.contains("output") ? j["output"] : j;
    std::map<std::string, std::string> out;
    for (const auto& [id, v] : items.items())
      out[id] = v.value("articleBody", "");
    return out;
  };
  auto truth = read(dir / "ground-truth.json");
  auto traf = cli::ScoreExtraction(truth, read(dir / "baseline-outputs/trafilatura.json"));
  EXPECT_NEAR(traf.f1, 0.958, 0.0006);
  auto rjs = cli::ScoreExtraction(truth, read(dir / "baseline-outputs/readability_js.json"));
  EXPECT_NEAR(rjs.f1, 0.947, 0.0006);
  auto lxml = cli::ScoreExtraction(truth, read(dir / "baseline-outputs/readability.json"));
  EXPECT_NEAR(lxml.f1, 0.922, 0.0006);
}

}  // namespace
}  // namespace vigie
