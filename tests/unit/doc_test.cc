// Tests of the document model: offset maps and NFC text building.
#include <gtest/gtest.h>

#include "doc/document.h"
#include "doc/offset_map.h"
#include "doc/text_builder.h"

namespace vigie {
namespace {

TEST(OffsetMap, VerbatimPiecesMapByteForByte) {
  OffsetMap m;
  m.Add(0, 5, 10, 5);   // "Syrie" copied from raw 10
  m.Add(5, 2, 20, 0);   // "\n\n" inserted
  m.Add(7, 4, 30, 4);
  EXPECT_EQ(m.MapBegin(0), 10u);
  EXPECT_EQ(m.MapEnd(5), 15u);
  EXPECT_EQ(m.MapBegin(8), 31u);
  EXPECT_EQ(m.MapEnd(11), 34u);
  EXPECT_EQ(m.size(), 11u);
}

TEST(OffsetMap, InexactPiecesMapAsAWhole) {
  OffsetMap m;
  m.Add(0, 2, 0, 2);
  m.Add(2, 2, 2, 6);  // "é" (2 bytes) from "\u00e9" (6 bytes)
  m.Add(4, 1, 8, 1);
  EXPECT_EQ(m.MapBegin(2), 2u);
  EXPECT_EQ(m.MapBegin(3), 2u);  // inside: to the piece's start
  EXPECT_EQ(m.MapEnd(3), 8u);    // inside: to the piece's end
  EXPECT_EQ(m.MapEnd(5), 9u);
}

TEST(OffsetMap, ComposeFollowsBothMaps) {
  // inner: source -> raw, the source skipped a 3-byte BOM.
  OffsetMap inner;
  inner.Add(0, 10, 3, 10);
  // outer: clean -> source, clean took source[4, 8).
  OffsetMap outer;
  outer.Add(0, 4, 4, 4);
  OffsetMap both = outer.ComposeWith(inner);
  EXPECT_EQ(both.MapBegin(0), 7u);
  EXPECT_EQ(both.MapEnd(4), 11u);
}

TEST(TextBuilder, NormalisesToNfcAndKeepsOffsetsExactElsewhere) {
  // "e" + COMBINING ACUTE ACCENT is composed to "é"; the rest is copied.
  std::string source = "tue\xCC\x81s par";
  TextBuilder b(source);
  b.Copy(0, static_cast<uint32_t>(source.size()));
  std::string text;
  OffsetMap map;
  b.Finish(&text, &map);
  EXPECT_EQ(text, "tu\xC3\xA9s par");
  // "tués" in the clean text maps back to the whole decomposed form.
  EXPECT_EQ(map.MapBegin(0), 0u);
  EXPECT_EQ(map.MapEnd(5), 6u);
  // "par" is exact.
  EXPECT_EQ(map.MapBegin(6), 7u);
  EXPECT_EQ(source.substr(map.MapBegin(6), map.MapEnd(9) - map.MapBegin(6)), "par");
}

TEST(TextBuilder, InsertedSeparatorsMapToNothing) {
  std::string source = "Un.\nDeux.";
  TextBuilder b(source);
  b.Copy(0, 3);
  b.Insert("\n\n", 4);
  b.Copy(4, 9);
  std::string text;
  OffsetMap map;
  b.Finish(&text, &map);
  EXPECT_EQ(text, "Un.\n\nDeux.");
  EXPECT_EQ(map.MapBegin(5), 4u);
  EXPECT_EQ(map.MapEnd(10), 9u);
}

TEST(LayerSet, MinusAndToString) {
  LayerSet need{Layer::kText, Layer::kTokens};
  LayerSet have{Layer::kSource, Layer::kText};
  EXPECT_EQ(need.Minus(have).ToString(), "tokens");
  EXPECT_TRUE(need.Minus(LayerSet{Layer::kText, Layer::kTokens}).empty());
}

}  // namespace
}  // namespace vigie
