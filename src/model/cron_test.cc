#include "model/cron.h"

#include <gtest/gtest.h>

namespace parcours::model {
namespace {

TEST(Cron, ParsesEveryMondayAtNine) {
  auto c = ParseCron("0 9 * * MON");
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->minutes.test(0));
  EXPECT_EQ(c->minutes.count(), 1u);
  EXPECT_TRUE(c->hours.test(9));
  EXPECT_EQ(c->days_of_week.count(), 1u);
  EXPECT_TRUE(c->days_of_week.test(1));
  EXPECT_FALSE(c->day_of_month_restricted);
  EXPECT_TRUE(c->day_of_week_restricted);
}

TEST(Cron, ParsesListsRangesStepsAndNames) {
  auto c = ParseCron("*/15 8-18/2 1,15 jan-mar 0,7");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->minutes.count(), 4u);
  EXPECT_EQ(c->hours.count(), 6u);
  EXPECT_TRUE(c->days_of_month.test(1));
  EXPECT_TRUE(c->days_of_month.test(15));
  EXPECT_EQ(c->months.count(), 3u);
  EXPECT_EQ(c->days_of_week.count(), 1u);  // 0 and 7 are both Sunday
}

TEST(Cron, RefusesMalformedSchedulesNamingTheField) {
  auto four = ParseCron("0 9 * *");
  ASSERT_FALSE(four.has_value());
  EXPECT_NE(four.error().message().find("5 fields"), std::string::npos);
  auto hour = ParseCron("0 24 * * *");
  ASSERT_FALSE(hour.has_value());
  EXPECT_NE(hour.error().message().find("hour"), std::string::npos);
  for (const char* bad : {"", "x * * * *", "*/0 * * * *", "5-1 * * * *", "* * 0 * *", "* * * 13 *",
                          "* * * * FUNDAY", "1,,2 * * * *"}) {
    EXPECT_FALSE(ParseCron(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace parcours::model
