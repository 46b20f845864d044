// Publication dates written by machines: ISO 8601 ("2024-03-04",
// "2024-03-04T10:00:00Z", "2024-03-04 10:00:00+01:00") and RFC 822 / 1123 /
// 2822 as RSS and HTTP write them ("Mon, 04 Mar 2024 10:00:00 GMT",
// "4 Mar 2024 10:00 +0100"). The day is the one written, in the writer's own
// time zone: the publisher's calendar day, as a dateline gives it.
// Dates that do not exist (2024-02-30, 2024-13-45) are refused, never
// clamped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie::date_text {

// "YYYY-MM-DD", or nullopt when the text is not one of the forms above or
// names a day that does not exist.
std::optional<std::string> ParseMachineDate(std::string_view text);

// Why a strict "YYYY-MM-DD" is not a date ("month 13 does not exist",
// "February 2024 has 29 days"), or empty when it is one.
std::string WhyNotIsoDate(std::string_view text);

// 1..12 for an English month abbreviation or name ("Mar", "march",
// "Sept"), as RFC 822 writes them; 0 otherwise.
int EnglishMonth(std::string_view word);

}  // namespace vigie::date_text
