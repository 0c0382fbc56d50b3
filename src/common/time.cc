// ISO-8601 durations and RFC 3339 times, parsed strictly by hand: the formats are tiny and
// date::parse neither refuses years/months in durations nor accepts both 'Z' and offsets in one
// pattern (docs/decisions.md).
#include "parcours/time.h"

#include <date/date.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace parcours {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kMaxMillis = std::int64_t{1} << 52;  // ~142,000 years: plenty, no overflow

Error BadDuration(std::string_view text, std::string why) {
  return Error::InvalidArgument("'" + std::string(text) + "' is not a valid duration: " + why);
}

Error BadTime(std::string_view text, std::string why) {
  return Error::InvalidArgument("'" + std::string(text) + "' is not a valid RFC 3339 time: " + why);
}

// Reads exactly `n` digits at `pos`.
bool ReadDigits(std::string_view s, std::size_t& pos, int n, int& out) {
  if (pos + static_cast<std::size_t>(n) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  out = v;
  return true;
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() != 'P') {
    return Fail(BadDuration(text, "it must start with 'P' (for example 'P3D', 'PT30M')"));
  }
  std::size_t pos = 1;
  bool in_time = false;
  bool any = false;
  char last_unit = 0;
  std::int64_t total = 0;
  const std::string_view date_order = "WD";
  const std::string_view time_order = "HMS";
  while (pos < s.size()) {
    if (s[pos] == 'T') {
      if (in_time) return Fail(BadDuration(text, "'T' appears twice"));
      in_time = true;
      last_unit = 0;
      ++pos;
      if (pos == s.size()) return Fail(BadDuration(text, "nothing follows 'T'"));
      continue;
    }
    std::size_t start = pos;
    std::int64_t whole = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      whole = whole * 10 + (s[pos] - '0');
      if (whole > kMaxMillis) return Fail(BadDuration(text, "it is too long"));
      ++pos;
    }
    std::int64_t frac_ms = 0;
    bool has_fraction = false;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      has_fraction = true;
      ++pos;
      int digits = 0;
      std::size_t frac_start = pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (pos == frac_start)
        return Fail(BadDuration(text, "a decimal point needs digits after it"));
      for (int d = digits; d < 3; ++d) frac_ms *= 10;
    }
    if (pos == start) {
      return Fail(BadDuration(text, std::string("expected a number before '") +
                                        (pos < s.size() ? std::string(1, s[pos]) : "end") + "'"));
    }
    if (pos == s.size()) return Fail(BadDuration(text, "the last number has no unit"));
    char unit = s[pos++];
    if (!in_time && (unit == 'Y' || unit == 'M')) {
      return Fail(BadDuration(
          text, "years and months have no fixed length; use days (for example 'P30D')"));
    }
    std::string_view order = in_time ? time_order : date_order;
    std::size_t unit_index = order.find(unit);
    if (unit_index == std::string_view::npos) {
      return Fail(BadDuration(
          text, std::string("unknown unit '") + unit + "'" +
                    (in_time ? " (use H, M or S after 'T')" : " (use D, or W, before 'T')")));
    }
    if (last_unit != 0 && order.find(last_unit) >= unit_index) {
      return Fail(BadDuration(text, "units must appear once each, largest first"));
    }
    if (has_fraction && unit != 'S') {
      return Fail(BadDuration(text, "only seconds may have a fraction"));
    }
    last_unit = unit;
    std::int64_t unit_ms = 0;
    switch (unit) {
      case 'W':
        unit_ms = 7 * 86'400'000LL;
        break;
      case 'D':
        unit_ms = 86'400'000LL;
        break;
      case 'H':
        unit_ms = 3'600'000LL;
        break;
      case 'M':
        unit_ms = 60'000LL;
        break;
      default:
        unit_ms = 1'000LL;
        break;
    }
    if (whole > kMaxMillis / unit_ms) return Fail(BadDuration(text, "it is too long"));
    total += whole * unit_ms + frac_ms;
    if (total > kMaxMillis) return Fail(BadDuration(text, "it is too long"));
    any = true;
  }
  if (!any) return Fail(BadDuration(text, "it has no amount (for example 'PT0S')"));
  return Duration(negative ? -total : total);
}

std::string FormatDuration(Duration duration) {
  std::int64_t ms = duration.count();
  std::string out;
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  out += 'P';
  std::int64_t d = ms / 86'400'000LL;
  ms %= 86'400'000LL;
  std::int64_t h = ms / 3'600'000LL;
  ms %= 3'600'000LL;
  std::int64_t m = ms / 60'000LL;
  ms %= 60'000LL;
  std::int64_t s = ms / 1000;
  ms %= 1000;
  if (d > 0) out += std::to_string(d) + "D";
  if (h > 0 || m > 0 || s > 0 || ms > 0 || d == 0) {
    out += 'T';
    if (h > 0) out += std::to_string(h) + "H";
    if (m > 0) out += std::to_string(m) + "M";
    if (s > 0 || ms > 0 || (h == 0 && m == 0)) {
      out += std::to_string(s);
      if (ms > 0) {
        std::string frac = std::to_string(ms + 1000).substr(1);
        while (frac.back() == '0') frac.pop_back();
        out += "." + frac;
      }
      out += 'S';
    }
  }
  return out;
}

Result<Time> ParseTime(std::string_view text) {
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  auto expect = [&](char c) {
    if (pos < text.size() &&
        (text[pos] == c || (c == 'T' && (text[pos] == 't' || text[pos] == ' ')))) {
      ++pos;
      return true;
    }
    return false;
  };
  if (!ReadDigits(text, pos, 4, y) || !expect('-') || !ReadDigits(text, pos, 2, mo) ||
      !expect('-') || !ReadDigits(text, pos, 2, d)) {
    return Fail(
        BadTime(text, "expected a date as YYYY-MM-DD (for example '2026-12-01T09:00:00Z')"));
  }
  if (!expect('T') || !ReadDigits(text, pos, 2, h) || !expect(':') ||
      !ReadDigits(text, pos, 2, mi) || !expect(':') || !ReadDigits(text, pos, 2, s)) {
    return Fail(BadTime(text, "expected 'T' and a time as hh:mm:ss after the date"));
  }
  std::int64_t frac_ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (digits < 3) frac_ms = frac_ms * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return Fail(BadTime(text, "a decimal point needs digits after it"));
    for (int i = digits; i < 3; ++i) frac_ms *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos, 2, oh) || !expect(':') || !ReadDigits(text, pos, 2, om) || oh > 23 ||
        om > 59) {
      return Fail(BadTime(text, "the offset must be +hh:mm or -hh:mm"));
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return Fail(BadTime(text, "a time zone is required: 'Z' or an offset like '+01:00'"));
  }
  if (pos != text.size()) return Fail(BadTime(text, "unexpected text after the time"));
  date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(mo)),
                           date::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return Fail(BadTime(text, "no such date"));
  if (h > 23 || mi > 59 || s > 60) return Fail(BadTime(text, "no such time of day"));
  if (s == 60) s = 59;  // leap second: keep it inside the minute
  auto day_point = date::sys_days(ymd);
  Time t = std::chrono::time_point_cast<milliseconds>(day_point) + hours(h) + minutes(mi) +
           seconds(s) + milliseconds(frac_ms) - minutes(offset_minutes);
  return t;
}

std::string FormatTime(Time time) {
  auto day = date::floor<days>(time);
  date::year_month_day ymd(day);
  auto tod = date::make_time(time - day);
  char buf[96];
  int y = static_cast<int>(ymd.year());
  unsigned mo = static_cast<unsigned>(ymd.month());
  unsigned d = static_cast<unsigned>(ymd.day());
  long h = tod.hours().count();
  long mi = tod.minutes().count();
  long long s = tod.seconds().count();
  long long ms = tod.subseconds().count();
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lld.%03lldZ", y, mo, d, h, mi, s,
                  ms);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", y, mo, d, h, mi, s);
  }
  return buf;
}

}  // namespace parcours
