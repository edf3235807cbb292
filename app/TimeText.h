#pragma once
// Times for visitors: RFC 3339 stamps (the scene's schedule, --now) read into UTC, and shown in
// the visitor's time zone (the C library's TZ rules: GCC 12 has no std::chrono time zones) with
// day and month names in their language.
//
// Any thread. Failure: parseRfc3339() returns nothing for a malformed stamp.

#include <ctime>
#include <optional>
#include <string>

namespace docent::app {

// "2026-12-05T14:00:00+01:00" (or "Z", optional fractional seconds) as seconds since the epoch.
std::optional<std::time_t> parseRfc3339(const std::string& text);

// The local date and time of t in language (en, fr, zh), with the zone's abbreviation, e.g.
// "Sat 5 Dec, 14:00 CET", "sam. 5 déc., 14:00 CET", "12月5日 星期六 14:00 CET".
std::string localTimeText(std::time_t t, const std::string& language);

} // namespace docent::app
