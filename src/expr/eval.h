// The evaluator: walks a tree (ast.h) over a Context.
//
// Values read from the Context borrow from it (texts are string_views into the event and
// profile JSON), so an evaluation allocates nothing for typical conditions; Expression::
// Evaluate makes its result Owned() before handing it out. Recursion follows the tree, whose
// depth is bounded (kMaxDepth). One Evaluator serves one evaluation on one thread.
#pragma once

#include "expr/ast.h"
#include "expr/paths.h"
#include "parcours/expr.h"
#include "parcours/expr_value.h"

namespace parcours::expr {

class Evaluator {
 public:
  // `context` must outlive the Evaluator and every value it returns.
  explicit Evaluator(const Context& context) : context_(context) {}

  // The value of `node`: a pointer either to `scratch` (filled) or to a value held by the tree.
  // nullptr on failure; error() then says why.
  const Value* Eval(const Node& node, Value& scratch);

  // `node` as a condition: null is false, a boolean itself, anything else "type_mismatch".
  bool EvalCondition(const Node& node, bool& out);

  const ExprError& error() const { return error_; }
  ExprError& error() { return error_; }

 private:
  // Like Eval, but a path (or a field or item of one) that ends in JSON stays JSON.
  bool EvalRef(const Node& node, Ref& out);
  bool EvalBinary(const Node& node, Value& out);
  bool EvalCompare(const Node& node, bool& out);
  bool CompareValues(const Node& node, const Value& left, const Value& right, bool& out);
  bool EvalIn(const Node& node, bool& out);
  bool EvalCall(const Node& node, Value& out);
  bool EvalJsonCall(const Node& node, const boost::json::value& json, Value& out, bool& handled);
  bool EvalLogical(const Node& node, bool& out);
  bool EvalIndex(const Node& node, Ref& out);
  bool NeedBool(const Value& value, const Node& operand, std::string_view where, bool& out);

  const Context& context_;
  ExprError error_;
};

// The value of the literal sub-tree `node` when it can be folded at parse time: every child a
// literal and nothing read from a Context (no path, no hour/dayOfWeek/daysBetween). False when
// it cannot be folded or its evaluation fails (the failure is left for Check and Evaluate).
bool FoldConstant(const Node& node, Value& out);

// True when `node` could be folded (see FoldConstant) were its evaluation to succeed.
bool IsFoldable(const Node& node);

}  // namespace parcours::expr
