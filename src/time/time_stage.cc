// Time expressions; see time_stage.h.
#include "time/time_stage.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "base/calendar.h"
#include "base/utf8.h"

namespace vigie {

namespace {

// A day and month without a year lie within this window around publication.
constexpr int64_t kDaysBackForDayMonth = 335;
constexpr int64_t kDaysAheadForDayMonth = 30;

struct Captures {
  int8_t weekday[2] = {0, 0}, month[2] = {0, 0};
  int16_t day[2] = {0, 0}, year[2] = {0, 0};
  uint8_t n_weekday = 0, n_month = 0, n_day = 0, n_year = 0;
  int8_t day_offset = 0;
  bool has_offset = false, has_part = false;
  bool last = false, next = false, this_ = false;
  TimeUnit unit = TimeUnit::kNone;
};

size_t LeadingDigits(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  return n;
}

// Matches one pattern at a token with backtracking over optional elements,
// keeping the longest match.
class Matcher {
 public:
  Matcher(const Document& doc, const TimeLanguage& lang,
          const std::vector<const TimeWord*>& words, uint32_t first, uint32_t end)
      : doc_(doc), lang_(lang), words_(words), first_(first), end_(end) {}

  // The end (exclusive) of the longest match of p starting at token i, or 0.
  uint32_t Longest(const TimePattern& p, uint32_t i, Captures* caps) {
    best_end_ = 0;
    Walk(p, 0, i, Captures());
    if (best_end_ != 0) *caps = best_;
    return best_end_;
  }

 private:
  void Walk(const TimePattern& p, size_t e, uint32_t t, Captures caps) {
    if (e == p.elements.size()) {
      if (t > best_end_) {
        best_end_ = t;
        best_ = caps;
      }
      return;
    }
    const TimeElement& el = p.elements[e];
    if (el.slot == TimeSlot::kEnd) {
      if (t == end_ || doc_.tokens[t].kind == TokenKind::kPunct) Walk(p, e + 1, t, caps);
      return;
    }
    if (el.optional) Walk(p, e + 1, t, caps);
    if (t < end_ && Accept(el, t, &caps)) Walk(p, e + 1, t + 1, caps);
  }

  bool CaseFits(uint32_t classes, const Token& tok) const {
    const bool capital = (tok.flags & token_flags::kCapitalised) != 0;
    if ((classes & lang_.capitalised) != 0 && !capital) return false;
    if ((classes & lang_.lower_case) != 0 && capital &&
        (tok.flags & token_flags::kSentenceStart) == 0 && tok.begin != SentenceBegin())
      return false;
    return true;
  }
  uint32_t SentenceBegin() const { return doc_.tokens[first_].begin; }

  bool Accept(const TimeElement& el, uint32_t t, Captures* c) const {
    const Token& tok = doc_.tokens[t];
    const TimeWord* w = words_[t - first_];
    if (el.slot == TimeSlot::kLiteral) {
      if (w == nullptr || w->literal < 0) return false;
      for (int32_t id : el.literals)
        if (id == w->literal) return true;
      return false;
    }
    if (el.slot == TimeSlot::kDay || el.slot == TimeSlot::kYear || el.slot == TimeSlot::kMonthNum) {
      if (tok.kind != TokenKind::kNumber) {
        // An ordinal word ("premier") stands for a day.
        if (el.slot != TimeSlot::kDay || w == nullptr ||
            (w->classes & TimeSlotBit(TimeSlot::kOrdinal)) == 0 || c->n_day >= 2)
          return false;
        c->day[c->n_day++] = w->ordinal;
        return true;
      }
      const std::string_view form = doc_.Form(tok);
      const size_t digits = LeadingDigits(form);
      const double v = tok.value;
      // Days, months and years are small whole numbers (a cast of a huge
      // value to int would be undefined).
      if (!(v >= 0 && v <= 9999) || v != std::floor(v)) return false;
      const int n = static_cast<int>(v);
      switch (el.slot) {
        case TimeSlot::kDay:
          if (digits > 2 || n < 1 || n > 31 || c->n_day >= 2) return false;
          c->day[c->n_day++] = static_cast<int16_t>(n);
          return true;
        case TimeSlot::kYear:
          if (digits != 4 || form.size() != 4 || n < 1800 || n > 2199 || c->n_year >= 2) return false;
          c->year[c->n_year++] = static_cast<int16_t>(n);
          return true;
        default:  // kMonthNum
          if (digits > 2 || form.size() != digits || n < 1 || n > 12 || c->n_month >= 2) return false;
          c->month[c->n_month++] = static_cast<int8_t>(n);
          return true;
      }
    }
    if (w == nullptr || (w->classes & TimeSlotBit(el.slot)) == 0) return false;
    if (!CaseFits(TimeSlotBit(el.slot), tok)) return false;
    switch (el.slot) {
      case TimeSlot::kWeekday:
        if (c->n_weekday >= 2) return false;
        c->weekday[c->n_weekday++] = w->weekday;
        break;
      case TimeSlot::kMonth:
        if (c->n_month >= 2) return false;
        c->month[c->n_month++] = w->month;
        break;
      case TimeSlot::kDayRel:
        c->day_offset = w->day_offset;
        c->has_offset = true;
        break;
      case TimeSlot::kPart: c->has_part = true; break;
      case TimeSlot::kLast: c->last = true; break;
      case TimeSlot::kNext: c->next = true; break;
      case TimeSlot::kThis: c->this_ = true; break;
      case TimeSlot::kUnit: c->unit = w->unit; break;
      case TimeSlot::kOrdinal:
        if (c->n_day >= 2) return false;
        c->day[c->n_day++] = w->ordinal;
        break;
      default: return false;
    }
    return true;
  }

  const Document& doc_;
  const TimeLanguage& lang_;
  const std::vector<const TimeWord*>& words_;
  const uint32_t first_, end_;
  uint32_t best_end_ = 0;
  Captures best_;
};

// Resolves captured slots to a range of days; nullopt publication date means
// only dates written in full can be resolved.
class Resolver {
 public:
  explicit Resolver(std::optional<int64_t> published) : pub_(published) {
    if (pub_) pub_date_ = calendar::CivilFromDays(*pub_);
  }

  bool Resolve(TimeKind kind, const Captures& c, int64_t* earliest, int64_t* latest,
               bool* relative) {
    relative_ = false;
    std::optional<int64_t> a, b;
    switch (kind) {
      case TimeKind::kDay:
      case TimeKind::kPart:
        a = BaseDay(c, /*fallback_to_publication=*/kind == TimeKind::kPart);
        b = a;
        break;
      case TimeKind::kNight:
        if (c.n_weekday == 2) {
          b = WeekdayDay(c.weekday[1], c);
          if (b) a = *b - 1;
        } else {
          a = c.n_day + c.n_weekday + (c.has_offset ? 1 : 0) > 0 ? BaseDay(c, false) : Pub(-1);
          if (a) b = *a + 1;
        }
        break;
      case TimeKind::kMonth:
        if (c.n_month > 0) {
          auto ym = YearOfMonth(c.month[0], c);
          if (ym) {
            a = calendar::DaysFromCivil(*ym, c.month[0], 1);
            b = *a + calendar::DaysInMonth(*ym, c.month[0]) - 1;
          }
        } else {
          UnitRange(TimeUnit::kMonth, c, &a, &b);
        }
        break;
      case TimeKind::kYear:
        if (c.n_year > 0) {
          a = calendar::DaysFromCivil(c.year[0], 1, 1);
          b = calendar::DaysFromCivil(c.year[0], 12, 31);
        } else {
          UnitRange(TimeUnit::kYear, c, &a, &b);
        }
        break;
      case TimeKind::kRange:
        if (c.n_day == 2) DayRange(c, &a, &b);
        else UnitRange(c.unit, c, &a, &b);
        break;
    }
    if (!a || !b || *b < *a) return false;
    *earliest = *a;
    *latest = *b;
    *relative = relative_;
    return true;
  }

 private:
  std::optional<int64_t> Pub(int64_t offset) {
    if (!pub_) return std::nullopt;
    relative_ = true;
    return *pub_ + offset;
  }

  // The day a day or part-of-day pattern names.
  std::optional<int64_t> BaseDay(const Captures& c, bool fallback_to_publication) {
    if (c.n_day > 0) {
      if (c.n_month > 0) return DayMonth(c.day[0], c.month[0], c.n_year > 0 ? c.year[0] : 0, c);
      return DayOfRecentMonth(c.day[0]);
    }
    if (c.n_weekday > 0) return WeekdayDay(c.weekday[0], c);
    if (c.has_offset) return Pub(c.day_offset);
    if (fallback_to_publication) return Pub(0);
    return std::nullopt;
  }

  std::optional<int64_t> WeekdayDay(int weekday, const Captures& c) {
    if (!pub_) return std::nullopt;
    relative_ = true;
    const int today = calendar::Weekday(*pub_);
    if (c.next) {
      int ahead = (weekday - today + 7) % 7;
      return *pub_ + (ahead == 0 ? 7 : ahead);
    }
    int back = (today - weekday + 7) % 7;
    if (c.last && back == 0) back = 7;
    return *pub_ - back;
  }

  std::optional<int64_t> DayMonth(int day, int month, int year, const Captures& c) {
    if (year != 0) {
      if (!calendar::IsValid(year, month, day)) return std::nullopt;
      return calendar::DaysFromCivil(year, month, day);
    }
    if (!pub_) return std::nullopt;
    relative_ = true;
    int y = pub_date_.year;
    auto at = [&](int yy) -> std::optional<int64_t> {
      if (!calendar::IsValid(yy, month, day)) return std::nullopt;
      return calendar::DaysFromCivil(yy, month, day);
    };
    auto d = at(y);
    if (!d) d = at(--y);  // 29 February
    if (!d) return std::nullopt;
    if (c.last) {
      if (*d >= *pub_) d = at(y - 1);
    } else if (c.next) {
      if (*d <= *pub_) d = at(y + 1);
    } else if (*d > *pub_ + kDaysAheadForDayMonth) {
      d = at(y - 1);
    } else if (*d < *pub_ - kDaysBackForDayMonth) {
      d = at(y + 1);
    }
    return d;
  }

  // "le 3": this month, or the last one when the 3rd is yet to come.
  std::optional<int64_t> DayOfRecentMonth(int day) {
    if (!pub_) return std::nullopt;
    relative_ = true;
    int y = pub_date_.year, m = pub_date_.month;
    if (day > pub_date_.day && --m == 0) {
      m = 12;
      --y;
    }
    if (!calendar::IsValid(y, m, day)) return std::nullopt;
    return calendar::DaysFromCivil(y, m, day);
  }

  std::optional<int> YearOfMonth(int month, const Captures& c) {
    if (c.n_year > 0) return c.year[0];
    if (!pub_) return std::nullopt;
    relative_ = true;
    const int y = pub_date_.year, m = pub_date_.month;
    if (c.next) return month > m ? y : y + 1;
    if (c.last) return month < m ? y : y - 1;
    return month <= m ? y : y - 1;
  }

  void DayRange(const Captures& c, std::optional<int64_t>* a, std::optional<int64_t>* b) {
    // "du 3 au 5 mai": one month, after the second day; "du 3 mai au 5 juin": two.
    const int m2 = c.month[c.n_month - 1], m1 = c.month[0];
    const int y2 = c.n_year > 0 ? c.year[c.n_year - 1] : 0;
    *b = DayMonth(c.day[1], m2, y2, c);
    if (!*b) return;
    const int end_year = calendar::CivilFromDays(**b).year;
    int y1 = c.n_year == 2 ? c.year[0] : end_year;
    if (!calendar::IsValid(y1, m1, c.day[0])) return;
    *a = calendar::DaysFromCivil(y1, m1, c.day[0]);
    if (**a > **b && c.n_year < 2 && calendar::IsValid(y1 - 1, m1, c.day[0]))
      *a = calendar::DaysFromCivil(y1 - 1, m1, c.day[0]);
  }

  // The week, weekend, month or year of publication, or the one before
  // ("dernier") or after ("prochain").
  void UnitRange(TimeUnit unit, const Captures& c, std::optional<int64_t>* a,
                 std::optional<int64_t>* b) {
    if (!pub_) return;
    relative_ = true;
    const int shift = c.last ? -1 : c.next ? 1 : 0;
    const int64_t monday = *pub_ - (calendar::Weekday(*pub_) - 1) + 7 * shift;
    switch (unit) {
      case TimeUnit::kWeek:
        *a = monday;
        *b = monday + 6;
        break;
      case TimeUnit::kWeekend:
        *a = monday + 5;
        *b = monday + 6;
        break;
      case TimeUnit::kMonth: {
        int y = pub_date_.year, m = pub_date_.month + shift;
        if (m == 0) m = 12, --y;
        if (m == 13) m = 1, ++y;
        *a = calendar::DaysFromCivil(y, m, 1);
        *b = **a + calendar::DaysInMonth(y, m) - 1;
        break;
      }
      case TimeUnit::kYear:
        *a = calendar::DaysFromCivil(pub_date_.year + shift, 1, 1);
        *b = calendar::DaysFromCivil(pub_date_.year + shift, 12, 31);
        break;
      case TimeUnit::kNone:
        break;
    }
  }

  std::optional<int64_t> pub_;
  calendar::Date pub_date_;
  bool relative_ = false;
};

}  // namespace

Status TimeStage::Process(Document& doc) {
  doc.times.clear();
  std::optional<int64_t> published;
  if (!doc.published.empty()) published = calendar::ParseIso(doc.published);
  Resolver resolver(published);
  for (const Sentence& s : doc.sentences) {
    if (s.token_count == 0) continue;
    std::string_view code = doc.language;
    if (s.paragraph < doc.paragraphs.size() && !doc.paragraphs[s.paragraph].language.empty())
      code = doc.paragraphs[s.paragraph].language;
    const TimeLanguage* lang = knowledge_->Language(code);
    if (lang == nullptr) continue;
    const uint32_t first = s.first_token, end = s.first_token + s.token_count;
    words_.assign(s.token_count, nullptr);
    bool any = false;
    for (uint32_t t = first; t < end; ++t) {
      const Token& tok = doc.tokens[t];
      if (tok.kind != TokenKind::kWord && tok.kind != TokenKind::kPunct) continue;
      words_[t - first] = lang->Find(doc.FoldedForm(t));
      any |= words_[t - first] != nullptr;
    }
    if (!any) continue;  // no calendar word: numbers alone name no date
    Matcher matcher(doc, *lang, words_, first, end);
    for (uint32_t t = first; t < end;) {
      const Token& tok = doc.tokens[t];
      if (words_[t - first] == nullptr && tok.kind != TokenKind::kNumber) {
        ++t;
        continue;
      }
      // Only the patterns whose first word this token may be.
      candidates_.clear();
      auto add = [&](const std::vector<uint16_t>& list) {
        candidates_.insert(candidates_.end(), list.begin(), list.end());
      };
      if (const TimeWord* w = words_[t - first]) {
        if (w->literal >= 0) add(lang->starts_by_literal[static_cast<size_t>(w->literal)]);
        for (int slot = 0; slot < static_cast<int>(TimeSlot::kCount); ++slot)
          if ((w->classes & (1u << slot)) != 0) add(lang->starts_by_slot[slot]);
        if ((w->classes & TimeSlotBit(TimeSlot::kOrdinal)) != 0)
          add(lang->starts_by_slot[static_cast<int>(TimeSlot::kDay)]);
      }
      if (tok.kind == TokenKind::kNumber) {
        add(lang->starts_by_slot[static_cast<int>(TimeSlot::kDay)]);
        add(lang->starts_by_slot[static_cast<int>(TimeSlot::kYear)]);
        add(lang->starts_by_slot[static_cast<int>(TimeSlot::kMonthNum)]);
      }
      std::sort(candidates_.begin(), candidates_.end());
      candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
      uint32_t best_end = 0;
      const TimePattern* best = nullptr;
      Captures caps, best_caps;
      for (uint16_t index : candidates_) {
        const TimePattern& p = lang->patterns[index];
        const uint32_t e = matcher.Longest(p, t, &caps);
        if (e > best_end) {
          best_end = e;
          best = &p;
          best_caps = caps;
        }
      }
      if (best == nullptr) {
        ++t;
        continue;
      }
      int64_t earliest, latest;
      bool relative;
      if (!best->skip && resolver.Resolve(best->kind, best_caps, &earliest, &latest, &relative)) {
        TimeExpr x;
        x.span = {tok.begin, doc.tokens[best_end - 1].end};
        x.first_token = t;
        x.token_count = best_end - t;
        x.kind = best->kind;
        x.earliest = calendar::FormatIso(earliest);
        x.latest = calendar::FormatIso(latest);
        x.relative = relative;
        x.evidence = {x.span, best->where};
        doc.times.push_back(std::move(x));
      }
      t = best_end;
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeTimeStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<TimeStage, TimeKnowledge>(config, cache, "time");
}

}  // namespace vigie
