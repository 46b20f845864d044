// The article-extraction benchmark's metric (ScrapingHub's
// article-extraction-benchmark, as its PROVENANCE.md in ../shared spells
// it out), reimplemented:
//   1. tokens are the matches of \w+ (Unicode: letters, numbers, '_');
//   2. shingles are the 4-token windows, counted as a multiset (a text of
//      fewer than 4 tokens gives one shorter shingle, an empty text none,
//      so an empty prediction counts for recall only);
//   3. per page, tp = sum of min(truth, prediction) counts, fp and fn the
//      excesses; precision = tp / (tp + fp), recall = tp / (tp + fn), both 1
//      when fp = fn = 0; precision is averaged over the pages with
//      tp + fp > 0, recall over those with tp + fn > 0;
//   4. F1 = 2PR / (P + R) from the two means; accuracy is the share of pages
//      whose token list equals the truth's.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace vigie::cli {

struct PageScore {
  std::string id;
  double precision = 0, recall = 0;
  bool has_precision = false, has_recall = false, exact = false;
};

struct ExtractionScore {
  double precision = 0, recall = 0, f1 = 0, accuracy = 0;
  size_t pages = 0;
  std::vector<PageScore> per_page;
};

// \w+ tokens of text, as UTF-8 strings.
std::vector<std::string> WordTokens(const std::string& text);

// Scores predictions against truths (both id -> text); a page missing from
// the predictions counts as an empty prediction.
ExtractionScore ScoreExtraction(const std::map<std::string, std::string>& truth,
                                const std::map<std::string, std::string>& predicted);

}  // namespace vigie::cli
