// Expression language benchmarks: evaluating a typical `when`, parsing it, rendering a
// template. The condition target is under 200 ns per evaluation (docs: bench/README or the
// expr component's report).
#include <benchmark/benchmark.h>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <cstdlib>
#include <iostream>

#include "parcours/expr.h"

namespace {

using parcours::expr::Context;
using parcours::expr::EventView;
using parcours::expr::Expression;
using parcours::expr::Template;

constexpr const char* kCondition =
    "event.data.amount > 20 && event.data.country != 'US' && profile.age >= 18 && "
    "profile.tier in ['gold', 'platinum']";

// A purchase event and a profile with a realistic number of attributes.
struct World {
  World() {
    data = boost::json::parse(R"({"orderId": "o-981273", "amount": 42.5, "currency": "EUR",
        "country": "FR", "items": [{"sku": "A1", "qty": 2}, {"sku": "B7", "qty": 1}],
        "coupon": null, "channel": "web"})")
               .as_object();
    profile = boost::json::parse(R"({"email": "ada@example.com", "firstName": "Ada",
        "lastName": "Lovelace", "age": 31, "tier": "gold", "country": "FR", "optIn": true,
        "signupAt": "2025-11-02T10:00:00Z", "lifetimeValue": 1234.5, "segments": ["a", "b"]})")
                  .as_object();
    event.id = "evt-000123";
    event.type = "purchase";
    event.profile_id = "p-42";
    event.timestamp = parcours::ParseTime("2026-07-01T12:00:00Z").value();
    event.data = &data;
    context.event = &event;
    context.entry = &event;
    context.profile_id = "p-42";
    context.profile = &profile;
    context.journey_id = "welcome";
    context.journey_version = 3;
    context.now = event.timestamp;
  }
  boost::json::object data;
  boost::json::object profile;
  EventView event;
  Context context;
};

Expression MustParse(const char* text) {
  auto parsed = Expression::Parse(text);
  if (!parsed) {
    std::cerr << parsed.error().message << "\n";
    std::abort();
  }
  return *parsed;
}

void BM_EvaluateTypicalCondition(benchmark::State& state) {
  World world;
  Expression expression = MustParse(kCondition);
  if (!expression.EvaluateCondition(world.context).value()) std::abort();
  for (auto _ : state) {
    auto result = expression.EvaluateCondition(world.context);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_EvaluateTypicalCondition);

void BM_EvaluateTypicalConditionAsValue(benchmark::State& state) {
  World world;
  Expression expression = MustParse(kCondition);
  for (auto _ : state) {
    auto result = expression.Evaluate(world.context);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_EvaluateTypicalConditionAsValue);

void BM_EvaluateTimeCondition(benchmark::State& state) {
  World world;
  Expression expression =
      MustParse("now - event.timestamp < duration('P1D') && event.data.channel == 'web'");
  for (auto _ : state) {
    auto result = expression.EvaluateCondition(world.context);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_EvaluateTimeCondition);

void BM_ParseTypicalCondition(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = Expression::Parse(kCondition);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseTypicalCondition);

void BM_RenderTemplate(benchmark::State& state) {
  World world;
  auto parsed = Template::Parse(
      "Hello {{ profile.firstName }}, thanks for your order {{ event.data.orderId }} of "
      "{{ event.data.amount }} {{ event.data.currency }}.");
  if (!parsed) std::abort();
  for (auto _ : state) {
    auto rendered = parsed->Render(world.context);
    benchmark::DoNotOptimize(rendered);
  }
}
BENCHMARK(BM_RenderTemplate);

}  // namespace

BENCHMARK_MAIN();
