// The lexer: expression text to tokens.
//
// Tokens: numbers (`12`, `2.5`, `1e3`), texts in single or double quotes with escapes
// (\\ \' \" \n \t \uXXXX, surrogate pairs combined), `true` `false` `null`, identifiers
// ([A-Za-z_][A-Za-z0-9_]*), punctuation `. [ ] ( ) ,` and the operators
// `== != < <= > >= && || ! + - * / %` with the keywords `and or not in` as synonyms/operators.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/expr.h"

namespace parcours::expr {

enum class TokenKind {
  kEnd,  // after the last token; offset is the text's end
  kNumber,
  kText,
  kTrue,
  kFalse,
  kNull,
  kIdentifier,
  kDot,
  kLeftBracket,
  kRightBracket,
  kLeftParen,
  kRightParen,
  kComma,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,  // && or `and`
  kOr,   // || or `or`
  kNot,  // ! or `not`
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kIn,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t offset = 0;  // bytes, including the lexer's `base`
  std::size_t length = 0;
  std::string_view spelling;  // the source bytes; borrowed from the lexed text
  double number = 0;          // kNumber
  std::string text;           // kText: the decoded characters (UTF-8)
};

// True when `token` is spelled as a word (an identifier or a keyword such as `in`, `and`,
// `null`): such a token may name a field after `.` (`event.data.in` is fine).
bool IsWord(const Token& token);

// Splits `text` into tokens ending with one kEnd token. Offsets are `base` + the byte offset in
// `text`. Fails with "bad_expression" on a malformed number or text or a stray character.
// The tokens borrow `text` (spelling), which must outlive them.
ExprResult<std::vector<Token>> Lex(std::string_view text, std::size_t base = 0);

}  // namespace parcours::expr
