// Lemma and part-of-speech readings of word forms for one language, cached
// per form. Order of look-up: vigie's own lexicon, Hunspell, then the
// Snowball stemmer for unknown lower-case words and the form itself for
// unknown capitalised ones (proper nouns). One analyzer per thread
// (Hunspell is not thread-safe).
#pragma once

#include <libstemmer.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/string_map.h"
#include "morph/lexicon.h"

class Hunspell;

namespace vigie {

struct Analysis {
  std::vector<Reading> readings;  // most likely first; never empty
  uint32_t pos_mask = 0;
  LemmaSource source = LemmaSource::kNone;
  bool common_word = false;  // capitalised, and a word of the language in lower case
};

class MorphAnalyzer {
 public:
  // aff/dic may be empty (no Hunspell for this language); snowball is a
  // libstemmer algorithm name or ""; head_first says whether compounds take
  // their part of speech from their first part (French) or last (English).
  MorphAnalyzer(std::string aff, std::string dic, std::string snowball,
                std::shared_ptr<const Lexicon> lexicon, bool head_first);
  ~MorphAnalyzer();
  MorphAnalyzer(const MorphAnalyzer&) = delete;
  MorphAnalyzer& operator=(const MorphAnalyzer&) = delete;

  // The analysis stays valid until the next call of Trim().
  const Analysis& Analyze(std::string_view form);
  // Empties the cache when it has grown past its bound.
  void Trim();
  size_t cache_size() const { return cache_.size(); }

 private:
  Analysis Compute(std::string_view form);
  void AnalyzeCompound(std::string_view form, Analysis* a);
  void PreferSilentE(std::string_view form, std::vector<Reading>* readings);

  std::string aff_, dic_, snowball_name_;
  std::shared_ptr<const Lexicon> lexicon_;
  Hunspell* Dictionary();  // opens Hunspell on first use; null if absent
  bool IsCommonWord(std::string_view form);

  std::unique_ptr<Hunspell> hunspell_;  // opened on first use
  bool hunspell_tried_ = false;
  bool head_first_ = true;
  sb_stemmer* stemmer_ = nullptr;
  StringMap<Analysis> cache_;
};

}  // namespace vigie
