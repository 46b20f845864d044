// Tests of the geoparsing gold reader and scorer on tiny files written here
// in the shapes of LGL and GeoVirus (text of our own).
#include <gtest/gtest.h>

#include <sstream>

#include "base/geo.h"
#include "eval/geoparsing.h"

namespace vigie::eval {
namespace {

// "É" is two bytes: every span after it moves by one byte.
constexpr const char* kLgl = R"(<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <title>Not the text</title>
    <text><![CDATA[Évry council met in Lyon on Monday; crews then drove to Grenoble & Valence.]]></text>
    <toponyms count="4">
      <toponym><start>0</start><end>4</end><phrase>Évry</phrase>
        <gaztag geonameid="111"><name>Évry</name><lat>48.63</lat><lon>2.44</lon></gaztag></toponym>
      <toponym><start>20</start><end>24</end><phrase>Lyon</phrase>
        <gaztag geonameid="222"><name>Lyon</name><lat>45.75</lat><lon>4.85</lon></gaztag></toponym>
      <toponym><start>67</start><end>74</end><phrase>Valence</phrase></toponym>
      <toponym><start>30</start><end>34</end><phrase>Lyon</phrase></toponym>
    </toponyms>
  </article>
</articles>
)";

constexpr const char* kGeoVirus = R"(<articles>
    <article>
        <source>https://example.org/a</source>
        <text>Évry council met in Lyon on Monday; crews then drove to Grenoble &amp; Valence.</text>
        <locations>
            <location><name>Grenoble</name><start>56</start><end>64</end><lat>45.19</lat><lon>5.72</lon></location>
            <location><name>Valence</name><start>68</start><end>75</end><lat>44.93</lat><lon>4.89</lon></location>
        </locations>
    </article>
    <!--<article>
        <text>A commented-out article is no article.</text>
    </article>-->
</articles>
)";

TEST(GeoGold, LglSpansBecomeByteOffsets) {
  GeoGold gold;
  ReadGeoGold(kLgl, "lgl-test", &gold);
  ASSERT_EQ(gold.articles.size(), 1u);
  const GeoArticle& a = gold.articles[0];
  EXPECT_EQ(a.id, "7");
  EXPECT_EQ(a.text.substr(0, 5), "Évry");
  ASSERT_EQ(a.toponyms.size(), 3u);  // the fourth does not spell its phrase
  EXPECT_EQ(gold.warnings.size(), 1u);
  EXPECT_TRUE(gold.has_geonames_ids);
  EXPECT_EQ(a.toponyms[0].begin, 0u);
  EXPECT_EQ(a.toponyms[0].end, 5u);
  EXPECT_EQ(a.toponyms[0].geonames_id, 111u);
  EXPECT_TRUE(a.toponyms[0].resolvable);
  EXPECT_EQ(a.toponyms[1].begin, 21u);
  EXPECT_EQ(a.toponyms[1].end, 25u);
  EXPECT_EQ(a.text.substr(a.toponyms[1].begin, 4), "Lyon");
  EXPECT_DOUBLE_EQ(a.toponyms[1].lat, 45.75);
  EXPECT_FALSE(a.toponyms[2].resolvable);  // no gaztag
}

TEST(GeoGold, GeoVirusEntitiesDecodedBeforeCounting) {
  GeoGold gold;
  ReadGeoGold(kGeoVirus, "geovirus-test", &gold);
  ASSERT_EQ(gold.articles.size(), 1u);
  const GeoArticle& a = gold.articles[0];
  EXPECT_EQ(a.id, "https://example.org/a#1");
  ASSERT_EQ(gold.warnings.size(), 1u);  // Valence's span is one late, as all of GeoVirus'
  EXPECT_NE(gold.warnings[0].find("1 toponym span(s) spell their phrase one character off"),
            std::string::npos);
  EXPECT_FALSE(gold.has_geonames_ids);
  ASSERT_EQ(a.toponyms.size(), 2u);
  EXPECT_EQ(a.text.substr(a.toponyms[0].begin, a.toponyms[0].end - a.toponyms[0].begin), "Grenoble");
  EXPECT_EQ(a.text.substr(a.toponyms[1].begin, a.toponyms[1].end - a.toponyms[1].begin), "Valence");
  EXPECT_TRUE(a.toponyms[1].resolvable);
}

TEST(GeoGold, CodePointOffsetsCountAnInvalidByteAsOne) {
  std::vector<uint32_t> o = CodePointOffsets("a\xC3\xA9\xFF" "b");
  EXPECT_EQ(o, (std::vector<uint32_t>{0, 1, 3, 4, 5}));
}

TEST(GeoScore, RecognitionAndResolutionBesideTheBaseline) {
  GeoGold gold;
  ReadGeoGold(kLgl, "lgl-test", &gold);
  const GeoArticle& a = gold.articles[0];
  // Évry put 400 km off, Lyon exact, "council" spurious, Valence (no
  // coordinates in the gold) neither rewarded nor a false positive.
  std::vector<GeoPrediction> system = {
      {0, 5, true, 48.63, 8.0, 0}, {21, 25, true, 45.75, 4.85, 222},
      {6, 13, true, 1, 1, 9}, {68, 75, true, 44.9, 4.9, 5}};
  std::vector<GeoPrediction> baseline = {{0, 5, true, 48.63, 2.44, 111}, {}, {}};
  GeoScore score;
  score.Add(a, system, baseline);
  EXPECT_EQ(score.gold(), 2u);
  EXPECT_EQ(score.unresolvable(), 1u);
  EXPECT_EQ(score.predicted(), 3u);
  EXPECT_EQ(score.predicted_correct(), 2u);
  EXPECT_EQ(score.recognised(), 2u);
  EXPECT_NEAR(score.Precision(), 2.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(score.Recall(), 1.0);
  EXPECT_NEAR(score.F1(), 0.8, 1e-9);
  EXPECT_DOUBLE_EQ(score.system().Accuracy161(), 0.5);
  EXPECT_EQ(score.system().exact_id, 1u);
  const double off = HaversineKm(48.63, 2.44, 48.63, 8.0);
  EXPECT_GT(off, 161);
  EXPECT_NEAR(score.system().MeanKm(), off / 2, 1e-6);
  EXPECT_NEAR(score.system().MedianKm(), off / 2, 1e-6);
  EXPECT_DOUBLE_EQ(score.baseline().Accuracy161(), 0.5);  // Lyon unresolved is a miss
  EXPECT_EQ(score.baseline().unresolved, 1u);
  EXPECT_EQ(score.baseline().exact_id, 1u);
  EXPECT_NEAR(score.baseline().Auc(), 0.5, 1e-9);  // one at 0 km, one at the largest error
  std::ostringstream text;
  score.WriteText("lgl-test", true, text);
  EXPECT_NE(text.str().find("precision 0.667   recall 1.000   F1 0.800"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("population"), std::string::npos);
}

TEST(GeoScore, AnUnrecognisedToponymIsNotResolved) {
  GeoGold gold;
  ReadGeoGold(kGeoVirus, "geovirus-test", &gold);
  GeoScore score;
  score.Add(gold.articles[0], {{57, 65, true, 45.19, 5.72, 0}}, {{}, {}});
  EXPECT_EQ(score.recognised(), 1u);
  EXPECT_DOUBLE_EQ(score.Recall(), 0.5);
  EXPECT_EQ(score.system().toponyms, 1u);
  EXPECT_DOUBLE_EQ(score.system().Accuracy161(), 1.0);
}

}  // namespace
}  // namespace vigie::eval
