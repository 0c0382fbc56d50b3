#include "parcours/time.h"

#include <gtest/gtest.h>

namespace parcours {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesDaysHoursMinutesSeconds) {
  EXPECT_EQ(ParseDuration("P3DT4H5M6S").value(), 3 * 24h + 4h + 5min + 6s);
  EXPECT_EQ(ParseDuration("PT30S").value(), 30s);
  EXPECT_EQ(ParseDuration("P1DT12H").value(), 36h);
  EXPECT_EQ(ParseDuration("PT0.5S").value(), 500ms);
  EXPECT_EQ(ParseDuration("P2W").value(), 14 * 24h);
  EXPECT_EQ(ParseDuration("PT0S").value(), 0ms);
  EXPECT_EQ(ParseDuration("-PT5M").value(), -5min);
}

TEST(Duration, RefusesYearsAndMonthsWithAReason) {
  auto years = ParseDuration("P1Y");
  ASSERT_FALSE(years.has_value());
  EXPECT_TRUE(years.error().IsInvalidArgument());
  EXPECT_NE(years.error().message().find("no fixed length"), std::string::npos);
  EXPECT_FALSE(ParseDuration("P2M").has_value());
}

TEST(Duration, RefusesMalformedText) {
  for (const char* bad : {"", "P", "PT", "3D", "P3", "PT1D", "P1H", "PT1H1H", "PT1M1H", "P1.5D",
                          "PT.S", "PT5X", "P99999999999999999999D"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(Duration, FormatsCanonically) {
  EXPECT_EQ(FormatDuration(36h), "P1DT12H");
  EXPECT_EQ(FormatDuration(30s), "PT30S");
  EXPECT_EQ(FormatDuration(0ms), "PT0S");
  EXPECT_EQ(FormatDuration(250ms), "PT0.25S");
  EXPECT_EQ(FormatDuration(3 * 24h), "P3D");
  EXPECT_EQ(FormatDuration(-5min), "-PT5M");
  for (const char* text : {"P3DT4H5M6S", "PT30S", "P91D", "PT1.5S"}) {
    EXPECT_EQ(FormatDuration(ParseDuration(text).value()), text);
  }
}

TEST(Time, ParsesUtcAndOffsets) {
  Time t = ParseTime("2026-12-01T09:00:00Z").value();
  EXPECT_EQ(FormatTime(t), "2026-12-01T09:00:00Z");
  EXPECT_EQ(ParseTime("2026-12-01T10:00:00+01:00").value(), t);
  EXPECT_EQ(ParseTime("2026-12-01T08:30:00-00:30").value(), t);
  EXPECT_EQ(FormatTime(ParseTime("2026-12-01T09:00:00.25Z").value()), "2026-12-01T09:00:00.250Z");
}

TEST(Time, RefusesMalformedOrImpossibleTimes) {
  for (const char* bad : {"", "2026-12-01", "2026-12-01T09:00:00", "2026-13-01T00:00:00Z",
                          "2026-02-30T00:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01T09:00Z",
                          "2026-12-01T09:00:00+1", "2026-12-01T09:00:00Zjunk", "yesterday"}) {
    auto r = ParseTime(bad);
    EXPECT_FALSE(r.has_value()) << bad;
    if (!r) {
      EXPECT_TRUE(r.error().IsInvalidArgument());
    }
  }
}

}  // namespace
}  // namespace parcours
