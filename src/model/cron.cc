#include "model/cron.h"

#include <array>
#include <charconv>
#include <string>
#include <vector>

namespace parcours::model {
namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  std::array<std::string_view, 13> names;  // names[i] is value (min + i); empty when none
};

constexpr FieldSpec kFields[] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month",
     1,
     12,
     {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", ""}},
    {"day of week",
     0,
     7,
     {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN", "", "", "", "", ""}},
};

bool ParseValue(std::string_view text, const FieldSpec& spec, int& out) {
  if (text.empty()) return false;
  if (text[0] >= '0' && text[0] <= '9') {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && out >= spec.min &&
           out <= spec.max;
  }
  std::string upper;
  for (char c : text) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  for (std::size_t i = 0; i < spec.names.size(); ++i) {
    if (!spec.names[i].empty() && spec.names[i] == upper) {
      out = spec.min + static_cast<int>(i);
      return true;
    }
  }
  return false;
}

// Sets bits [min..max] matching one field's text; false when it does not parse.
bool ParseField(std::string_view text, const FieldSpec& spec, std::vector<bool>& bits,
                bool& restricted) {
  restricted = text != "*";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    int step = 1;
    if (std::size_t slash = item.find('/'); slash != std::string_view::npos) {
      std::string_view s = item.substr(slash + 1);
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), step);
      if (ec != std::errc() || ptr != s.data() + s.size() || step < 1) return false;
      item = item.substr(0, slash);
    }
    int lo = 0, hi = 0;
    if (item == "*") {
      lo = spec.min;
      hi = spec.max;
    } else if (std::size_t dash = item.find('-'); dash != std::string_view::npos) {
      if (!ParseValue(item.substr(0, dash), spec, lo) ||
          !ParseValue(item.substr(dash + 1), spec, hi) || lo > hi) {
        return false;
      }
    } else {
      if (!ParseValue(item, spec, lo)) return false;
      hi = step > 1 ? spec.max : lo;
    }
    for (int v = lo; v <= hi; v += step) bits[static_cast<std::size_t>(v)] = true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return true;
}

}  // namespace

Result<CronSchedule> ParseCron(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) fields.push_back(text.substr(i, j - i));
    i = j;
  }
  if (fields.size() != 5) {
    return Fail(Error::InvalidArgument("cron schedule '" + std::string(text) +
                                       "' must have 5 fields (minute hour day-of-month " +
                                       "month day-of-week), not " + std::to_string(fields.size())));
  }
  CronSchedule cron;
  for (std::size_t f = 0; f < 5; ++f) {
    std::vector<bool> bits(static_cast<std::size_t>(kFields[f].max + 1), false);
    bool restricted = false;
    if (!ParseField(fields[f], kFields[f], bits, restricted)) {
      return Fail(Error::InvalidArgument(
          "cron schedule '" + std::string(text) + "': the " + kFields[f].name + " field '" +
          std::string(fields[f]) + "' is not valid (allowed " + std::to_string(kFields[f].min) +
          "-" + std::to_string(kFields[f].max) + ")"));
    }
    for (std::size_t b = 0; b < bits.size(); ++b) {
      if (!bits[b]) continue;
      switch (f) {
        case 0:
          cron.minutes.set(b);
          break;
        case 1:
          cron.hours.set(b);
          break;
        case 2:
          cron.days_of_month.set(b);
          break;
        case 3:
          cron.months.set(b);
          break;
        default:
          cron.days_of_week.set(b % 7);
          break;
      }
    }
    if (f == 2) cron.day_of_month_restricted = restricted;
    if (f == 4) cron.day_of_week_restricted = restricted;
  }
  return cron;
}

}  // namespace parcours::model
