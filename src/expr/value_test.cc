#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <limits>

#include "parcours/expr_value.h"

namespace parcours::expr {
namespace {

using namespace std::chrono_literals;

TEST(ExprValue, FactoriesAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_EQ(Value::Null().type(), Type::kNull);
  EXPECT_TRUE(Value::Bool(true).AsBool());
  EXPECT_EQ(Value::Number(2.5).AsNumber(), 2.5);
  EXPECT_EQ(Value::Text("abc").AsText(), "abc");
  EXPECT_EQ(Value::BorrowedText("abc").type(), Type::kText);
  Time t = ParseTime("2026-12-01T09:00:00Z").value();
  EXPECT_EQ(Value::FromTime(t).AsTime(), t);
  EXPECT_EQ(Value::FromDuration(5min).AsDuration(), 5min);
  EXPECT_EQ(Value::FromList({Value::Number(1)}).AsList().size(), 1u);
  EXPECT_EQ(Value::FromObject({{"a", Value::Number(1)}}).AsObject().at("a"), Value::Number(1));
  EXPECT_STREQ(TypeName(Type::kDuration), "duration");
}

TEST(ExprValue, NumbersShowWithoutNeedlessDecimals) {
  EXPECT_EQ(Value::Number(3.0).ToText(), "3");
  EXPECT_EQ(Value::Number(2.5).ToText(), "2.5");
  EXPECT_EQ(Value::Number(-0.0).ToText(), "0");
  EXPECT_EQ(Value::Number(0.1).ToText(), "0.1");
  EXPECT_EQ(Value::Number(9007199254740992.0).ToText(), "9007199254740992");
  EXPECT_EQ(Value::Number(123456789012.0).ToText(), "123456789012");
  EXPECT_EQ(Value::Number(1e300).ToText(), "1e+300");
  EXPECT_EQ(Value::Number(std::nan("")).ToText(), "NaN");
  EXPECT_EQ(Value::Number(std::numeric_limits<double>::infinity()).ToText(), "Infinity");
}

TEST(ExprValue, TextFormsOfEveryType) {
  EXPECT_EQ(Value().ToText(), "");
  EXPECT_EQ(Value::Bool(false).ToText(), "false");
  EXPECT_EQ(Value::Text("x").ToText(), "x");
  EXPECT_EQ(Value::FromTime(ParseTime("2026-12-01T10:00:00+01:00").value()).ToText(),
            "2026-12-01T09:00:00Z");
  EXPECT_EQ(Value::FromDuration(36h).ToText(), "P1DT12H");
  EXPECT_EQ(Value::FromList({Value::Number(1), Value::Text("a"), Value()}).ToText(),
            R"([1,"a",null])");
  EXPECT_EQ(Value::FromObject({{"b", Value::Bool(true)}, {"a", Value::Number(2.5)}}).ToText(),
            R"({"a":2.5,"b":true})");
  EXPECT_EQ(Value::FromList({Value::Text("q\"\\\n\x01"), Value::FromDuration(1s)}).ToText(),
            R"(["q\"\\\n\u0001","PT1S"])");
  EXPECT_EQ(Value::FromTime(Time(Duration(std::numeric_limits<std::int64_t>::max()))).ToText(),
            "9999-12-31T23:59:59.999Z");
}

TEST(ExprValue, JsonRoundTrip) {
  boost::json::value json = boost::json::parse(
      R"({"a": [1, 2.5, "x", null, true], "b": {"c": -3}, "d": 18446744073709551615})");
  Value value = Value::FromJson(json);
  ASSERT_EQ(value.type(), Type::kObject);
  EXPECT_EQ(value.AsObject().at("a").AsList()[1], Value::Number(2.5));
  EXPECT_EQ(value.AsObject().at("b").AsObject().at("c"), Value::Number(-3));
  EXPECT_EQ(value.AsObject().at("d").type(), Type::kNumber);
  boost::json::value original = boost::json::parse(R"({"a": [1, 2.5, "x", null, true]})");
  boost::json::value back = Value::FromJson(original).ToJson();
  EXPECT_EQ(back, original);
  EXPECT_TRUE(back.at("a").at(0).is_int64());  // integral numbers stay integers
  EXPECT_EQ(Value::FromJson(original).ToText(), R"({"a":[1,2.5,"x",null,true]})");
}

TEST(ExprValue, StringsFromJsonAreNotGuessedToBeTimes) {
  EXPECT_EQ(Value::FromJson(boost::json::value("2026-12-01T09:00:00Z")).type(), Type::kText);
}

TEST(ExprValue, TimesAndDurationsBecomeTextInJson) {
  EXPECT_EQ(Value::FromDuration(30s).ToJson(), boost::json::value("PT30S"));
  EXPECT_EQ(Value::FromTime(ParseTime("2026-12-01T09:00:00Z").value()).ToJson(),
            boost::json::value("2026-12-01T09:00:00Z"));
  EXPECT_TRUE(Value::Number(std::nan("")).ToJson().is_null());
}

TEST(ExprValue, EqualityIsTypedAndDeep) {
  EXPECT_EQ(Value(), Value());
  EXPECT_NE(Value(), Value::Bool(false));
  EXPECT_NE(Value::Number(1), Value::Text("1"));
  EXPECT_EQ(Value::Text("a"), Value::BorrowedText("a"));
  EXPECT_EQ(Value::FromList({Value::Number(1), Value::FromList({Value::Text("x")})}),
            Value::FromList({Value::Number(1), Value::FromList({Value::BorrowedText("x")})}));
  EXPECT_NE(Value::FromObject({{"a", Value::Number(1)}}), Value::FromObject({{"a", Value()}}));
  EXPECT_NE(Value::FromTime(Time{}), Value::FromDuration(Duration{}));
}

TEST(ExprValue, OwnedCopiesBorrowedTextsDeeply) {
  std::string source = "borrowed";
  Value list = Value::FromList({Value::BorrowedText(source)});
  EXPECT_TRUE(list.Borrows());
  Value owned = list.Owned();
  EXPECT_FALSE(owned.Borrows());
  source = "changed!";
  EXPECT_EQ(owned.AsList()[0].AsText(), "borrowed");
  Value plain = Value::Text("x");
  EXPECT_EQ(plain.Owned(), plain);
}

TEST(ExprValue, DeepJsonIsCutOffNotRecursedForever) {
  boost::json::value deep = nullptr;
  for (int i = 0; i < 2000; ++i) {
    boost::json::array wrapper;
    wrapper.push_back(std::move(deep));
    deep = std::move(wrapper);
  }
  Value value = Value::FromJson(deep);
  EXPECT_EQ(value.type(), Type::kList);
}

}  // namespace
}  // namespace parcours::expr
