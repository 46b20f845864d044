// What the quantity stage knows about counting in French and English, read
// from data/quantity/<lang>.numbers.txt (number words, multipliers,
// approximate nouns: "vingt-deux", "cent", "une dizaine", "des dizaines"),
// <lang>.qualifiers.txt ("plus de", "at least", "un grand nombre de") and
// <lang>.nouns.txt (what is counted: kind nouns, verbs and participles,
// human nouns, units that are never counted things). The formats are
// described in the header comments of the files; any error stops start-up
// with file:line and the reason.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/string_map.h"
#include "base/data_file.h"
#include "doc/document.h"

namespace vigie {

enum class QuantityRole : uint8_t {
  kNumber,      // numbers.txt: "deux" 2, "vingt" 20, "quatre-vingt" 80
  kMultiplier,  // "cent" 100, "mille" 1000, "millions" 1e6
  kApprox,      // "dizaine" 10: "une dizaine de" is about 10
  kMany,        // "dizaines": "des dizaines de" is many, unquantified
  kArticle,     // "une", "a": before an approximate noun or a multiplier
  kPlural,      // "des", "plusieurs": before a many noun
  kOf,          // "de", "d'", "of": between the count and what is counted
  kConnector,   // "et", "and": inside a number ("vingt et un")
  kNoun,        // nouns.txt: a noun that is itself a kind: "morts" killed
  kVerb,        // a verb or participle that gives the kind: "tuer" killed
  kHuman,       // a noun for people: "civils"
  kUnit,        // never a counted thing: "heures", "ans", "km", "%"
  kLabel,       // a word before a number that makes it a name: "article 5"
  kAux,         // auxiliaries between a noun and its participle: "ont été"
  kCount
};
constexpr uint32_t RoleBit(QuantityRole r) { return 1u << static_cast<uint32_t>(r); }

// Everything the files say about one folded word form or lemma.
struct QuantityWord {
  uint32_t roles = 0;
  int32_t literal = -1;         // id when a qualifier phrase names the word
  bool starts_many = false;     // first word of a many_unquantified phrase
  double number = 0, multiplier = 0, approx = 0;
  int16_t noun_kind = -1, verb_kind = -1, human_kind = -1;  // into kinds
  int32_t noun_where = -1, verb_where = -1, human_where = -1;  // into wheres
};

struct QualifierPhrase {
  std::vector<int32_t> literals;
  Qualifier qualifier = Qualifier::kExact;
  std::string where;
};

struct QuantityLanguage {
  StringMap<QuantityWord> words;
  std::vector<QualifierPhrase> qualifiers;  // longest first
  bool head_first = true;  // French: "300 civils tués"; English: "12 Syrian soldiers"
  std::vector<std::string> kinds;
  std::vector<std::string> wheres;  // "quantity/fr.nouns.txt:12"

  const QuantityWord* Find(std::string_view folded) const {
    auto it = words.find(folded);
    return it == words.end() ? nullptr : &it->second;
  }
};

struct QuantityKnowledge {
  std::unordered_map<std::string, QuantityLanguage> languages;  // "fr", "en"

  const QuantityLanguage* Language(std::string_view lang) const;
  static Result<std::shared_ptr<const QuantityKnowledge>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const QuantityKnowledge>> Make(const DataSource& read);
};

}  // namespace vigie
