// ISO 3166-1 country codes, alpha-2 to alpha-3 and back, from ICU's list of
// regions. Built once, shared by all threads.
#pragma once

#include <string>
#include <string_view>

namespace vigie {

// "SY" -> "SYR"; empty for an unknown code.
std::string_view CountryIso3(std::string_view iso2);
// "SYR" -> "SY"; empty for an unknown code.
std::string_view CountryIso2(std::string_view iso3);

}  // namespace vigie
