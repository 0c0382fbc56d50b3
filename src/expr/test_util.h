// Helpers for the expression tests: a realistic Context and one-line evaluate/check calls.
#pragma once

#include <gtest/gtest.h>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "parcours/expr.h"
#include "parcours/expr_value.h"
#include "parcours/time.h"

namespace parcours::expr::testing {

// A purchase event for profile "p-42" inside journey "welcome" v3, at 2026-07-01T12:00:00Z,
// with the same event as the entry. Not copyable: `context` points into it.
struct World {
  World() {
    event_data = boost::json::parse(R"({
      "amount": 42.5, "country": "FR", "count": 3, "tags": ["new", "promo", 7, null],
      "when": "2026-07-02T12:00:00Z", "nested": {"deep": {"x": 1}}, "nothing": null,
      "items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}], "flag": true,
      "big": 12345678901234, "name": "Zoë"})")
                     .as_object();
    profile = boost::json::parse(R"({
      "tier": "gold", "age": 31, "email": "ada@example.com", "firstName": "Ada",
      "id": "not-the-id", "vip": true, "scores": [1, 2, 3], "address": {"city": "Paris"}})")
                  .as_object();
    event.id = "evt-1";
    event.type = "purchase";
    event.profile_id = "p-42";
    event.timestamp = ParseTime("2026-07-01T12:00:00Z").value();
    event.data = &event_data;
    context.event = &event;
    context.entry = &event;
    context.profile_id = "p-42";
    context.profile = &profile;
    context.journey_id = "welcome";
    context.journey_version = 3;
    context.now = ParseTime("2026-07-01T12:30:00Z").value();
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  boost::json::object event_data;
  boost::json::object profile;
  EventView event;
  Context context;
};

inline ExprResult<Value> Evaluate(std::string_view text, const Context& context) {
  auto expression = Expression::Parse(text);
  if (!expression) return std::unexpected(expression.error());
  return expression->Evaluate(context);
}

// The value of `text`; a failure is reported and gives null.
inline Value Eval(std::string_view text, const Context& context = {}) {
  auto result = Evaluate(text, context);
  if (!result) {
    ADD_FAILURE() << "'" << text << "' failed: " << result.error().code << ": "
                  << result.error().message;
    return Value();
  }
  return *result;
}

// The evaluation error of `text` (which must parse).
inline ExprError EvalError(std::string_view text, const Context& context = {}) {
  auto expression = Expression::Parse(text);
  if (!expression) {
    ADD_FAILURE() << "'" << text << "' does not parse: " << expression.error().message;
    return expression.error();
  }
  auto result = expression->Evaluate(context);
  if (result) {
    ADD_FAILURE() << "'" << text << "' evaluated to '" << result->ToText() << "'";
    return {};
  }
  return result.error();
}

// The parse error of `text`.
inline ExprError ParseError(std::string_view text) {
  auto expression = Expression::Parse(text);
  if (expression) {
    ADD_FAILURE() << "'" << text << "' parsed";
    return {};
  }
  return expression.error();
}

inline std::vector<ExprError> CheckOf(std::string_view text) {
  auto expression = Expression::Parse(text);
  if (!expression) {
    ADD_FAILURE() << "'" << text << "' does not parse: " << expression.error().message;
    return {expression.error()};
  }
  return expression->Check();
}

inline Value Num(double n) { return Value::Number(n); }
inline Value Txt(std::string s) { return Value::Text(std::move(s)); }

}  // namespace parcours::expr::testing
