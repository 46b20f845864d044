// Loading and checking the time stage's words and patterns; see
// time_knowledge.h, and the header comments of data/time/*.txt for the
// formats.
#include "time/time_knowledge.h"

#include <charconv>

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr std::string_view kLanguages[] = {"fr", "en"};

struct SlotName {
  std::string_view name;
  TimeSlot slot;
};
constexpr SlotName kSlots[] = {
    {"weekday", TimeSlot::kWeekday}, {"month", TimeSlot::kMonth},
    {"part", TimeSlot::kPart},       {"dayrel", TimeSlot::kDayRel},
    {"last", TimeSlot::kLast},       {"next", TimeSlot::kNext},
    {"this", TimeSlot::kThis},       {"unit", TimeSlot::kUnit},
    {"ordinal", TimeSlot::kOrdinal}, {"day", TimeSlot::kDay},
    {"year", TimeSlot::kYear},       {"monthnum", TimeSlot::kMonthNum},
    {"end", TimeSlot::kEnd},
};
// Classes a words file may fill (the others read numbers or nothing).
constexpr TimeSlot kWordClasses[] = {TimeSlot::kWeekday, TimeSlot::kMonth, TimeSlot::kPart,
                                     TimeSlot::kDayRel,  TimeSlot::kLast,  TimeSlot::kNext,
                                     TimeSlot::kThis,    TimeSlot::kUnit,  TimeSlot::kOrdinal};

bool SlotByName(std::string_view name, TimeSlot* slot) {
  for (const SlotName& s : kSlots)
    if (s.name == name) {
      *slot = s.slot;
      return true;
    }
  return false;
}

bool IsWordClass(TimeSlot s) {
  for (TimeSlot w : kWordClasses)
    if (w == s) return true;
  return false;
}

bool ParseInt(std::string_view s, int lo, int hi, int* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && *out >= lo && *out <= hi;
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t b = 0; b < s.size();) {
    size_t e = std::min(s.find(' ', b), s.size());
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

Status ReadWords(const DataSource& read, const std::string& file, TimeLanguage* lang) {
  return read(file, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3)
      return line.Error("expected three fields: class, value, words (or: case, upper|lower, classes)");
    const std::string_view cls = line.fields[0], value = line.fields[1];
    if (cls == "case") {
      uint32_t* mask;
      if (value == "upper") mask = &lang->capitalised;
      else if (value == "lower") mask = &lang->lower_case;
      else return line.Error("case is 'upper' or 'lower', not '" + std::string(value) + "'");
      for (std::string_view name : SplitSpaces(line.fields[2])) {
        TimeSlot s;
        if (!SlotByName(name, &s) || !IsWordClass(s))
          return line.Error("unknown word class '" + std::string(name) + "'");
        *mask |= TimeSlotBit(s);
      }
      return Status::Ok();
    }
    TimeSlot slot;
    if (!SlotByName(cls, &slot) || !IsWordClass(slot))
      return line.Error("unknown class '" + std::string(cls) +
                        "' (weekday, month, part, dayrel, last, next, this, unit, ordinal, case)");
    TimeWord proto;
    int n = 0;
    switch (slot) {
      case TimeSlot::kWeekday:
        if (!ParseInt(value, 1, 7, &n)) return line.Error("a weekday is 1 (Monday) to 7 (Sunday)");
        proto.weekday = static_cast<int8_t>(n);
        break;
      case TimeSlot::kMonth:
        if (!ParseInt(value, 1, 12, &n)) return line.Error("a month is 1 to 12");
        proto.month = static_cast<int8_t>(n);
        break;
      case TimeSlot::kDayRel:
        if (!ParseInt(value, -9, 9, &n)) return line.Error("a day offset is -9 to 9");
        proto.day_offset = static_cast<int8_t>(n);
        break;
      case TimeSlot::kOrdinal:
        if (!ParseInt(value, 1, 31, &n)) return line.Error("an ordinal day is 1 to 31");
        proto.ordinal = static_cast<int8_t>(n);
        break;
      case TimeSlot::kUnit:
        if (value == "week") proto.unit = TimeUnit::kWeek;
        else if (value == "weekend") proto.unit = TimeUnit::kWeekend;
        else if (value == "month") proto.unit = TimeUnit::kMonth;
        else if (value == "year") proto.unit = TimeUnit::kYear;
        else return line.Error("a unit is week, weekend, month or year");
        break;
      case TimeSlot::kPart: {
        size_t i = 0;
        while (i < lang->parts.size() && lang->parts[i] != value) ++i;
        if (i == lang->parts.size()) lang->parts.emplace_back(value);
        if (i > 255) return line.Error("too many parts of the day");
        proto.part = static_cast<uint8_t>(i);
        break;
      }
      default:
        if (value != "-") return line.Error("this class takes no value: write '-'");
    }
    const auto words = SplitSpaces(line.fields[2]);
    if (words.empty()) return line.Error("no words");
    for (std::string_view w : words) {
      TimeWord& tw = lang->words[utf8::Fold(w)];
      if ((tw.classes & TimeSlotBit(slot)) != 0 &&
          (tw.weekday != proto.weekday || tw.month != proto.month ||
           tw.day_offset != proto.day_offset || tw.ordinal != proto.ordinal ||
           tw.unit != proto.unit || tw.part != proto.part))
        return line.Error("'" + std::string(w) + "' is already in class " + std::string(cls) +
                          " with another value");
      tw.classes |= TimeSlotBit(slot);
      if (proto.weekday) tw.weekday = proto.weekday;
      if (proto.month) tw.month = proto.month;
      if (slot == TimeSlot::kDayRel) tw.day_offset = proto.day_offset;
      if (proto.ordinal) tw.ordinal = proto.ordinal;
      if (proto.unit != TimeUnit::kNone) tw.unit = proto.unit;
      if (slot == TimeSlot::kPart) tw.part = proto.part;
    }
    return Status::Ok();
  });
}

bool KindByName(std::string_view name, TimePattern* p) {
  static constexpr std::pair<std::string_view, TimeKind> kKinds[] = {
      {"day", TimeKind::kDay},     {"night", TimeKind::kNight}, {"part", TimeKind::kPart},
      {"month", TimeKind::kMonth}, {"year", TimeKind::kYear},   {"range", TimeKind::kRange}};
  if (name == "skip") {
    p->skip = true;
    return true;
  }
  for (const auto& [n, k] : kKinds)
    if (n == name) {
      p->kind = k;
      return true;
    }
  return false;
}

// Checks that a pattern captures what its kind needs to be resolved.
std::string MissingSlots(const TimePattern& p) {
  int count[static_cast<int>(TimeSlot::kCount)] = {};
  for (const TimeElement& e : p.elements) {
    TimeSlot s = e.slot == TimeSlot::kOrdinal ? TimeSlot::kDay : e.slot;
    if (s == TimeSlot::kMonthNum) s = TimeSlot::kMonth;
    ++count[static_cast<int>(s)];
  }
  auto n = [&](TimeSlot s) { return count[static_cast<int>(s)]; };
  for (TimeSlot s : {TimeSlot::kWeekday, TimeSlot::kMonth, TimeSlot::kDay, TimeSlot::kYear})
    if (n(s) > 2) return "a slot appears more than twice";
  for (TimeSlot s : {TimeSlot::kPart, TimeSlot::kDayRel, TimeSlot::kUnit})
    if (n(s) > 1) return "a slot appears more than once";
  if (p.skip) return "";
  switch (p.kind) {
    case TimeKind::kDay:
      if (n(TimeSlot::kDay) + n(TimeSlot::kWeekday) + n(TimeSlot::kDayRel) == 0)
        return "a day pattern needs {day}, {weekday} or {dayrel}";
      if (n(TimeSlot::kDay) == 0 && n(TimeSlot::kMonth) + n(TimeSlot::kYear) > 0)
        return "a day pattern with a month or year needs {day}";
      break;
    case TimeKind::kPart:  // of the day named, else of the publication day
      if (n(TimeSlot::kMonth) + n(TimeSlot::kYear) > 0 && n(TimeSlot::kDay) == 0)
        return "a part pattern with a month or year needs {day}";
      break;
    case TimeKind::kMonth:  // without {month}: the month of publication, or the one before or after
      if (n(TimeSlot::kDay) + n(TimeSlot::kWeekday) > 0) return "a month pattern reads no day";
      break;
    case TimeKind::kYear:  // without {year}: the year of publication, or the one before or after
      if (n(TimeSlot::kDay) + n(TimeSlot::kWeekday) + n(TimeSlot::kMonth) > 0)
        return "a year pattern reads no day or month";
      break;
    case TimeKind::kRange:
      if (n(TimeSlot::kDay) != 2 && n(TimeSlot::kUnit) == 0)
        return "a range pattern needs two {day} or a {unit}";
      if (n(TimeSlot::kDay) == 2 && n(TimeSlot::kMonth) == 0)
        return "a range of days needs {month}";
      break;
    case TimeKind::kNight:
      break;
  }
  return "";
}

Status ReadPatterns(const DataSource& read, const std::string& file, TimeLanguage* lang) {
  std::unordered_map<std::string, int32_t> literal_ids;
  for (const auto& [w, tw] : lang->words)
    if (tw.literal >= 0) literal_ids[w] = tw.literal;
  return read(file, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 2) return line.Error("expected two fields: kind, pattern");
    TimePattern p;
    if (!KindByName(line.fields[0], &p))
      return line.Error("unknown kind '" + std::string(line.fields[0]) +
                        "' (day, night, part, month, year, range, skip)");
    p.where = line.Where();
    bool required = false;
    for (std::string_view token : SplitSpaces(line.fields[1])) {
      TimeElement e;
      if (token.size() > 1 && token.back() == '?') {
        e.optional = true;
        token.remove_suffix(1);
      }
      if (token.size() > 2 && token.front() == '{' && token.back() == '}') {
        std::string_view name = token.substr(1, token.size() - 2);
        if (!SlotByName(name, &e.slot))
          return line.Error("unknown slot {" + std::string(name) + "}");
        if (e.slot == TimeSlot::kEnd && e.optional) return line.Error("{end} cannot be optional");
      } else {
        if (token.find('{') != std::string_view::npos || token.find('}') != std::string_view::npos)
          return line.Error("malformed slot '" + std::string(token) + "'");
        for (size_t b = 0; b <= token.size();) {
          size_t e2 = std::min(token.find('|', b), token.size());
          if (e2 == b) return line.Error("empty alternative in '" + std::string(token) + "'");
          std::string folded = utf8::Fold(token.substr(b, e2 - b));
          auto [it, added] = literal_ids.emplace(folded, lang->literal_count);
          if (added) {
            lang->words[folded].literal = lang->literal_count;
            ++lang->literal_count;
          }
          e.literals.push_back(it->second);
          b = e2 + 1;
        }
      }
      if (!p.elements.empty() && p.elements.back().slot == TimeSlot::kEnd)
        return line.Error("{end} must be the last element");
      required |= !e.optional && e.slot != TimeSlot::kEnd;
      p.elements.push_back(std::move(e));
    }
    if (!required) return line.Error("a pattern needs at least one element that is not optional");
    std::string missing = MissingSlots(p);
    if (!missing.empty()) return line.Error(missing);
    lang->patterns.push_back(std::move(p));
    return Status::Ok();
  });
}

void IndexFirstElements(TimeLanguage* lang) {
  lang->starts_by_literal.assign(static_cast<size_t>(lang->literal_count), {});
  for (size_t i = 0; i < lang->patterns.size(); ++i) {
    const auto index = static_cast<uint16_t>(i);
    for (const TimeElement& e : lang->patterns[i].elements) {
      if (e.slot == TimeSlot::kLiteral) {
        for (int32_t id : e.literals) {
          auto& list = lang->starts_by_literal[static_cast<size_t>(id)];
          if (list.empty() || list.back() != index) list.push_back(index);
        }
      } else if (e.slot != TimeSlot::kEnd) {
        auto& list = lang->starts_by_slot[static_cast<int>(e.slot)];
        if (list.empty() || list.back() != index) list.push_back(index);
      }
      if (!e.optional && e.slot != TimeSlot::kEnd) break;
    }
  }
}

}  // namespace

const TimeLanguage* TimeKnowledge::Language(std::string_view lang) const {
  auto it = languages.find(std::string(lang));
  return it == languages.end() ? nullptr : &it->second;
}

Result<std::shared_ptr<const TimeKnowledge>> TimeKnowledge::Make(const DataSource& read) {
  auto k = std::make_shared<TimeKnowledge>();
  for (std::string_view code : kLanguages) {
    TimeLanguage lang;
    const std::string prefix = "time/" + std::string(code);
    Status s = ReadWords(read, prefix + ".words.txt", &lang);
    if (!s.ok()) return s;
    s = ReadPatterns(read, prefix + ".patterns.txt", &lang);
    if (!s.ok()) return s;
    IndexFirstElements(&lang);
    if (!lang.patterns.empty()) k->languages.emplace(std::string(code), std::move(lang));
  }
  return std::shared_ptr<const TimeKnowledge>(std::move(k));
}

Result<std::shared_ptr<const TimeKnowledge>> TimeKnowledge::Load(const std::string& data_dir) {
  return Make(DataDirectory(data_dir));
}

}  // namespace vigie
