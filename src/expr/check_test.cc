#include <gtest/gtest.h>

#include "expr/test_util.h"

namespace parcours::expr {
namespace {

using testing::CheckOf;

// The single problem `text` has.
ExprError OnlyProblem(std::string_view text) {
  std::vector<ExprError> problems = CheckOf(text);
  EXPECT_EQ(problems.size(), 1u) << text;
  return problems.empty() ? ExprError{} : problems[0];
}

bool Mentions(const ExprError& error, std::string_view what) {
  return error.message.find(what) != std::string::npos;
}

TEST(ExprCheck, CleanExpressionsHaveNoProblems) {
  for (const char* text : {"event.data.amount > 20 && profile.tier in ['gold', 'platinum']",
                           "entry.timestamp + duration('P1D') < now",
                           "journey.id == 'x' || journey.version > 2",
                           "profile.id",
                           "profile.anything.at.all",
                           "event.data.a.b[3].c",
                           "event.type",
                           "event.profileId",
                           "len(profile.name) > 0",
                           "hour(now) >= 9 and dayOfWeek(now) <= 5",
                           "daysBetween(entry.timestamp, now) > 3",
                           "exists(event.data.coupon)",
                           "startsWith(lower(profile.email), 'a')",
                           "contains(event.data.tags, 'x')",
                           "'2026-01-01T00:00:00Z' - now",
                           "event",
                           "profile",
                           "journey",
                           "profile.age * 2 + 1",
                           "-profile.age",
                           "event.data.when - duration('PT1H')",
                           "null == profile.x",
                           "profile.x < null"}) {
    EXPECT_TRUE(CheckOf(text).empty()) << text << ": " << CheckOf(text)[0].message;
  }
}

TEST(ExprCheck, UnknownRootIsAnUnknownName) {
  ExprError error = OnlyProblem("evnt.data.x == 1");
  EXPECT_EQ(error.code, "unknown_name");
  EXPECT_EQ(error.offset, 0u);
  EXPECT_EQ(error.length, 4u);
  EXPECT_TRUE(Mentions(error, "'evnt'"));
  EXPECT_TRUE(Mentions(error, "did you mean 'event'"));
  EXPECT_TRUE(Mentions(error, "column 1"));
  EXPECT_EQ(OnlyProblem("1 + tier").offset, 4u);
  EXPECT_EQ(OnlyProblem("user.id").code, "unknown_name");
}

TEST(ExprCheck, FixedShapeRootsHaveOnlyTheirFields) {
  ExprError event = OnlyProblem("event.amount > 3");
  EXPECT_EQ(event.code, "unknown_name");
  EXPECT_EQ(event.offset, 6u);
  EXPECT_EQ(event.length, 6u);
  EXPECT_TRUE(Mentions(event, "id, type, profileId, timestamp and data"));
  EXPECT_EQ(OnlyProblem("entry.foo").code, "unknown_name");
  ExprError journey = OnlyProblem("journey.name");
  EXPECT_EQ(journey.code, "unknown_name");
  EXPECT_EQ(journey.offset, 8u);
  EXPECT_EQ(OnlyProblem("now.hour").offset, 4u);
  EXPECT_EQ(OnlyProblem("event.timestamp.year").offset, 16u);
  EXPECT_EQ(OnlyProblem("event.id.x").code, "unknown_name");
  EXPECT_EQ(OnlyProblem("journey.version.x").code, "unknown_name");
  EXPECT_EQ(OnlyProblem("profile.id.x").code, "unknown_name");
  EXPECT_EQ(OnlyProblem("event[0]").code, "unknown_name");
  EXPECT_TRUE(CheckOf("event['data'].x").empty());
}

TEST(ExprCheck, UnknownFunctionSuggestsAName) {
  ExprError error = OnlyProblem("lenght(profile.name) > 2");
  EXPECT_EQ(error.code, "unknown_function");
  EXPECT_EQ(error.offset, 0u);
  EXPECT_EQ(error.length, 6u);
  EXPECT_TRUE(Mentions(error, "did you mean 'len'"));
  EXPECT_TRUE(Mentions(OnlyProblem("startswith(profile.a, 'x')"), "'startsWith'"));
  ExprError far = OnlyProblem("frobnicate(1)");
  EXPECT_EQ(far.code, "unknown_function");
  EXPECT_FALSE(Mentions(far, "did you mean"));
}

TEST(ExprCheck, WrongArgumentCountNamesTheExpectedCount) {
  ExprError error = OnlyProblem("1 + len(profile.a, profile.b)");
  EXPECT_EQ(error.code, "wrong_argument_count");
  EXPECT_EQ(error.offset, 4u);
  EXPECT_EQ(error.length, 3u);
  EXPECT_TRUE(Mentions(error, "len() takes 1 argument, not 2"));
  EXPECT_TRUE(Mentions(OnlyProblem("contains(profile.a)"), "takes 2 arguments, not 1"));
  EXPECT_EQ(OnlyProblem("exists()").code, "wrong_argument_count");
}

TEST(ExprCheck, LiteralTypeErrorsAreFoundStatically) {
  ExprError len = OnlyProblem("len(3) > 1");
  EXPECT_EQ(len.code, "type_mismatch");
  EXPECT_EQ(len.offset, 4u);
  ExprError minus = OnlyProblem("'a' - 1");
  EXPECT_EQ(minus.code, "type_mismatch");
  EXPECT_EQ(minus.offset, 4u);
  ExprError years = OnlyProblem("now + duration('P1Y')");
  EXPECT_EQ(years.code, "bad_argument");
  EXPECT_EQ(years.offset, 15u);
  ExprError time = OnlyProblem("now > time('bad')");
  EXPECT_EQ(time.code, "bad_argument");
  EXPECT_EQ(time.offset, 11u);
  EXPECT_EQ(OnlyProblem("hour('soon')").code, "bad_argument");
  EXPECT_EQ(OnlyProblem("hour(3)").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("1 / 0").code, "bad_argument");
  EXPECT_EQ(OnlyProblem("len(null)").code, "type_mismatch");
}

TEST(ExprCheck, LiteralOperandsNoValueCouldFix) {
  EXPECT_EQ(OnlyProblem("profile.age * 'x'").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.age + true").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.age - 'abc'").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.age % duration('PT1H')").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.age < [1]").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.tier in 3").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.age / 0").code, "bad_argument");
  EXPECT_EQ(OnlyProblem("profile.age + null").code, "type_mismatch");
  ExprError logic = OnlyProblem("profile.vip && 1");
  EXPECT_EQ(logic.code, "type_mismatch");
  EXPECT_EQ(logic.offset, 15u);
  EXPECT_EQ(OnlyProblem("!'x'").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("startsWith(profile.email, 3)").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("contains(3, profile.x)").code, "type_mismatch");
  EXPECT_EQ(OnlyProblem("profile.scores[true]").code, "type_mismatch");
}

TEST(ExprCheck, ShortCircuitedLiteralsAreFine) {
  EXPECT_TRUE(CheckOf("false && (1 / 0 > 1)").empty());
}

TEST(ExprCheck, ReportsEveryProblemInTextOrder) {
  std::vector<ExprError> problems = CheckOf("lenn(evnt.x) + journey.nope + len(1, 2)");
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].code, "unknown_function");
  EXPECT_EQ(problems[1].code, "unknown_name");
  EXPECT_EQ(problems[1].offset, 5u);
  EXPECT_EQ(problems[2].code, "unknown_name");
  EXPECT_EQ(problems[3].code, "wrong_argument_count");
}

}  // namespace
}  // namespace parcours::expr
