// Feeds many random and mutated texts through Parse, Check, Evaluate and Template: every one
// must come back as a value or an ExprError, never a crash, hang or exception.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "expr/test_util.h"

namespace parcours::expr {
namespace {

using testing::World;

const std::vector<std::string> kSeeds = {
    "event.data.amount > 20 && event.data.country != 'US' && profile.age >= 18 && profile.tier "
    "in ['gold', 'platinum']",
    "hour(now) >= 9 and dayOfWeek(event.timestamp) <= 5 or not exists(profile.vip)",
    "daysBetween(entry.timestamp, now) > 3 || len(event.data.tags) == 0",
    "event.timestamp + duration('P1D') - duration('PT30M') < time('2026-12-01T09:00:00Z')",
    "contains(lower(profile.email), \"@example\") && startsWith(upper(profile.firstName), 'A')",
    "event.data.items[0].qty * 2.5e1 / (3 % 2) - -1",
    "[1, [2, 'x'], null, true][1][1] == 'x\\u00e9\\n'",
    "event.data.when - event.timestamp > duration('PT1H') && journey.version != 3",
    "{{ profile.firstName }} bought {{ event.data.amount * 2 }} on {{ event.timestamp }}",
    "profile['first name'] + event['data'].nested.deep.x",
};

const std::string kAlphabet =
    "abcdefghijklmnopqrstuvwxyzABCXYZ_0123456789 .,[](){}'\"\\=!<>&|+-*/%eE\n\t";

const std::vector<std::string> kTokens = {"event",
                                          "entry",
                                          "profile",
                                          "journey",
                                          "now",
                                          ".data",
                                          ".amount",
                                          ".timestamp",
                                          "len(",
                                          "hour(",
                                          "time('",
                                          "duration('",
                                          "daysBetween(",
                                          "exists(",
                                          ")",
                                          "(",
                                          "[",
                                          "]",
                                          ",",
                                          "'",
                                          "\"",
                                          "&&",
                                          "||",
                                          "!",
                                          "not ",
                                          " in ",
                                          " and ",
                                          "==",
                                          "<",
                                          ">=",
                                          "+",
                                          "-",
                                          "*",
                                          "/",
                                          "%",
                                          "null",
                                          "true",
                                          "1e308",
                                          "9999999999999999999999",
                                          "-0",
                                          "0.5",
                                          "{{",
                                          "}}",
                                          "\\u",
                                          "\\ud800",
                                          "'2026-07-01T12:00:00Z'",
                                          "'P1D'",
                                          "'9999-12-31T23:59:59Z'",
                                          "\xff",
                                          "\xc3",
                                          "\x00"};

std::string Mutate(std::string text, std::mt19937& rng) {
  std::uniform_int_distribution<int> action(0, 5);
  int mutations = 1 + static_cast<int>(rng() % 4);
  for (int m = 0; m < mutations; ++m) {
    std::size_t pos = text.empty() ? 0 : rng() % (text.size() + 1);
    switch (action(rng)) {
      case 0:  // delete a run
        if (!text.empty() && pos < text.size()) text.erase(pos, 1 + rng() % 5);
        break;
      case 1:  // insert a character
        text.insert(pos, 1, kAlphabet[rng() % kAlphabet.size()]);
        break;
      case 2:  // insert a token
        text.insert(pos, kTokens[rng() % kTokens.size()]);
        break;
      case 3:  // replace a character with any byte
        if (pos < text.size()) text[pos] = static_cast<char>(rng() % 256);
        break;
      case 4: {  // duplicate a slice
        if (text.empty()) break;
        std::size_t from = rng() % text.size();
        std::size_t length = 1 + rng() % 12;
        text.insert(pos, text.substr(from, length));
        break;
      }
      default:  // truncate
        text.resize(pos);
        break;
    }
  }
  return text;
}

std::string RandomText(std::mt19937& rng) {
  std::string text;
  int pieces = static_cast<int>(rng() % 16);
  for (int i = 0; i < pieces; ++i) {
    if (rng() % 2 == 0) {
      text += kTokens[rng() % kTokens.size()];
    } else {
      text += kAlphabet[rng() % kAlphabet.size()];
    }
  }
  return text;
}

void Exercise(const std::string& text, const std::vector<const Context*>& contexts) {
  auto expression = Expression::Parse(text);
  if (expression) {
    for (const ExprError& problem : expression->Check()) {
      EXPECT_FALSE(problem.code.empty()) << text;
      EXPECT_LE(problem.offset, text.size()) << text;
    }
    for (const Context* context : contexts) {
      auto value = expression->Evaluate(*context);
      if (value) {
        EXPECT_FALSE(value->Borrows()) << text;
        (void)value->ToText();
      } else {
        EXPECT_LE(value.error().offset, text.size()) << text;
      }
      (void)expression->EvaluateCondition(*context);
    }
  } else {
    EXPECT_EQ(expression.error().code, "bad_expression") << text;
    EXPECT_LE(expression.error().offset, text.size()) << text;
    EXPECT_FALSE(expression.error().message.empty()) << text;
  }
  auto tmpl = Template::Parse(text);
  if (tmpl) {
    (void)tmpl->Check();
    for (const Context* context : contexts) (void)tmpl->Render(*context);
  } else {
    EXPECT_LE(tmpl.error().offset, text.size()) << text;
  }
}

TEST(ExprRobustness, RandomAndMutatedTextsNeverCrash) {
  World w;
  Context empty;
  World far;
  far.context.now = Time(Duration(std::numeric_limits<std::int64_t>::min()));
  far.event.timestamp = Time(Duration(std::numeric_limits<std::int64_t>::max()));
  far.context.zone = FindTimeZone("America/New_York");
  std::vector<const Context*> contexts = {&w.context, &empty, &far.context};

  // PARCOURS_EXPR_FUZZ_ITERATIONS=200000 for a longer run (e.g. under the sanitizers).
  const char* iterations_env = std::getenv("PARCOURS_EXPR_FUZZ_ITERATIONS");
  const int iterations = iterations_env != nullptr ? std::atoi(iterations_env) : 6000;
  std::mt19937 rng(20260701);
  int parsed = 0;
  for (int i = 0; i < iterations; ++i) {
    std::string text = i % 3 == 0 ? RandomText(rng) : Mutate(kSeeds[rng() % kSeeds.size()], rng);
    Exercise(text, contexts);
    parsed += Expression::Parse(text).has_value() ? 1 : 0;
  }
  // The mutations should leave a fair share parseable, or the evaluator is not exercised.
  EXPECT_GT(parsed, iterations / 20);
}

TEST(ExprRobustness, SeedsParseAndCheckClean) {
  for (const std::string& seed : kSeeds) {
    if (seed.starts_with("{{")) continue;
    auto expression = Expression::Parse(seed);
    ASSERT_TRUE(expression.has_value()) << seed << ": " << expression.error().message;
  }
}

}  // namespace
}  // namespace parcours::expr
