// Time and durations as Parcours stores and shows them.
//
// `Time` is wall-clock time (UTC, millisecond precision): what a wait's due time, an event's
// timestamp and a report's window are made of. `Duration` is a fixed length of time.
// Durations are ISO-8601 with days, hours, minutes and seconds only ("P3DT4H5M6S", "PT0.5S",
// weeks "P2W" too); years and months are refused, having no fixed length. Times are RFC 3339
// ("2026-12-01T09:00:00Z", "2026-12-01T10:00:00.250+01:00").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "parcours/error.h"

namespace parcours {

using Duration = std::chrono::milliseconds;
using Time = std::chrono::sys_time<std::chrono::milliseconds>;

// Parses an ISO-8601 duration. The error (kInvalidArgument) says what is wrong with the text.
Result<Duration> ParseDuration(std::string_view text);

// Canonical ISO-8601 form: "P1DT2H", "PT30S", "PT0.25S", "PT0S"; negative as "-PT5M".
std::string FormatDuration(Duration duration);

// Parses an RFC 3339 time with a 'Z' or numeric offset, optional fraction (kept to ms).
Result<Time> ParseTime(std::string_view text);

// "2026-12-01T09:00:00Z", or with ".250" when there are milliseconds.
std::string FormatTime(Time time);

}  // namespace parcours
