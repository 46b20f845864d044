// Property test over every bundled sample: each span of each layer slices
// the clean text on character boundaries, and maps back to raw bytes that
// decode (JSON escapes, NFC) to exactly the same characters.
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>

#include <filesystem>

#include "base/utf8.h"
#include "ingest/reader.h"
#include "test_util.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

std::string Nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string out;
  nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))),
                 status)
      .toUTF8String(out);
  return out;
}

// A page's bytes as text: tags left out, the entities the samples use
// decoded, white space collapsed (what the HTML extractor guarantees: each
// character maps inside the text node it came from).
std::string PageText(std::string_view raw) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '<') {
      size_t gt = raw.find('>', i);
      if (gt == std::string_view::npos) break;
      i = gt;
      continue;
    }
    std::string piece(1, c);
    if (c == '&') {
      for (auto [e, v] : {std::pair<std::string_view, std::string_view>{"&nbsp;", "\xC2\xA0"},
                          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}}) {
        if (raw.substr(i, e.size()) == e) {
          piece = v;
          i += e.size() - 1;
          break;
        }
      }
    }
    if (piece == " " || piece == "\n" || piece == "\t" || piece == "\r") {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out += piece;
  }
  return out;
}

// The text the raw bytes of a span stand for.
std::string Decode(const Document& doc, Span raw) {
  std::string_view bytes = doc.RawSlice(raw);
  if (doc.content == ContentType::kHtml) return Nfc(PageText(bytes));
  if (doc.format != InputFormat::kJsonl) return Nfc(bytes);
  std::string quoted = "\"" + std::string(bytes) + "\"";
  std::string out;
  OffsetMap unused;
  EXPECT_TRUE(DecodeJsonString(quoted, 0, &out, &unused).ok()) << bytes;
  return Nfc(out);
}

void CheckSpan(const Document& doc, Span s, const char* what) {
  ASSERT_LE(s.begin, s.end) << what;
  ASSERT_LE(s.end, doc.text.size()) << what;
  std::string_view slice = doc.Slice(s);
  EXPECT_FALSE(utf8::FindInvalid(slice).has_value()) << what << " cuts a character: " << slice;
  Span raw = doc.ToRaw(s);
  ASSERT_LE(raw.begin, raw.end) << what;
  ASSERT_LE(raw.end, doc.raw.size()) << what;
  EXPECT_EQ(Decode(doc, raw), std::string(slice)) << what << " of " << doc.id;
}

std::vector<Document> AllSamples() {
  std::vector<Document> docs;
  Reader reader({VIGIE_SAMPLES_DIR}, ReaderOptions());
  Document doc;
  while (reader.Next(&doc)) {
    if (doc.status.ok()) testing::DefaultPipeline().Run(doc);
    EXPECT_TRUE(doc.status.ok()) << doc.id << ": " << doc.status.ToString();
    docs.push_back(std::move(doc));
  }
  return docs;
}

TEST(Property, EverySpanSlicesTheTextAndMapsBackToTheSameCharacters) {
  std::vector<Document> docs = AllSamples();
  ASSERT_GE(docs.size(), 15u);
  size_t tokens = 0, jsonl = 0;
  for (const Document& doc : docs) {
    jsonl += doc.format == InputFormat::kJsonl;
    for (const Paragraph& p : doc.paragraphs) CheckSpan(doc, p.span, "paragraph");
    for (const Sentence& s : doc.sentences) CheckSpan(doc, s.span, "sentence");
    uint32_t previous_end = 0;
    for (const Token& t : doc.tokens) {
      CheckSpan(doc, {t.begin, t.end}, "token");
      EXPECT_LT(t.begin, t.end);
      EXPECT_GE(t.begin, previous_end) << "tokens overlap in " << doc.id;
      previous_end = t.end;
      const Sentence& s = doc.sentences[t.sentence];
      EXPECT_GE(t.begin, s.span.begin);
      EXPECT_LE(t.end, s.span.end);
      ++tokens;
    }
    // (Removals from pages carry their text collapsed and clipped.)
    if (doc.content != ContentType::kHtml) {
      for (const Removal& r : doc.removed) EXPECT_EQ(Decode(doc, r.raw), Nfc(r.text)) << doc.id;
    }
    if (!doc.title.evidence.span.empty()) {
      EXPECT_EQ(doc.Slice(doc.title.evidence.span), doc.title.value);
    }
  }
  EXPECT_GE(jsonl, 4u);
  EXPECT_GT(tokens, 5000u);
}

TEST(Property, DecomposedAccentsMapBackToTheirRawBytes) {
  // The same words with combining accents, as some scrapers produce them.
  std::string text = "Titre\n\nLes re\xCC\x81sidents ont e\xCC\x81te\xCC\x81 e\xCC\x81vacue\xCC\x81s.";
  Document doc = testing::Process(text, "fr");
  ASSERT_TRUE(doc.status.ok());
  EXPECT_NE(doc.text.find("résidents ont été évacués"), std::string::npos);
  for (const Token& t : doc.tokens) CheckSpan(doc, {t.begin, t.end}, "token");
}

}  // namespace
}  // namespace vigie
