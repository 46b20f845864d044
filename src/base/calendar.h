// Civil-calendar arithmetic (the time and code stages): dates as a count of days
// since 1970-01-01 (proleptic Gregorian, Howard Hinnant's algorithms), so
// "the day before", "the Saturday before" and "the week before" are integer
// sums; weekdays 1 = Monday .. 7 = Sunday (ISO 8601).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::calendar {

struct Date {
  int year = 1970, month = 1, day = 1;
};

int64_t DaysFromCivil(int year, int month, int day);
Date CivilFromDays(int64_t days);
int DaysInMonth(int year, int month);
// 1 = Monday .. 7 = Sunday.
int Weekday(int64_t days);
bool IsValid(int year, int month, int day);

// "YYYY-MM-DD"; nullopt unless it is a valid date.
std::optional<int64_t> ParseIso(std::string_view text);
std::string FormatIso(int64_t days);
std::string FormatIso(int year, int month, int day);

}  // namespace vigie::calendar
