// Expression: parse, check, evaluate; and FindTimeZone.
#include <date/tz.h>

#include <exception>

#include "expr/ast.h"
#include "expr/check.h"
#include "expr/errors.h"
#include "expr/eval.h"
#include "expr/parser.h"
#include "parcours/expr.h"

namespace parcours::expr {

Expression::Expression(std::shared_ptr<const Node> root, std::shared_ptr<const std::string> text)
    : root_(std::move(root)), text_(std::move(text)) {}

ExprResult<Expression> Expression::Parse(std::string_view text) { return ParseAt(text, 0); }

ExprResult<Expression> Expression::ParseAt(std::string_view text, std::size_t base) {
  auto tree = ParseTree(text, base);
  if (!tree) return std::unexpected(std::move(tree.error()));
  return Expression(std::shared_ptr<const Node>(std::move(*tree)),
                    std::make_shared<const std::string>(text));
}

std::vector<ExprError> Expression::Check() const {
  std::vector<ExprError> problems;
  CheckTree(*root_, problems);
  return problems;
}

ExprResult<Value> Expression::Evaluate(const Context& context) const {
  Evaluator evaluator(context);
  Value scratch;
  const Value* value = evaluator.Eval(*root_, scratch);
  if (value == nullptr) return std::unexpected(std::move(evaluator.error()));
  return value->Owned();
}

ExprResult<bool> Expression::EvaluateCondition(const Context& context) const {
  Evaluator evaluator(context);
  bool result = false;
  if (!evaluator.EvalCondition(*root_, result)) {
    return std::unexpected(std::move(evaluator.error()));
  }
  return result;
}

const std::string& Expression::text() const { return *text_; }

const date::time_zone* FindTimeZone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace parcours::expr
