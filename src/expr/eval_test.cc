#include <gtest/gtest.h>

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

TEST(ExprEval, ReadsEventFields) {
  World w;
  EXPECT_EQ(Eval("event.id", w.context), Txt("evt-1"));
  EXPECT_EQ(Eval("event.type", w.context), Txt("purchase"));
  EXPECT_EQ(Eval("event.profileId", w.context), Txt("p-42"));
  EXPECT_EQ(Eval("event.timestamp", w.context).type(), Type::kTime);
  EXPECT_EQ(Eval("event.data.amount", w.context), Num(42.5));
  EXPECT_EQ(Eval("event.data.count", w.context), Num(3));
  EXPECT_EQ(Eval("event.data.country", w.context), Txt("FR"));
  EXPECT_EQ(Eval("event.data.flag", w.context), True());
  EXPECT_EQ(Eval("event.data.nested.deep.x", w.context), Num(1));
  EXPECT_EQ(Eval("event.data.items[1].sku", w.context), Txt("B2"));
  EXPECT_EQ(Eval("event.data['items'][0]['qty']", w.context), Num(2));
  EXPECT_EQ(Eval("entry.data.country", w.context), Txt("FR"));
  EXPECT_EQ(Eval("event.data.tags", w.context).AsList().size(), 4u);
  EXPECT_EQ(Eval("event.data.nested", w.context).AsObject().size(), 1u);
  EXPECT_EQ(Eval("event", w.context).AsObject().at("type"), Txt("purchase"));
}

TEST(ExprEval, ReadsProfileJourneyAndNow) {
  World w;
  EXPECT_EQ(Eval("profile.tier", w.context), Txt("gold"));
  EXPECT_EQ(Eval("profile.age", w.context), Num(31));
  EXPECT_EQ(Eval("profile.id", w.context), Txt("p-42"));  // the id, not the attribute
  EXPECT_EQ(Eval("profile.address.city", w.context), Txt("Paris"));
  EXPECT_EQ(Eval("profile.scores[2]", w.context), Num(3));
  EXPECT_EQ(Eval("profile", w.context).AsObject().at("id"), Txt("p-42"));
  EXPECT_EQ(Eval("journey.id", w.context), Txt("welcome"));
  EXPECT_EQ(Eval("journey.version", w.context), Num(3));
  EXPECT_EQ(Eval("now", w.context), Value::FromTime(w.context.now));
}

TEST(ExprEval, EvaluatedTextsOutliveTheContext) {
  Value tier;
  {
    World w;
    tier = Eval("profile.tier", w.context);
  }
  EXPECT_FALSE(tier.Borrows());
  EXPECT_EQ(tier, Txt("gold"));
}

TEST(ExprEval, MissingFieldsAndFieldsOfNullAreNull) {
  World w;
  for (const char* text :
       {"event.data.missing", "event.data.missing.deeper", "event.data.nothing.x",
        "event.data.amount.x", "event.data.items[9]", "event.data.items[0][0]", "event.data.tags.x",
        "profile.missing", "profile.id.x", "event.id.x", "journey.x", "event.data.items[-1]",
        "event.data.items[0.5]", "event.data.items[null]"}) {
    EXPECT_EQ(Eval(text, w.context), Value()) << text;
  }
}

TEST(ExprEval, NullEventReadsAsNull) {
  World w;
  w.context.event = nullptr;
  EXPECT_EQ(Eval("event.data.amount", w.context), Value());
  EXPECT_EQ(Eval("event.timestamp", w.context), Value());
  EXPECT_EQ(Eval("event", w.context), Value());
  EXPECT_EQ(Eval("event.data.amount > 10", w.context), False());
  EXPECT_EQ(Eval("entry.data.amount", w.context), Num(42.5));
  Context empty;
  EXPECT_EQ(Eval("profile.tier", empty), Value());
  EXPECT_EQ(Eval("event.data", empty), Value());
}

TEST(ExprEval, NullDataReadsAsAnEmptyObject) {
  World w;
  w.event.data = nullptr;
  EXPECT_EQ(Eval("event.data.amount", w.context), Value());
  EXPECT_EQ(Eval("len(event.data)", w.context), Num(0));
}

TEST(ExprEval, ComparesNumbersTextsTimesDurations) {
  World w;
  EXPECT_EQ(Eval("event.data.amount > 20", w.context), True());
  EXPECT_EQ(Eval("event.data.amount <= 42.5", w.context), True());
  EXPECT_EQ(Eval("event.data.amount < 42.5", w.context), False());
  EXPECT_EQ(Eval("event.data.amount >= 43", w.context), False());
  EXPECT_EQ(Eval("'abc' < 'abd'", w.context), True());
  EXPECT_EQ(Eval("'B' < 'a'", w.context), True());  // byte-wise
  EXPECT_EQ(Eval("'\\u00e9' > 'z'", w.context), True());
  EXPECT_EQ(Eval("event.timestamp < now", w.context), True());
  EXPECT_EQ(Eval("duration('PT1H') > duration('PT59M')", w.context), True());
}

TEST(ExprEval, NullComparedWithLessThanIsFalse) {
  World w;
  for (const char* text : {"event.data.missing < 3", "event.data.missing > 3", "null <= null",
                           "null >= 'a'", "3 < null", "profile.missing > now"}) {
    EXPECT_EQ(Eval(text, w.context), False()) << text;
  }
}

TEST(ExprEval, OrderingMismatchIsATypeMismatchAtTheOperator) {
  ExprError error = EvalError("1 < 'a'");
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.length, 1u);
  EXPECT_NE(error.message.find("number and text"), std::string::npos);
  EXPECT_EQ(EvalError("true < false").code, "type_mismatch");
  EXPECT_EQ(EvalError("[1] < [2]").code, "type_mismatch");
  World w;
  EXPECT_EQ(EvalError("event.timestamp > 'not a time'", w.context).code, "type_mismatch");
}

TEST(ExprEval, EqualityIsTypedAndDeep) {
  World w;
  EXPECT_EQ(Eval("1 == 1.0"), True());
  EXPECT_EQ(Eval("1 == '1'"), False());
  EXPECT_EQ(Eval("1 != '1'"), True());
  EXPECT_EQ(Eval("null == null"), True());
  EXPECT_EQ(Eval("event.data.missing == null", w.context), True());
  EXPECT_EQ(Eval("event.data.nothing == null", w.context), True());
  EXPECT_EQ(Eval("profile.tier == null", w.context), False());
  EXPECT_EQ(Eval("[1, [2, 'x']] == [1, [2, 'x']]"), True());
  EXPECT_EQ(Eval("[1, 2] == [2, 1]"), False());
  EXPECT_EQ(Eval("profile.scores == [1, 2, 3]", w.context), True());
  EXPECT_EQ(Eval("profile.address == profile.address", w.context), True());
  EXPECT_EQ(Eval("true == 1"), False());
  EXPECT_EQ(Eval("event.data.country == 'FR'", w.context), True());
}

TEST(ExprEval, TimesEqualTextsNamingTheSameInstant) {
  World w;
  EXPECT_EQ(Eval("event.timestamp == '2026-07-01T12:00:00Z'", w.context), True());
  EXPECT_EQ(Eval("'2026-07-01T14:00:00+02:00' == event.timestamp", w.context), True());
  EXPECT_EQ(Eval("event.timestamp == 'not a time'", w.context), False());
  EXPECT_EQ(Eval("event.timestamp < event.data.when", w.context), True());
  EXPECT_EQ(Eval("event.data.when > now", w.context), True());
  EXPECT_EQ(Eval("event.timestamp in ['2026-07-01T12:00:00Z']", w.context), True());
  // Two texts stay texts.
  EXPECT_EQ(Eval("'2026-07-01T12:00:00Z' == '2026-07-01T14:00:00+02:00'"), False());
}

TEST(ExprEval, AndOrShortCircuitLeftToRight) {
  EXPECT_EQ(Eval("false && (1 / 0 > 1)"), False());
  EXPECT_EQ(Eval("true || (1 / 0 > 1)"), True());
  EXPECT_EQ(Eval("false and len(3) == 1"), False());
  World w;
  EXPECT_EQ(Eval("exists(event.data.missing) && event.data.missing.x > 1", w.context), False());
  ExprError error = EvalError("true && 1 / 0 > 1");
  EXPECT_EQ(error.code, "bad_argument");
  EXPECT_EQ(error.offset, 10u);
}

TEST(ExprEval, NullIsFalseInLogic) {
  World w;
  EXPECT_EQ(Eval("profile.missing && true", w.context), False());
  EXPECT_EQ(Eval("profile.missing || true", w.context), True());
  EXPECT_EQ(Eval("profile.missing || profile.missing", w.context), False());
  EXPECT_EQ(Eval("!profile.missing", w.context), True());
  EXPECT_EQ(Eval("not null"), True());
}

TEST(ExprEval, NonBooleanInLogicIsATypeMismatchAtTheOperand) {
  World w;
  ExprError error = EvalError("true && profile.age", w.context);
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 8u);
  EXPECT_EQ(error.length, 11u);
  EXPECT_EQ(EvalError("!profile.tier", w.context).code, "type_mismatch");
  EXPECT_EQ(EvalError("profile.tier || false", w.context).offset, 0u);
}

TEST(ExprEval, ConditionsTreatNullAsFalseAndRefuseOtherValues) {
  World w;
  auto missing = Expression::Parse("profile.missing").value();
  EXPECT_EQ(missing.EvaluateCondition(w.context).value(), false);
  auto vip = Expression::Parse("profile.vip").value();
  EXPECT_EQ(vip.EvaluateCondition(w.context).value(), true);
  auto age = Expression::Parse("profile.age").value();
  auto result = age.EvaluateCondition(w.context);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "type_mismatch");
  EXPECT_EQ(result.error().offset, 0u);
  EXPECT_EQ(result.error().length, 11u);
  auto typical = Expression::Parse(
                     "event.data.amount > 20 && event.data.country != 'US' && profile.age >= 18 "
                     "&& profile.tier in ['gold', 'platinum']")
                     .value();
  EXPECT_EQ(typical.EvaluateCondition(w.context).value(), true);
  w.context.event = nullptr;
  EXPECT_EQ(typical.EvaluateCondition(w.context).value(), false);
}

TEST(ExprEval, ArithmeticOnNumbers) {
  EXPECT_EQ(Eval("7 + 3"), Num(10));
  EXPECT_EQ(Eval("7 - 10"), Num(-3));
  EXPECT_EQ(Eval("7 * 3"), Num(21));
  EXPECT_EQ(Eval("7 / 2"), Num(3.5));
  EXPECT_EQ(Eval("7 % 3"), Num(1));
  EXPECT_EQ(Eval("-7 % 3"), Num(-1));
  EXPECT_EQ(Eval("7.5 % 2"), Num(1.5));
  EXPECT_EQ(Eval("-(2 + 3)"), Num(-5));
  EXPECT_EQ(Eval("--2"), Num(2));
  World w;
  EXPECT_EQ(Eval("event.data.amount * 2", w.context), Num(85));
}

TEST(ExprEval, DivisionOrModuloByZeroIsABadArgument) {
  ExprError division = EvalError("1 / (2 - 2)");
  EXPECT_EQ(division.code, "bad_argument");
  EXPECT_EQ(division.offset, 2u);
  EXPECT_EQ(EvalError("1 % 0").code, "bad_argument");
  EXPECT_EQ(EvalError("duration('PT1H') / 0").code, "bad_argument");
}

TEST(ExprEval, OverflowToInfinityIsABadArgument) {
  EXPECT_EQ(EvalError("1e308 * 10").code, "bad_argument");
  EXPECT_EQ(EvalError("-1e308 - 1e308").code, "bad_argument");
  EXPECT_EQ(Eval("1e308 * 1"), Num(1e308));
}

TEST(ExprEval, NullInArithmeticIsATypeMismatch) {
  World w;
  for (const char* text : {"profile.missing + 1", "1 - profile.missing", "null * 2", "2 / null",
                           "null % 2", "-profile.missing", "null + null"}) {
    EXPECT_EQ(EvalError(text, w.context).code, "type_mismatch") << text;
  }
  ExprError error = EvalError("profile.missing + 1", w.context);
  EXPECT_EQ(error.offset, 16u);
  EXPECT_NE(error.message.find("null and number"), std::string::npos) << error.message;
}

TEST(ExprEval, ConcatenatesTexts) {
  World w;
  EXPECT_EQ(Eval("'Hello ' + profile.firstName", w.context), Txt("Hello Ada"));
  EXPECT_EQ(EvalError("'a' + 1").code, "type_mismatch");
  EXPECT_EQ(EvalError("'a' - 'b'").code, "type_mismatch");
  EXPECT_EQ(EvalError("'a' * 2").code, "type_mismatch");
  EXPECT_EQ(EvalError("true + true").code, "type_mismatch");
  EXPECT_EQ(EvalError("[1] + [2]").code, "type_mismatch");
}

TEST(ExprEval, TimeAndDurationArithmetic) {
  World w;
  EXPECT_EQ(Eval("event.timestamp + duration('P1D')", w.context),
            Value::FromTime(w.event.timestamp + 24h));
  EXPECT_EQ(Eval("duration('PT1H') + event.timestamp", w.context),
            Value::FromTime(w.event.timestamp + 1h));
  EXPECT_EQ(Eval("event.timestamp - duration('PT30M')", w.context),
            Value::FromTime(w.event.timestamp - 30min));
  EXPECT_EQ(Eval("now - event.timestamp", w.context), Value::FromDuration(30min));
  EXPECT_EQ(Eval("duration('PT1H') + duration('PT30M')"), Value::FromDuration(90min));
  EXPECT_EQ(Eval("duration('PT1H') - duration('PT30M')"), Value::FromDuration(30min));
  EXPECT_EQ(Eval("duration('PT1H') * 2"), Value::FromDuration(2h));
  EXPECT_EQ(Eval("1.5 * duration('PT1H')"), Value::FromDuration(90min));
  EXPECT_EQ(Eval("duration('PT1H') / 4"), Value::FromDuration(15min));
  EXPECT_EQ(Eval("-duration('PT1H')"), Value::FromDuration(-1h));
  EXPECT_EQ(Eval("now - event.timestamp > duration('PT10M')", w.context), True());
  EXPECT_EQ(EvalError("duration('PT1H') - event.timestamp", w.context).code, "type_mismatch");
  EXPECT_EQ(EvalError("event.timestamp + 1", w.context).code, "type_mismatch");
  EXPECT_EQ(EvalError("event.timestamp + event.timestamp", w.context).code, "type_mismatch");
  EXPECT_EQ(EvalError("duration('PT1H') * duration('PT1H')").code, "type_mismatch");
  EXPECT_EQ(EvalError("duration('PT1H') % 2").code, "type_mismatch");
  EXPECT_EQ(EvalError("2 / duration('PT1H')").code, "type_mismatch");
}

TEST(ExprEval, TextsNamingTimesTakePartInTimeArithmetic) {
  World w;
  EXPECT_EQ(Eval("event.data.when + duration('P1D')", w.context),
            Value::FromTime(ParseTime("2026-07-03T12:00:00Z").value()));
  EXPECT_EQ(Eval("duration('P1D') + event.data.when", w.context),
            Value::FromTime(ParseTime("2026-07-03T12:00:00Z").value()));
  EXPECT_EQ(Eval("event.data.when - duration('P1D')", w.context),
            Value::FromTime(ParseTime("2026-07-01T12:00:00Z").value()));
  EXPECT_EQ(Eval("event.data.when - event.timestamp", w.context), Value::FromDuration(24h));
  EXPECT_EQ(Eval("event.timestamp - event.data.when", w.context), Value::FromDuration(-24h));
  EXPECT_EQ(EvalError("event.data.country + duration('P1D')", w.context).code, "type_mismatch");
}

TEST(ExprEval, TimeArithmeticOutOfRangeIsABadArgument) {
  EXPECT_EQ(EvalError("time('9999-12-31T00:00:00Z') + duration('P2D')").code, "bad_argument");
  EXPECT_EQ(EvalError("duration('P1000D') * 1e10").code, "bad_argument");
  Context far;
  far.now = Time(Duration(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(EvalError("now - time('2026-01-01T00:00:00Z')", far).code, "bad_argument");
  EXPECT_EQ(EvalError("now + duration('PT1S')", far).code, "bad_argument");
  EXPECT_EQ(Eval("now > time('2026-01-01T00:00:00Z')", far), True());
}

TEST(ExprEval, InTestsListsTextsAndObjects) {
  World w;
  EXPECT_EQ(Eval("profile.tier in ['gold', 'platinum']", w.context), True());
  EXPECT_EQ(Eval("'silver' in ['gold', 'platinum']"), False());
  EXPECT_EQ(Eval("2 in [1, 2, 3]"), True());
  EXPECT_EQ(Eval("'2' in [1, 2, 3]"), False());
  EXPECT_EQ(Eval("[1] in [[1], [2]]"), True());
  EXPECT_EQ(Eval("'promo' in event.data.tags", w.context), True());
  EXPECT_EQ(Eval("7 in event.data.tags", w.context), True());
  EXPECT_EQ(Eval("null in event.data.tags", w.context), True());
  EXPECT_EQ(Eval("null in [1, 2]"), False());
  EXPECT_EQ(Eval("'ell' in 'hello'"), True());
  EXPECT_EQ(Eval("'' in 'hello'"), True());
  EXPECT_EQ(Eval("'xyz' in profile.email", w.context), False());
  EXPECT_EQ(Eval("'city' in profile.address", w.context), True());
  EXPECT_EQ(Eval("'zip' in profile.address", w.context), False());
  EXPECT_EQ(Eval("'tier' in profile", w.context), True());
  EXPECT_EQ(Eval("'x' in event.data.missing", w.context), False());
  EXPECT_EQ(Eval("1 in null"), False());
  EXPECT_EQ(Eval("null in 'abc'"), False());
  EXPECT_EQ(Eval("profile.tier in [profile.tier, 'x']", w.context), True());
  ExprError error = EvalError("1 in 'abc'");
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.length, 2u);
  EXPECT_EQ(EvalError("1 in profile.address", w.context).code, "type_mismatch");
  EXPECT_EQ(EvalError("1 in 2").code, "type_mismatch");
  EXPECT_EQ(EvalError("1 in event.data.count", w.context).code, "type_mismatch");
}

TEST(ExprEval, IndexesListsByNumberAndObjectsByText) {
  World w;
  EXPECT_EQ(Eval("[10, 20, 30][1]"), Num(20));
  EXPECT_EQ(Eval("[10, 20][5]"), Value());
  EXPECT_EQ(Eval("event.data.items[profile.scores[0]].sku", w.context), Txt("B2"));
  EXPECT_EQ(Eval("profile.address[event.data.missing]", w.context), Value());
  EXPECT_EQ(Eval("profile.address['ci' + 'ty']", w.context), Txt("Paris"));
  EXPECT_EQ(Eval("[profile.address][0].city", w.context), Txt("Paris"));
  EXPECT_EQ(Eval("[1, 2]['x']"), Value());
  ExprError error = EvalError("profile.scores[true]", w.context);
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 15u);
}

TEST(ExprEval, BuildsListsAtRunTime) {
  World w;
  Value list = Eval("[profile.tier, event.data.amount, null]", w.context);
  ASSERT_EQ(list.type(), Type::kList);
  EXPECT_EQ(list.AsList()[0], Txt("gold"));
  EXPECT_FALSE(list.Borrows());
}

TEST(ExprEval, UnknownNamesFailAtRunTimeToo) {
  World w;
  ExprError error = EvalError("1 + evnt.data", w.context);
  EXPECT_EQ(error.code, "unknown_name");
  EXPECT_EQ(error.offset, 4u);
  EXPECT_EQ(error.length, 4u);
  EXPECT_EQ(EvalError("lenght(3)").code, "unknown_function");
  EXPECT_EQ(EvalError("len(1, 2)").code, "wrong_argument_count");
}

TEST(ExprEval, PathAgainstLiteralGivesTheSameAnswersAsTheGeneralRule) {
  World w;
  EXPECT_EQ(Eval("event.data.count == 3", w.context), True());
  EXPECT_EQ(Eval("event.data.count != 3", w.context), False());
  EXPECT_EQ(Eval("event.data.big > 1e13", w.context), True());
  EXPECT_EQ(Eval("profile.tier >= 'gold'", w.context), True());
  EXPECT_EQ(Eval("profile.tier < 'gold'", w.context), False());
  EXPECT_EQ(Eval("event.data.count == '3'", w.context), False());
  EXPECT_EQ(Eval("event.data.nothing == null", w.context), True());
  EXPECT_EQ(Eval("event.data.when == time('2026-07-02T14:00:00+02:00')", w.context), True());
  EXPECT_EQ(Eval("event.data.when < time('2026-07-03T00:00:00Z')", w.context), True());
  EXPECT_EQ(Eval("event.data.missing < 3", w.context), False());
  EXPECT_EQ(Eval("event.data.tags == ['new', 'promo', 7, null]", w.context), True());
  ExprError error = EvalError("event.data.country < 3", w.context);
  EXPECT_EQ(error.code, "type_mismatch");
  EXPECT_EQ(error.offset, 19u);
  EXPECT_EQ(EvalError("evnt.x == 1", w.context).code, "unknown_name");
}

TEST(ExprEval, BigNumbersFromJson) {
  World w;
  EXPECT_EQ(Eval("event.data.big", w.context).ToText(), "12345678901234");
}

}  // namespace
}  // namespace parcours::expr
