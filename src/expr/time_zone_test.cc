#include <gtest/gtest.h>

#include "expr/test_util.h"

namespace parcours::expr {
namespace {

using testing::Eval;
using testing::Num;

Context InZone(const char* zone) {
  Context context;
  context.zone = FindTimeZone(zone);
  EXPECT_NE(context.zone, nullptr) << zone;
  return context;
}

TEST(ExprTimeZone, FindsIanaZonesAndUtc) {
  EXPECT_NE(FindTimeZone("Europe/Paris"), nullptr);
  EXPECT_NE(FindTimeZone("America/New_York"), nullptr);
  EXPECT_NE(FindTimeZone("UTC"), nullptr);
}

TEST(ExprTimeZone, UnknownZoneIsNullNotAnException) {
  EXPECT_EQ(FindTimeZone("Mars/Olympus_Mons"), nullptr);
  EXPECT_EQ(FindTimeZone(""), nullptr);
  EXPECT_EQ(FindTimeZone("../../etc/passwd"), nullptr);
  EXPECT_EQ(FindTimeZone(std::string(5000, 'x')), nullptr);
}

TEST(ExprTimeZone, HourIsLocalToTheJourneysZone) {
  const char* noon = "hour(time('2026-07-01T12:00:00Z'))";
  EXPECT_EQ(Eval(noon, InZone("Europe/Paris")), Num(14));
  EXPECT_EQ(Eval(noon, InZone("America/New_York")), Num(8));
  EXPECT_EQ(Eval(noon, InZone("UTC")), Num(12));
  EXPECT_EQ(Eval(noon, InZone("Asia/Kolkata")), Num(17));  // +05:30
}

TEST(ExprTimeZone, DayOfWeekCrossesMidnightInTheZone) {
  // Sunday 23:30 UTC is Monday 01:30 in Paris and Sunday 19:30 in New York.
  const char* late_sunday = "dayOfWeek('2026-07-05T23:30:00Z')";
  EXPECT_EQ(Eval(late_sunday), Num(7));
  EXPECT_EQ(Eval(late_sunday, InZone("Europe/Paris")), Num(1));
  EXPECT_EQ(Eval(late_sunday, InZone("America/New_York")), Num(7));
  // Monday 02:00 UTC is still Sunday evening in New York.
  EXPECT_EQ(Eval("dayOfWeek('2026-07-06T02:00:00Z')", InZone("America/New_York")), Num(7));
  EXPECT_EQ(Eval("dayOfWeek('2026-07-06T02:00:00Z')", InZone("Pacific/Auckland")), Num(1));
}

TEST(ExprTimeZone, FollowsDaylightSavingChanges) {
  Context paris = InZone("Europe/Paris");
  // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST at 01:00 UTC.
  EXPECT_EQ(Eval("hour('2026-03-29T00:59:59Z')", paris), Num(1));
  EXPECT_EQ(Eval("hour('2026-03-29T01:00:00Z')", paris), Num(3));
  // Winter: +01:00.
  EXPECT_EQ(Eval("hour('2026-01-15T12:00:00Z')", paris), Num(13));
  // 2026-10-25: back from 03:00 CEST to 02:00 CET at 01:00 UTC; 02:xx happens twice.
  EXPECT_EQ(Eval("hour('2026-10-25T00:30:00Z')", paris), Num(2));
  EXPECT_EQ(Eval("hour('2026-10-25T01:30:00Z')", paris), Num(2));
  Context new_york = InZone("America/New_York");
  EXPECT_EQ(Eval("hour('2026-03-08T06:59:00Z')", new_york), Num(1));  // EST
  EXPECT_EQ(Eval("hour('2026-03-08T07:00:00Z')", new_york), Num(3));  // EDT
}

TEST(ExprTimeZone, EdgesOfTheTimeRangeConvertInAnyZone) {
  for (const char* zone : {"Europe/Paris", "America/New_York", "Pacific/Kiritimati", "UTC"}) {
    Context context = InZone(zone);
    for (const char* text :
         {"hour('0000-01-01T00:00:00Z')", "hour('9999-12-31T23:59:59.999Z')",
          "dayOfWeek('0000-01-01T00:00:00Z')", "dayOfWeek('9999-12-31T23:59:59Z')"}) {
      Value value = Eval(text, context);
      ASSERT_EQ(value.type(), Type::kNumber) << zone << " " << text;
      EXPECT_GE(value.AsNumber(), 0) << zone << " " << text;
      EXPECT_LE(value.AsNumber(), 23) << zone << " " << text;
    }
  }
}

TEST(ExprTimeZone, DaysBetweenCountsElapsedTimeNotCalendarDays) {
  // 23 h across the spring change are not a whole day.
  EXPECT_EQ(Eval("daysBetween('2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00')",
                 InZone("Europe/Paris")),
            Num(0));
}

}  // namespace
}  // namespace parcours::expr
