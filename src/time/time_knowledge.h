// What the time stage knows about French and English dates, read from
// data/time/<lang>.words.txt (word classes: weekdays, months, parts of the
// day, "hier", "dernier", "prochain", units) and data/time/<lang>.patterns.txt
// (sequences of literals and classes, each with the kind of time it names).
// Both formats are described in the header comment of the files themselves;
// any error stops start-up with file:line and the reason.
#pragma once

#include <array>
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

// What a pattern element matches. Word classes come from the words file;
// kDay, kYear and kMonthNum read number tokens; kEnd is zero-width.
enum class TimeSlot : uint8_t {
  kLiteral,
  kWeekday,   // lundi .. dimanche: 1..7
  kMonth,     // janvier .. décembre: 1..12
  kPart,      // aube, matin, soir: a part of the day
  kDayRel,    // hier -1, aujourd'hui 0, demain +1: days from publication
  kLast,      // dernier, passé, last
  kNext,      // prochain, next
  kThis,      // ce, cette, this
  kUnit,      // semaine, mois, année, week-end
  kOrdinal,   // premier, first: a day of the month written as a word
  kDay,       // a number 1..31 (also "1er", "3rd"), or an ordinal word
  kYear,      // a four-digit number 1800..2199
  kMonthNum,  // a number 1..12 of one or two digits (ISO and d/m/y dates)
  kEnd,       // nothing but punctuation or the end of the sentence follows
  kCount
};

enum class TimeUnit : uint8_t { kNone, kWeek, kWeekend, kMonth, kYear };

// Everything the words file says about one folded word form.
struct TimeWord {
  uint32_t classes = 0;        // bit per TimeSlot
  int32_t literal = -1;        // id when a pattern names the word itself
  int8_t weekday = 0, month = 0, day_offset = 0, ordinal = 0;
  TimeUnit unit = TimeUnit::kNone;
  uint8_t part = 0;            // index into TimeLanguage::parts
};

struct TimeElement {
  TimeSlot slot = TimeSlot::kLiteral;
  bool optional = false;
  std::vector<int32_t> literals;  // alternatives of a literal element
};

struct TimePattern {
  bool skip = false;           // matches, and names no time: "tous les samedis"
  TimeKind kind = TimeKind::kDay;
  std::vector<TimeElement> elements;
  std::string where;           // "time/fr.patterns.txt:12"
};

struct TimeLanguage {
  StringMap<TimeWord> words;
  std::vector<TimePattern> patterns;
  std::vector<std::string> parts;  // names of the parts of the day ("dawn")
  uint32_t capitalised = 0;        // classes that match only with a capital ("May")
  uint32_t lower_case = 0;         // classes that match only in lower case, but at a sentence start
  int32_t literal_count = 0;
  // Patterns (indices, in file order) whose first word may be this literal,
  // or a word or number of this slot: only those are tried at a token.
  std::vector<std::vector<uint16_t>> starts_by_literal;
  std::vector<uint16_t> starts_by_slot[static_cast<int>(TimeSlot::kCount)];

  const TimeWord* Find(std::string_view folded) const {
    auto it = words.find(folded);
    return it == words.end() ? nullptr : &it->second;
  }
};

struct TimeKnowledge {
  std::unordered_map<std::string, TimeLanguage> languages;  // "fr", "en"

  const TimeLanguage* Language(std::string_view lang) const;
  static Result<std::shared_ptr<const TimeKnowledge>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const TimeKnowledge>> Make(const DataSource& read);
};

constexpr uint32_t TimeSlotBit(TimeSlot s) { return 1u << static_cast<uint32_t>(s); }

}  // namespace vigie
