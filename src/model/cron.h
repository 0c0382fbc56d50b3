// Five-field cron schedules ("0 9 * * MON") for recurring audience journeys.
//
// Fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or JAN-DEC), day of week
// (0-7 or SUN-SAT, 0 and 7 both Sunday). Each field: `*`, a value, a range `a-b`, a list `a,b`,
// and steps `*/n` or `a-b/n`. As in Vixie cron, when both day fields are restricted a day
// matches if either does.
#pragma once

#include <bitset>
#include <string_view>

#include "parcours/error.h"

namespace parcours::model {

struct CronSchedule {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;  // bit 0 unused
  std::bitset<13> months;         // bit 0 unused
  std::bitset<7> days_of_week;    // 0 = Sunday
  bool day_of_month_restricted = false;
  bool day_of_week_restricted = false;
};

// Error::InvalidArgument naming the field and what is wrong with it.
Result<CronSchedule> ParseCron(std::string_view text);

}  // namespace parcours::model
