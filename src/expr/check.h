// The static check of a parsed tree (Expression::Check).
//
// Reports, without any data: unknown root names and unknown fields of the fixed-shape roots
// (event/entry: id, type, profileId, timestamp, data.<anything>; journey: id, version; now: no
// fields; profile: any attribute, and `id`), unknown functions (suggesting a close name),
// wrong argument counts, and type errors that literal operands already show: a literal
// sub-expression that fails to evaluate (`len(3)`, `'a' - 1`, `duration('P1Y')`, `1 / 0`), a
// literal argument of the wrong type (`hour('soon')`), a literal operand no value could make
// valid (`profile.age * 'x'`, `1 && profile.vip`, `x in 3`).
#pragma once

#include <vector>

#include "expr/ast.h"
#include "parcours/expr.h"

namespace parcours::expr {

// Appends the problems found in `root` to `out`, in text order.
void CheckTree(const Node& root, std::vector<ExprError>& out);

}  // namespace parcours::expr
