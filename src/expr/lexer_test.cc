#include "expr/lexer.h"

#include <gtest/gtest.h>

namespace parcours::expr {
namespace {

std::vector<TokenKind> Kinds(std::string_view text) {
  auto tokens = Lex(text);
  EXPECT_TRUE(tokens.has_value()) << text;
  std::vector<TokenKind> kinds;
  if (tokens) {
    for (const Token& t : *tokens) kinds.push_back(t.kind);
  }
  return kinds;
}

TEST(ExprLexer, ReadsEveryOperatorAndKeyword) {
  using K = TokenKind;
  EXPECT_EQ(
      Kinds("== != < <= > >= && || ! + - * / % and or not in"),
      (std::vector<K>{K::kEqual, K::kNotEqual, K::kLess, K::kLessEqual, K::kGreater,
                      K::kGreaterEqual, K::kAnd, K::kOr, K::kNot, K::kPlus, K::kMinus, K::kStar,
                      K::kSlash, K::kPercent, K::kAnd, K::kOr, K::kNot, K::kIn, K::kEnd}));
  EXPECT_EQ(
      Kinds(". [ ] ( ) , true false null x_1"),
      (std::vector<K>{K::kDot, K::kLeftBracket, K::kRightBracket, K::kLeftParen, K::kRightParen,
                      K::kComma, K::kTrue, K::kFalse, K::kNull, K::kIdentifier, K::kEnd}));
}

TEST(ExprLexer, TokensCarryTheirByteOffsets) {
  auto tokens = Lex("a  <= 'x'", 10).value();
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].offset, 10u);
  EXPECT_EQ(tokens[1].offset, 13u);
  EXPECT_EQ(tokens[1].length, 2u);
  EXPECT_EQ(tokens[2].offset, 16u);
  EXPECT_EQ(tokens[2].length, 3u);
  EXPECT_EQ(tokens[3].offset, 19u);  // the end
}

TEST(ExprLexer, ReadsIntegersDecimalsAndExponents) {
  auto tokens = Lex("12 2.5 1e3 1.5E-2 007").value();
  EXPECT_EQ(tokens[0].number, 12);
  EXPECT_EQ(tokens[1].number, 2.5);
  EXPECT_EQ(tokens[2].number, 1000);
  EXPECT_EQ(tokens[3].number, 0.015);
  EXPECT_EQ(tokens[4].number, 7);
}

TEST(ExprLexer, RefusesMalformedNumbers) {
  for (const char* bad : {"1.", "1.x", "1e", "1e+", "1e999"}) {
    auto tokens = Lex(bad);
    ASSERT_FALSE(tokens.has_value()) << bad;
    EXPECT_EQ(tokens.error().code, "bad_expression");
    EXPECT_EQ(tokens.error().offset, 0u);
  }
}

TEST(ExprLexer, DecodesEscapesInBothQuotes) {
  auto tokens = Lex(R"('a\'b' "c\"d" '\\ \n \t' '\u00e9\u20AC' '\ud83d\ude00')").value();
  EXPECT_EQ(tokens[0].text, "a'b");
  EXPECT_EQ(tokens[1].text, "c\"d");
  EXPECT_EQ(tokens[2].text, "\\ \n \t");
  EXPECT_EQ(tokens[3].text, "\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(tokens[4].text, "\xF0\x9F\x98\x80");
}

TEST(ExprLexer, RefusesBadEscapesWithTheirOffset) {
  struct Case {
    const char* text;
    std::size_t offset;
  };
  for (Case c : {Case{R"('ab\q')", 3}, Case{R"('\u12')", 1}, Case{R"('\ud83d')", 1},
                 Case{R"('\ude00')", 1}, Case{R"(x + 'abc)", 4}, Case{"'a\\", 2}}) {
    auto tokens = Lex(c.text);
    ASSERT_FALSE(tokens.has_value()) << c.text;
    EXPECT_EQ(tokens.error().code, "bad_expression") << c.text;
    EXPECT_EQ(tokens.error().offset, c.offset) << c.text;
  }
}

TEST(ExprLexer, SuggestsDoubledOperators) {
  auto tokens = Lex("a = 1");
  ASSERT_FALSE(tokens.has_value());
  EXPECT_EQ(tokens.error().offset, 2u);
  EXPECT_NE(tokens.error().message.find("did you mean '=='"), std::string::npos);
  EXPECT_NE(Lex("a & b").error().message.find("'&&'"), std::string::npos);
  EXPECT_NE(Lex("a | b").error().message.find("'||'"), std::string::npos);
}

TEST(ExprLexer, NamesAStrayCharacterAndItsColumn) {
  auto tokens = Lex("a # b");
  ASSERT_FALSE(tokens.has_value());
  EXPECT_EQ(tokens.error().offset, 2u);
  EXPECT_EQ(tokens.error().length, 1u);
  EXPECT_NE(tokens.error().message.find("'#'"), std::string::npos);
  EXPECT_NE(tokens.error().message.find("column 3"), std::string::npos);
}

}  // namespace
}  // namespace parcours::expr
