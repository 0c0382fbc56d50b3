// The parser: tokens to a tree (ast.h), by recursive descent. Precedence, lowest first:
//   || or  /  && and  /  == !=  /  < <= > >= in  /  + -  /  * / %  /  unary ! not -  /
//   postfix .field [index]  /  literal, [list], name path, call f(a, b), ( ... )
// Binary operators associate to the left; chains of && (and of ||) become one node.
//
// Name paths are resolved here (root and fixed field), literal sub-expressions folded.
// Nesting (parentheses, lists, calls, unary operators) deeper than kMaxDepth, and trees deeper
// than kMaxDepth, are refused with "bad_expression" rather than recursed into.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "expr/ast.h"
#include "parcours/expr.h"

namespace parcours::expr {

// Longest expression text accepted.
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;

// Parses `text`, whose first byte is at offset `base` of whatever it was taken from (a
// template); all offsets in the tree and in errors include `base`.
ExprResult<std::unique_ptr<Node>> ParseTree(std::string_view text, std::size_t base);

}  // namespace parcours::expr
