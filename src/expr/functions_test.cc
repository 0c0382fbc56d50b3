#include <gtest/gtest.h>

#include "expr/functions.h"
#include "expr/test_util.h"

namespace parcours::expr {
namespace {

using namespace std::chrono_literals;
using testing::Eval;
using testing::EvalError;
using testing::Num;
using testing::Txt;
using testing::World;

Value True() { return Value::Bool(true); }
Value False() { return Value::Bool(false); }

TEST(ExprFunctions, ContainsLooksInTextsAndLists) {
  World w;
  EXPECT_EQ(Eval("contains('hello', 'ell')"), True());
  EXPECT_EQ(Eval("contains('hello', 'xyz')"), False());
  EXPECT_EQ(Eval("contains(['a', 'b'], 'b')"), True());
  EXPECT_EQ(Eval("contains([1, 2], '1')"), False());
  EXPECT_EQ(Eval("contains(event.data.tags, 'new')", w.context), True());
  EXPECT_EQ(Eval("contains(event.data.tags, 'old')", w.context), False());
  EXPECT_EQ(Eval("contains(profile.email, '@')", w.context), True());
  EXPECT_EQ(Eval("contains(profile.scores, 2)", w.context), True());
}

TEST(ExprFunctions, ContainsWithNull) {
  World w;
  EXPECT_EQ(Eval("contains(profile.missing, 'x')", w.context), Value());
  EXPECT_EQ(Eval("contains('abc', null)"), Value());
  EXPECT_EQ(Eval("contains([1, null], null)"), True());  // as `null in list`
  EXPECT_EQ(Eval("contains(event.data.tags, null)", w.context), True());
}

TEST(ExprFunctions, ContainsRefusesOtherTypes) {
  World w;
  ExprError error = EvalError("contains(3, 'x')");
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 9u);
  EXPECT_EQ(EvalError("contains('abc', 1)").code, "type_mismatch");
  EXPECT_EQ(EvalError("contains(profile.address, 'city')", w.context).code, "type_mismatch");
}

TEST(ExprFunctions, StartsWithAndEndsWith) {
  World w;
  EXPECT_EQ(Eval("startsWith(profile.email, 'ada@')", w.context), True());
  EXPECT_EQ(Eval("startsWith('abc', 'b')"), False());
  EXPECT_EQ(Eval("endsWith(profile.email, '.com')", w.context), True());
  EXPECT_EQ(Eval("endsWith('abc', '')"), True());
  EXPECT_EQ(Eval("startsWith(profile.missing, 'a')", w.context), Value());
  EXPECT_EQ(Eval("endsWith('a', profile.missing)", w.context), Value());
  ExprError error = EvalError("startsWith('abc', 1)");
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 18u);
}

TEST(ExprFunctions, LowerAndUpperChangeAsciiLetters) {
  World w;
  EXPECT_EQ(Eval("lower('HeLLo 42')"), Txt("hello 42"));
  EXPECT_EQ(Eval("upper(profile.firstName)", w.context), Txt("ADA"));
  EXPECT_EQ(Eval("upper('zo\\u00eb')"), Txt("ZO\xC3\xAB"));
  EXPECT_EQ(Eval("lower(null)"), Value());
  EXPECT_EQ(EvalError("lower(1)").code, "type_mismatch");
}

TEST(ExprFunctions, LenCountsCodePointsItemsAndFields) {
  World w;
  EXPECT_EQ(Eval("len('abc')"), Num(3));
  EXPECT_EQ(Eval("len('')"), Num(0));
  EXPECT_EQ(Eval("len(event.data.name)", w.context), Num(3));  // "Zoë": 4 bytes
  EXPECT_EQ(Eval("len('\\ud83d\\ude00')"), Num(1));
  EXPECT_EQ(Eval("len([1, 2, 3])"), Num(3));
  EXPECT_EQ(Eval("len(event.data.tags)", w.context), Num(4));
  EXPECT_EQ(Eval("len(profile.address)", w.context), Num(1));
  EXPECT_EQ(Eval("len(profile.tier)", w.context), Num(4));
  EXPECT_EQ(Eval("len(lower(profile.tier))", w.context), Num(4));
}

TEST(ExprFunctions, LenOfNullIsATypeMismatch) {
  World w;
  ExprError error = EvalError("len(profile.missing)", w.context);
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 4u);
  EXPECT_EQ(error.length, 15u);
  EXPECT_EQ(EvalError("len(3)").code, "type_mismatch");
  EXPECT_EQ(EvalError("len(event.data.count)", w.context).code, "type_mismatch");
}

TEST(ExprFunctions, ExistsIsTrueForAnythingButNull) {
  World w;
  EXPECT_EQ(Eval("exists(profile.tier)", w.context), True());
  EXPECT_EQ(Eval("exists(profile.missing)", w.context), False());
  EXPECT_EQ(Eval("exists(event.data.nothing)", w.context), False());
  EXPECT_EQ(Eval("exists(event.data.tags)", w.context), True());
  EXPECT_EQ(Eval("exists(event.data.nested)", w.context), True());
  EXPECT_EQ(Eval("exists(0)"), True());
  EXPECT_EQ(Eval("exists(null)"), False());
  w.context.event = nullptr;
  EXPECT_EQ(Eval("exists(event.data.tags)", w.context), False());
}

TEST(ExprFunctions, DurationParsesIso8601) {
  EXPECT_EQ(Eval("duration('P1DT2H')"), Value::FromDuration(26h));
  EXPECT_EQ(Eval("duration('PT0.5S')"), Value::FromDuration(500ms));
  EXPECT_EQ(Eval("duration(duration('PT1M'))"), Value::FromDuration(1min));
  EXPECT_EQ(Eval("duration(null)"), Value());
  ExprError years = EvalError("duration('P1Y')");
  EXPECT_EQ(years.code, "bad_argument");
  EXPECT_EQ(years.offset, 9u);
  EXPECT_EQ(years.length, 5u);
  EXPECT_NE(years.message.find("no fixed length"), std::string::npos);
  EXPECT_EQ(EvalError("duration(5)").code, "type_mismatch");
}

TEST(ExprFunctions, TimeParsesRfc3339) {
  EXPECT_EQ(Eval("time('2026-12-01T09:00:00Z')"),
            Value::FromTime(ParseTime("2026-12-01T09:00:00Z").value()));
  EXPECT_EQ(Eval("time('2026-12-01T10:00:00+01:00') == time('2026-12-01T09:00:00Z')"), True());
  EXPECT_EQ(Eval("time(null)"), Value());
  ExprError bad = EvalError("time('yesterday')");
  EXPECT_EQ(bad.code, "bad_argument");
  EXPECT_EQ(bad.offset, 5u);
  EXPECT_EQ(EvalError("time(12)").code, "type_mismatch");
}

TEST(ExprFunctions, HourAndDayOfWeekInUtcWithoutAZone) {
  World w;
  EXPECT_EQ(Eval("hour(event.timestamp)", w.context), Num(12));
  EXPECT_EQ(Eval("dayOfWeek(event.timestamp)", w.context), Num(3));  // 2026-07-01: Wednesday
  EXPECT_EQ(Eval("hour('2026-07-01T23:59:59Z')"), Num(23));
  EXPECT_EQ(Eval("dayOfWeek(time('2026-07-05T10:00:00Z'))"), Num(7));  // Sunday
  EXPECT_EQ(Eval("dayOfWeek(time('2026-07-06T00:00:00Z'))"), Num(1));  // Monday
  EXPECT_EQ(Eval("hour(event.data.when)", w.context), Num(12));
  EXPECT_EQ(Eval("hour(profile.missing)", w.context), Value());
  EXPECT_EQ(Eval("dayOfWeek(null)"), Value());
  EXPECT_EQ(EvalError("hour(3)").code, "type_mismatch");
  ExprError bad = EvalError("hour('soon')");
  EXPECT_EQ(bad.code, "bad_argument");
  EXPECT_EQ(bad.offset, 5u);
}

TEST(ExprFunctions, HourOfATimeFarOutOfRangeFailsWithoutCrashing) {
  Context far;
  far.now = Time(Duration(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(EvalError("hour(now)", far).code, "bad_argument");
  far.now = Time(Duration(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(EvalError("dayOfWeek(now)", far).code, "bad_argument");
  EXPECT_EQ(EvalError("daysBetween(now, now)", far).code, "bad_argument");
  far.zone = FindTimeZone("Europe/Paris");
  EXPECT_EQ(EvalError("hour(now)", far).code, "bad_argument");
}

TEST(ExprFunctions, DaysBetweenTruncatesTowardZero) {
  World w;
  EXPECT_EQ(Eval("daysBetween('2026-07-01T00:00:00Z', '2026-07-03T23:00:00Z')"), Num(2));
  EXPECT_EQ(Eval("daysBetween('2026-07-03T23:00:00Z', '2026-07-01T00:00:00Z')"), Num(-2));
  EXPECT_EQ(Eval("daysBetween(event.timestamp, now)", w.context), Num(0));
  EXPECT_EQ(Eval("daysBetween(event.timestamp, event.data.when)", w.context), Num(1));
  EXPECT_EQ(Eval("daysBetween(time('2026-01-01T00:00:00Z'), time('2027-01-01T00:00:00Z'))"),
            Num(365));
  EXPECT_EQ(Eval("daysBetween(null, now)", w.context), Value());
  EXPECT_EQ(EvalError("daysBetween(now, 1)", w.context).code, "type_mismatch");
  EXPECT_EQ(EvalError("daysBetween(now, 'x')", w.context).code, "bad_argument");
}

TEST(ExprFunctions, SuggestsTheClosestName) {
  EXPECT_EQ(ClosestFunctionName("lenght"), "len");
  EXPECT_EQ(ClosestFunctionName("startswith"), "startsWith");
  EXPECT_EQ(ClosestFunctionName("dayofweek"), "dayOfWeek");
  EXPECT_EQ(ClosestFunctionName("contain"), "contains");
  EXPECT_EQ(ClosestFunctionName("frobnicate"), "");
  EXPECT_EQ(ClosestFunctionName("x"), "");
}

}  // namespace
}  // namespace parcours::expr
