// Geoparsing gold (LGL and GeoVirus, as distributed with Gritta et al.'s
// "Geocoding with Map Vector") and its scoring: toponym recognition, then
// resolution of the recognised ones.
//
// Both files are XML with one <article> per text:
//   LGL:      <article docid="..."><text><![CDATA[...]]></text>
//             <toponyms><toponym><start/><end/><phrase/>
//               [<gaztag geonameid="N"><lat/><lon/>...</gaztag>]</toponym>...
//   GeoVirus: <article><source>URL</source><text>...</text>
//             <locations><location><name/><start/><end/><lat/><lon/>...
// A small scanner cuts the file at each <article> and reads the few
// elements it needs (CDATA and the five XML entities decoded; no DTD).
// Spans in the gold are Unicode code-point offsets into <text>; they are
// converted here to UTF-8 byte offsets, vigie's unit. A span one code
// point off its phrase (all of GeoVirus') is moved onto it, with a warning
// that counts them; a toponym whose span does not spell its phrase is
// dropped with a warning; one without
// coordinates (an LGL toponym without gaztag) is kept as unresolvable:
// recognising it is neither rewarded nor counted as a false positive.
//
// Scoring (GeoScore): a predicted place matches a resolvable gold toponym
// when their spans overlap. Recognition precision is over the predicted
// places that overlap no unresolvable toponym only; recall is over the
// resolvable toponyms. Resolution is scored on the matched toponyms:
// accuracy@161 km, mean and median error, the mean of ln(1 + error) /
// ln(20039) (the AUC of Gritta et al.), and, where the gold has GeoNames
// ids, the share of exact ids. A baseline (for each matched toponym, the
// prediction the caller gives: the most populous candidate of its name)
// is scored on the same toponyms, side by side.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace vigie::eval {

struct GeoToponym {
  uint32_t begin = 0, end = 0;  // UTF-8 byte offsets into GeoArticle::text
  std::string phrase;
  bool resolvable = false;      // has coordinates
  double lat = 0, lon = 0;
  uint32_t geonames_id = 0;     // 0 when the gold gives none
};

struct GeoArticle {
  std::string id;               // docid, or source URL and position
  std::string text;             // UTF-8
  std::vector<GeoToponym> toponyms;
};

struct GeoGold {
  std::vector<GeoArticle> articles;
  std::vector<std::string> warnings;
  bool has_geonames_ids = false;  // some toponym carries a GeoNames id (LGL)
};

// Reads one decompressed gold file. `where` names it in warnings.
void ReadGeoGold(std::string_view xml, std::string_view where, GeoGold* out);

// Byte offset of each code point of UTF-8 text, plus text.size() at the end
// (invalid bytes count as one code point each, as a lenient decoder would).
std::vector<uint32_t> CodePointOffsets(std::string_view text);

// What a system (or the baseline) says about one span.
struct GeoPrediction {
  uint32_t begin = 0, end = 0;  // UTF-8 byte offsets into the article text
  bool resolved = false;        // has coordinates
  double lat = 0, lon = 0;
  uint32_t geonames_id = 0;
};

// Resolution figures of one system over a set of toponyms.
struct GeoResolution {
  size_t toponyms = 0;          // toponyms scored
  size_t unresolved = 0;        // with no coordinates given (counted as misses)
  size_t within_161 = 0;
  size_t with_gold_id = 0;      // of the resolved, those whose gold has an id
  size_t exact_id = 0;
  std::vector<double> errors_km;  // of the resolved

  void Add(const GeoToponym& gold, const GeoPrediction& predicted);
  double Accuracy161() const;
  double MeanKm() const;
  double MedianKm() const;
  double Auc() const;           // unresolved counted at the largest error, 20039 km
  double ExactIdShare() const;
  nlohmann::json ToJson() const;
};

class GeoScore {
 public:
  // One article: the system's places, and for each gold toponym (same
  // order as article.toponyms) the baseline's prediction for its name.
  void Add(const GeoArticle& article, const std::vector<GeoPrediction>& system,
           const std::vector<GeoPrediction>& baseline);

  size_t articles() const { return articles_; }
  size_t gold() const { return gold_; }
  size_t unresolvable() const { return unresolvable_; }
  size_t recognised() const { return recognised_; }
  size_t predicted() const { return predicted_; }
  size_t predicted_correct() const { return predicted_correct_; }
  double Precision() const;
  double Recall() const;
  double F1() const;
  const GeoResolution& system() const { return system_; }
  const GeoResolution& baseline() const { return baseline_; }

  // `worst`: also the names most often missed and most often put beyond
  // 161 km by vigie, that many of each.
  void WriteText(std::string_view name, bool has_ids, std::ostream& out, size_t worst = 0) const;
  nlohmann::json ToJson() const;

 private:
  size_t articles_ = 0;
  size_t gold_ = 0;               // resolvable gold toponyms
  size_t unresolvable_ = 0;
  size_t recognised_ = 0;         // resolvable toponyms overlapped by a prediction
  size_t predicted_ = 0;          // predictions not overlapping only unresolvable ones
  size_t predicted_correct_ = 0;  // of those, overlapping a resolvable toponym
  GeoResolution system_, baseline_;
  std::map<std::string, size_t> missed_, far_;  // gold phrase -> times
};

}  // namespace vigie::eval
