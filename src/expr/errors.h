// Building ExprErrors: the stable codes, and messages that name a 1-based column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/expr.h"

namespace parcours::expr {

inline constexpr std::string_view kBadExpression = "bad_expression";
inline constexpr std::string_view kUnknownName = "unknown_name";
inline constexpr std::string_view kUnknownFunction = "unknown_function";
inline constexpr std::string_view kWrongArgumentCount = "wrong_argument_count";
inline constexpr std::string_view kTypeMismatch = "type_mismatch";
inline constexpr std::string_view kBadArgument = "bad_argument";

// A stretch of the expression text: `offset` bytes from its start, `length` bytes long.
struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// "column 7" for byte offset 6.
std::string Column(std::size_t offset);

// An error whose message is `what` followed by " at column N" (N from span.offset).
ExprError ErrorAt(std::string_view code, Span span, std::string_view what);

// An error with exactly `message` (which already names its column).
ExprError ErrorWithMessage(std::string_view code, Span span, std::string message);

// The candidate closest to `name` for a "did you mean" hint: equal ignoring ASCII case, or one
// starts the other (at least 3 characters), or at most 2 edits away. Empty when none is close.
std::string_view ClosestName(std::string_view name,
                             const std::vector<std::string_view>& candidates);

}  // namespace parcours::expr
