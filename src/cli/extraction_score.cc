// The extraction benchmark's metric; see extraction_score.h.
#include "cli/extraction_score.h"

#include <unicode/uchar.h>

#include <unordered_map>

#include "base/utf8.h"

namespace vigie::cli {

namespace {

// Python's \w for str patterns: str.isalnum() or '_' (letters Lu Ll Lt Lm
// Lo, numbers Nd Nl No).
bool IsWordChar(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) || c == '_';
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER: case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

std::unordered_map<std::string, int> Shingles(const std::vector<std::string>& tokens) {
  std::unordered_map<std::string, int> counts;
  const size_t n = 4;
  if (tokens.empty()) return counts;  // an empty text has no shingle
  const size_t windows = tokens.size() >= n ? tokens.size() - n + 1 : 1;
  for (size_t i = 0; i < windows; ++i) {
    std::string key;
    for (size_t k = i; k < std::min(tokens.size(), i + n); ++k) {
      key += tokens[k];
      key += '\x1f';
    }
    ++counts[key];
  }
  return counts;
}

}  // namespace

std::vector<std::string> WordTokens(const std::string& text) {
  std::vector<std::string> tokens;
  size_t pos = 0;
  std::string current;
  while (pos < text.size()) {
    char32_t c = utf8::Next(text, &pos);
    if (IsWordChar(c)) {
      utf8::Append(c, &current);
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

ExtractionScore ScoreExtraction(const std::map<std::string, std::string>& truth,
                                const std::map<std::string, std::string>& predicted) {
  ExtractionScore result;
  double p_sum = 0, r_sum = 0;
  size_t p_n = 0, r_n = 0, exact = 0;
  static const std::string kEmpty;
  for (const auto& [id, true_text] : truth) {
    auto it = predicted.find(id);
    const std::string& pred_text = it == predicted.end() ? kEmpty : it->second;
    std::vector<std::string> t_tokens = WordTokens(true_text), p_tokens = WordTokens(pred_text);
    auto t = Shingles(t_tokens), p = Shingles(p_tokens);
    double tp = 0, fp = 0, fn = 0;
    for (const auto& [key, count] : p) {
      auto f = t.find(key);
      int tc = f == t.end() ? 0 : f->second;
      tp += std::min(count, tc);
      fp += std::max(count - tc, 0);
    }
    for (const auto& [key, count] : t) {
      auto f = p.find(key);
      int pc = f == p.end() ? 0 : f->second;
      fn += std::max(count - pc, 0);
    }
    double sum = tp + fp + fn;
    if (sum > 0) {
      tp /= sum;
      fp /= sum;
      fn /= sum;
    }
    PageScore ps;
    ps.id = id;
    if (fp == 0 && fn == 0) {
      ps.precision = ps.recall = 1;
      ps.has_precision = ps.has_recall = true;
    } else {
      if (tp + fp > 0) {
        ps.precision = tp / (tp + fp);
        ps.has_precision = true;
      }
      if (tp + fn > 0) {
        ps.recall = tp / (tp + fn);
        ps.has_recall = true;
      }
    }
    if (ps.has_precision) {
      p_sum += ps.precision;
      ++p_n;
    }
    if (ps.has_recall) {
      r_sum += ps.recall;
      ++r_n;
    }
    ps.exact = t_tokens == p_tokens;
    exact += ps.exact;
    result.per_page.push_back(std::move(ps));
  }
  result.pages = truth.size();
  result.precision = p_n > 0 ? p_sum / static_cast<double>(p_n) : 0;
  result.recall = r_n > 0 ? r_sum / static_cast<double>(r_n) : 0;
  double s = result.precision + result.recall;
  result.f1 = s > 0 ? 2 * result.precision * result.recall / s : 0;
  result.accuracy = result.pages > 0 ? static_cast<double>(exact) / static_cast<double>(result.pages) : 0;
  return result;
}

}  // namespace vigie::cli
