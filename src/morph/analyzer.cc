// Word analysis with a per-form cache; see analyzer.h.
//
// Hunspell costs about 15 µs a call, so every form is analysed once and
// kept (news vocabularies are small; the cache is cleared past a bound).
// Readings are ordered so that function-word readings come first
// (ADP, DET, PRON, conjunctions, AUX), then Hunspell's own order.
#include "morph/analyzer.h"

#include <hunspell/hunspell.hxx>
#include <unicode/uchar.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr size_t kMaxCache = 1u << 19;

int Rank(const Reading& r) {
  if (r.rare) return 15;
  switch (r.pos) {
    case Pos::kAdp: return 0;
    case Pos::kDet: return 1;
    case Pos::kPron: return 2;
    case Pos::kCconj: return 3;
    case Pos::kSconj: return 4;
    case Pos::kAux: return 5;
    case Pos::kX: return 20;  // a bare stem: after any tagged reading
    default: return 10;
  }
}

}  // namespace

MorphAnalyzer::MorphAnalyzer(std::string aff, std::string dic, std::string snowball,
                             std::shared_ptr<const Lexicon> lexicon, bool head_first)
    : aff_(std::move(aff)), dic_(std::move(dic)), snowball_name_(std::move(snowball)),
      lexicon_(std::move(lexicon)), head_first_(head_first) {}

// Hunspell keeps a table shared by every handle with a plain reference
// count (initialize_utf_tbl / free_utf_tbl in its csutil.cxx): handles made
// or deleted at the same time by several workers raced on it (AddressSanitizer
// found the table leaked; a lost count can also free it under a live handle).
// Opening and closing a handle are therefore serialised; using one is not
// shared between threads.
static std::mutex& HunspellLifetimeMutex() {
  static std::mutex m;
  return m;
}

MorphAnalyzer::~MorphAnalyzer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
  std::lock_guard<std::mutex> lock(HunspellLifetimeMutex());
  hunspell_.reset();
}

const Analysis& MorphAnalyzer::Analyze(std::string_view form) {
  auto it = cache_.find(form);
  if (it != cache_.end()) return it->second;
  return cache_.emplace(std::string(form), Compute(form)).first->second;
}

void MorphAnalyzer::Trim() {
  if (cache_.size() >= kMaxCache) cache_.clear();
}

// English "-ed": Hunspell strips "ed" ("fired" -> "fir"), but when the stem
// plus a silent "e" is a word, the verb is that one ("fire" + "d"), as in
// "hoped", "used", "based".
void MorphAnalyzer::PreferSilentE(std::string_view form, std::vector<Reading>* readings) {
  for (Reading& r : *readings) {
    if (r.pos != Pos::kVerb || r.lemma.empty() || r.lemma.back() == 'e') continue;
    if (LexiconKey(form) != LexiconKey(r.lemma) + "ed") continue;
    // Only a stem ending in one vowel and one consonant: "hoped" is hope
    // because hop would give "hopped"; "bombed" stays bomb.
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    const std::string& l = r.lemma;
    if (l.size() < 2 || vowel(l.back()) || !vowel(l[l.size() - 2]) ||
        (l.size() >= 3 && vowel(l[l.size() - 3])))
      continue;
    std::string with_e = r.lemma + "e";
    if (hunspell_->spell(with_e)) r.lemma = std::move(with_e);
  }
}

// A hyphenated compound the dictionary lacks ("avions-bombardiers") is
// lemmatised part by part ("avion-bombardier"); its part of speech is its
// head's: the first part in French, the last in English ("air-strikes").
void MorphAnalyzer::AnalyzeCompound(std::string_view form, Analysis* a) {
  size_t hyphen = form.find('-');
  if (hyphen == std::string_view::npos || hyphen == 0 || form.back() == '-') return;
  std::string lemma;
  Pos head = Pos::kX;
  size_t start = 0;
  while (start <= form.size()) {
    size_t end = form.find('-', start);
    if (end == std::string_view::npos) end = form.size();
    std::string_view part = form.substr(start, end - start);
    if (part.empty()) return;
    const Analysis& pa = Analyze(part);
    if (pa.source != LemmaSource::kHunspell && pa.source != LemmaSource::kLexicon) return;
    // Parts of compounds are content words: take a noun reading if any.
    const Reading* r = &pa.readings.front();
    for (const Reading& candidate : pa.readings) {
      if (candidate.pos == Pos::kNoun) {
        r = &candidate;
        break;
      }
    }
    if (!lemma.empty()) lemma += '-';
    lemma += r->lemma;
    if (start == 0 ? head_first_ : end == form.size()) head = r->pos;
    start = end + 1;
  }
  a->readings.push_back({lemma, head});
  a->source = LemmaSource::kHunspell;
}

Analysis MorphAnalyzer::Compute(std::string_view form) {
  Analysis a;
  if (lexicon_ != nullptr) {
    if (const auto* readings = lexicon_->Find(form)) {
      a.readings = *readings;
      a.source = LemmaSource::kLexicon;
    }
  }
  if (a.readings.empty()) {
    if (Hunspell* hunspell = Dictionary()) {
      std::vector<Reading> r = ReadingsFromHunspell(form, hunspell->analyze(std::string(form)));
      std::stable_sort(r.begin(), r.end(), [](const Reading& x, const Reading& y) {
        return Rank(x) < Rank(y);
      });
      if (!head_first_) PreferSilentE(form, &r);
      if (!r.empty()) {
        a.readings = std::move(r);
        a.source = LemmaSource::kHunspell;
      }
    }
  }
  if (a.readings.empty()) AnalyzeCompound(form, &a);
  if (a.readings.empty()) {
    size_t p = 0;
    bool capitalised = !form.empty() && u_isupper(static_cast<UChar32>(utf8::Next(form, &p)));
    if (capitalised) {
      a.readings.push_back({std::string(form), Pos::kPropn});
      a.source = LemmaSource::kIdentity;
    } else {
      if (stemmer_ == nullptr && !snowball_name_.empty())
        stemmer_ = sb_stemmer_new(snowball_name_.c_str(), "UTF_8");
      std::string lower = utf8::Lower(form);
      if (stemmer_ != nullptr) {
        const sb_symbol* stem = sb_stemmer_stem(
            stemmer_, reinterpret_cast<const sb_symbol*>(lower.data()), static_cast<int>(lower.size()));
        if (stem != nullptr) {
          a.readings.push_back({std::string(reinterpret_cast<const char*>(stem),
                                            static_cast<size_t>(sb_stemmer_length(stemmer_))),
                                Pos::kX});
          a.source = LemmaSource::kStemmer;
        }
      }
      if (a.readings.empty()) {
        a.readings.push_back({lower, Pos::kX});
        a.source = LemmaSource::kIdentity;
      }
    }
  }
  for (const Reading& r : a.readings) a.pos_mask |= PosBit(r.pos);
  a.common_word = IsCommonWord(form);
  return a;
}

Hunspell* MorphAnalyzer::Dictionary() {
  if (!hunspell_tried_ && !aff_.empty()) {
    hunspell_tried_ = true;
    std::error_code ec;
    if (std::filesystem::exists(aff_, ec) && std::filesystem::exists(dic_, ec)) {
      std::lock_guard<std::mutex> lock(HunspellLifetimeMutex());
      hunspell_ = std::make_unique<Hunspell>(aff_.c_str(), dic_.c_str());
    }
  }
  return hunspell_.get();
}

// "Centre", "Herald", "March": capitalised, and in lower case a word of the
// language ("centre", "herald", "march"); "Aleppo", "Texas" are not.
bool MorphAnalyzer::IsCommonWord(std::string_view form) {
  size_t p = 0;
  if (form.empty() || !u_isupper(static_cast<UChar32>(utf8::Next(form, &p)))) return false;
  const std::string lower = utf8::Lower(form);
  if (lexicon_ != nullptr && lexicon_->Find(lower) != nullptr) return true;
  Hunspell* hunspell = Dictionary();
  return hunspell != nullptr && hunspell->spell(lower);
}

}  // namespace vigie
