#include "expr/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "expr/test_util.h"

namespace parcours::expr {
namespace {

using testing::Eval;
using testing::Num;
using testing::ParseError;

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(ExprParser, RespectsPrecedence) {
  EXPECT_EQ(Eval("1 + 2 * 3"), Num(7));
  EXPECT_EQ(Eval("(1 + 2) * 3"), Num(9));
  EXPECT_EQ(Eval("10 - 4 - 3"), Num(3));  // left-associative
  EXPECT_EQ(Eval("12 / 2 / 3"), Num(2));
  EXPECT_EQ(Eval("-2 * 3"), Num(-6));
  EXPECT_EQ(Eval("true || false && false"), Value::Bool(true));
  EXPECT_EQ(Eval("1 < 2 == 2 < 3"), Value::Bool(true));
  // Unary operators bind tighter than comparisons: `not 1 > 2` is `(not 1) > 2`.
  EXPECT_EQ(testing::EvalError("not 1 > 2").code, "type_mismatch");
  EXPECT_EQ(Eval("not (1 > 2)"), Value::Bool(true));
  EXPECT_EQ(Eval("1 + 1 in [2, 3]"), Value::Bool(true));
  EXPECT_EQ(Eval("!false and not false or false"), Value::Bool(true));
}

TEST(ExprParser, ResolvesNamePathsOnce) {
  auto tree = ParseTree("event.data.items[0]['sku']", 0).value();
  ASSERT_EQ(tree->kind, NodeKind::kPath);
  EXPECT_EQ(tree->path.root, Root::kEvent);
  EXPECT_EQ(tree->path.field, Field::kData);
  EXPECT_EQ(tree->path.walk_from, 1u);
  ASSERT_EQ(tree->path.steps.size(), 4u);
  EXPECT_TRUE(tree->path.steps[2].is_index);
  EXPECT_EQ(tree->path.steps[3].name, "sku");

  auto profile = ParseTree("profile.tier", 0).value();
  EXPECT_EQ(profile->path.root, Root::kProfile);
  EXPECT_EQ(profile->path.field, Field::kAttributes);
  EXPECT_EQ(ParseTree("profile.id", 0).value()->path.field, Field::kId);
  EXPECT_EQ(ParseTree("journey.version", 0).value()->path.field, Field::kVersion);
  EXPECT_EQ(ParseTree("now", 0).value()->path.root, Root::kNow);
}

TEST(ExprParser, FoldsLiteralListsAndCalls) {
  auto list = ParseTree("['gold', 'platinum']", 0).value();
  ASSERT_EQ(list->kind, NodeKind::kLiteral);
  EXPECT_EQ(list->literal.AsList().size(), 2u);
  auto duration = ParseTree("duration('P1D')", 0).value();
  ASSERT_EQ(duration->kind, NodeKind::kLiteral);
  EXPECT_EQ(duration->literal.type(), Type::kDuration);
  // A failing literal is left for Check and Evaluate to report.
  EXPECT_EQ(ParseTree("len(3)", 0).value()->kind, NodeKind::kCall);
  // hour() depends on the zone: never folded.
  EXPECT_EQ(ParseTree("hour(time('2026-01-01T00:00:00Z'))", 0).value()->kind, NodeKind::kCall);
}

TEST(ExprParser, FlattensAndChains) {
  auto tree = ParseTree("a && b && c and d", 0).value();
  ASSERT_EQ(tree->kind, NodeKind::kAnd);
  EXPECT_EQ(tree->children.size(), 4u);
}

TEST(ExprParser, KeywordsMayNameFields) {
  auto tree = ParseTree("event.data.in.null.and", 0).value();
  ASSERT_EQ(tree->path.steps.size(), 4u);
  EXPECT_EQ(tree->path.steps[1].name, "in");
}

TEST(ExprParser, UnclosedParenthesisNamesItsColumn) {
  ExprError error = ParseError("a + (b * 2");
  EXPECT_EQ(error.code, "bad_expression");
  EXPECT_EQ(error.offset, 4u);
  EXPECT_EQ(error.length, 1u);
  EXPECT_TRUE(Contains(error.message, "expected ')' to close '(' at column 5")) << error.message;
}

TEST(ExprParser, WrongTokenInsteadOfClosingParenthesis) {
  ExprError error = ParseError("(a, b)");
  EXPECT_EQ(error.offset, 2u);
  EXPECT_TRUE(Contains(error.message, "expected ')' to close '(' at column 1, found ','"))
      << error.message;
}

TEST(ExprParser, UnexpectedEndPointsAtTheLastToken) {
  ExprError error = ParseError("a +  ");
  EXPECT_EQ(error.code, "bad_expression");
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.length, 1u);
  EXPECT_TRUE(Contains(error.message, "unexpected end of expression after '+' at column 3"))
      << error.message;
}

TEST(ExprParser, EmptyTextIsABadExpression) {
  EXPECT_EQ(ParseError("").code, "bad_expression");
  ExprError blank = ParseError("   ");
  EXPECT_EQ(blank.offset, 0u);
  EXPECT_EQ(blank.length, 3u);
}

TEST(ExprParser, TrailingTokensAreRefused) {
  ExprError error = ParseError("a b");
  EXPECT_EQ(error.offset, 2u);
  EXPECT_TRUE(Contains(error.message,
                       "expected an operator or the end of the expression, found "
                       "'b' at column 3"))
      << error.message;
}

TEST(ExprParser, ListAndCallSyntaxErrors) {
  ExprError list = ParseError("[1, 2");
  EXPECT_EQ(list.offset, 0u);
  EXPECT_TRUE(Contains(list.message, "expected ',' or ']' to close '[' at column 1"));
  ExprError trailing_comma = ParseError("[1, ]");
  EXPECT_EQ(trailing_comma.offset, 4u);
  EXPECT_TRUE(Contains(trailing_comma.message, "expected a value, found ']'"));
  ExprError call = ParseError("len(a b)");
  EXPECT_EQ(call.offset, 6u);
  EXPECT_TRUE(Contains(call.message, "expected ',' or ')' to close '(' at column 4"));
  ExprError index = ParseError("a[1");
  EXPECT_EQ(index.offset, 1u);
  ExprError field = ParseError("event.");
  EXPECT_EQ(field.offset, 5u);
  EXPECT_TRUE(Contains(field.message, "field name")) << field.message;
  EXPECT_EQ(ParseError("event.1").offset, 6u);
  EXPECT_EQ(ParseError(")").offset, 0u);
}

TEST(ExprParser, DeepNestingIsRefusedNotRecursed) {
  std::string deep(30'000, '(');
  ExprError error = ParseError(deep + "1" + std::string(30'000, ')'));
  EXPECT_EQ(error.code, "bad_expression");
  EXPECT_TRUE(Contains(error.message, "nested too deeply"));
  EXPECT_EQ(ParseError(std::string(10'000, '!') + "true").code, "bad_expression");
  EXPECT_EQ(ParseError(std::string(10'000, '[') + std::string(10'000, ']')).code, "bad_expression");
  std::string nesting_ok = std::string(200, '(') + "1" + std::string(200, ')');
  EXPECT_EQ(Eval(nesting_ok), Num(1));
}

TEST(ExprParser, LongOperatorChainsAreBoundedToo) {
  std::string chain = "profile.n";  // not a literal, so nothing folds away
  for (int i = 0; i < 5000; ++i) chain += " + profile.n";
  EXPECT_EQ(ParseError(chain).code, "bad_expression");
  std::string ors = "profile.a";
  for (int i = 0; i < 5000; ++i) ors += " || profile.a";
  EXPECT_EQ(Eval(ors), Value::Bool(false));  // flattened: one level
}

TEST(ExprParser, TextsLongerThan64KiBAreRefused) {
  std::string text = "'" + std::string(70'000, 'a') + "'";
  ExprError error = ParseError(text);
  EXPECT_EQ(error.code, "bad_expression");
  EXPECT_EQ(error.offset, 64u * 1024);
  EXPECT_TRUE(Expression::Parse("'" + std::string(60'000, 'a') + "'").has_value());
}

TEST(ExprParser, KeepsTheText) {
  EXPECT_EQ(Expression::Parse(" profile.tier == 'gold' ").value().text(),
            " profile.tier == 'gold' ");
}

}  // namespace
}  // namespace parcours::expr
