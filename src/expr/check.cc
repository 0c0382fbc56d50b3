#include "expr/check.h"

#include <algorithm>
#include <string>

#include "expr/errors.h"
#include "expr/eval.h"
#include "expr/functions.h"
#include "expr/operators.h"

namespace parcours::expr {
namespace {

const std::vector<std::string_view> kRoots = {"event", "entry", "profile", "journey", "now"};
const std::vector<std::string_view> kEventFields = {"id", "type", "profileId", "timestamp", "data"};
const std::vector<std::string_view> kJourneyFields = {"id", "version"};

// " (did you mean 'x'?)" when a candidate is close to `step`.
std::string Hint(const PathStep& step, const std::vector<std::string_view>& candidates) {
  if (step.is_index) return "";
  std::string_view close = ClosestName(step.name, candidates);
  return close.empty() ? "" : " (did you mean '" + std::string(close) + "'?)";
}

const Context kNoContext{};

void CheckPath(const Path& path, std::vector<ExprError>& out) {
  const auto& steps = path.steps;
  auto step_text = [&](std::size_t i) {
    return steps[i].is_index ? "[" + std::to_string(steps[i].index) + "]"
                             : "'" + steps[i].name + "'";
  };
  auto no_fields = [&](std::string_view what, std::string_view type) {
    if (steps.size() > path.walk_from) {
      out.push_back(ErrorAt(kUnknownName, steps[path.walk_from].span,
                            std::string(what) + " is " + std::string(type) + " and has no field " +
                                step_text(path.walk_from)));
    }
  };
  switch (path.root) {
    case Root::kUnknown: {
      std::string what = "unknown name '" + path.root_name + "'";
      std::string_view close = ClosestName(path.root_name, kRoots);
      if (!close.empty()) what += " (did you mean '" + std::string(close) + "'?)";
      what += "; expressions start from event, entry, profile, journey or now";
      out.push_back(ErrorAt(kUnknownName, path.root_span, what));
      return;
    }
    case Root::kEvent:
    case Root::kEntry: {
      std::string root = path.root_name;
      switch (path.field) {
        case Field::kUnknown:
          out.push_back(ErrorAt(kUnknownName, steps[0].span,
                                "'" + root + "' has no field " + step_text(0) +
                                    Hint(steps[0], kEventFields) +
                                    "; it has id, type, profileId, timestamp and data"));
          return;
        case Field::kId:
        case Field::kType:
        case Field::kProfileId:
          no_fields("'" + root + "." + steps[0].name + "'", "a text");
          return;
        case Field::kTimestamp:
          no_fields("'" + root + ".timestamp'", "a time");
          return;
        default:
          return;
      }
    }
    case Root::kJourney:
      if (path.field == Field::kUnknown) {
        out.push_back(ErrorAt(kUnknownName, steps[0].span,
                              "'journey' has no field " + step_text(0) +
                                  Hint(steps[0], kJourneyFields) + "; it has id and version"));
      } else if (path.field == Field::kId) {
        no_fields("'journey.id'", "a text");
      } else if (path.field == Field::kVersion) {
        no_fields("'journey.version'", "a number");
      }
      return;
    case Root::kNow:
      if (!steps.empty()) {
        out.push_back(ErrorAt(kUnknownName, steps[0].span,
                              "'now' is a time and has no field " + step_text(0)));
      }
      return;
    case Root::kProfile:
      if (path.field == Field::kId) no_fields("'profile.id'", "a text");
      return;
  }
}

bool IsLiteral(const Node& node) { return node.kind == NodeKind::kLiteral; }

void Mismatch(Span where, std::string_view what, std::vector<ExprError>& out) {
  out.push_back(ErrorAt(kTypeMismatch, where, what));
}

// A literal operand of a binary operator that no value on the other side could make valid.
void CheckOperands(const Node& node, std::vector<ExprError>& out) {
  const Node& left = *node.children[0];
  const Node& right = *node.children[1];
  auto never = [&](const Node& operand, bool is_left) {
    if (!IsLiteral(operand)) return false;
    const Value& v = operand.literal;
    Type t = v.type();
    switch (node.op) {
      case Op::kAdd:
        return t == Type::kNull || t == Type::kBool || t == Type::kList || t == Type::kObject;
      case Op::kSubtract:
        return t == Type::kNull || t == Type::kBool || t == Type::kList || t == Type::kObject ||
               (t == Type::kText && !ParseTime(v.AsText()).has_value());
      case Op::kMultiply:
        return t != Type::kNumber && t != Type::kDuration;
      case Op::kDivide:
        return t != Type::kNumber && (t != Type::kDuration || !is_left);
      case Op::kModulo:
        return t != Type::kNumber;
      case Op::kLess:
      case Op::kLessEqual:
      case Op::kGreater:
      case Op::kGreaterEqual:
        return t == Type::kBool || t == Type::kList || t == Type::kObject;
      case Op::kIn:
        return !is_left &&
               (t == Type::kNumber || t == Type::kBool || t == Type::kTime || t == Type::kDuration);
      default:
        return false;
    }
  };
  for (const Node* operand : {&left, &right}) {
    if (never(*operand, operand == &left)) {
      Mismatch(node.op_span,
               std::string("'") + OpSpelling(node.op) + "' cannot be applied to " +
                   TypeName(operand->literal.type()),
               out);
      return;
    }
  }
  if ((node.op == Op::kDivide || node.op == Op::kModulo) && IsLiteral(right) &&
      right.literal.type() == Type::kNumber && right.literal.AsNumber() == 0) {
    out.push_back(ErrorAt(kBadArgument, node.op_span,
                          node.op == Op::kDivide ? "division by zero" : "modulo by zero"));
  }
}

void CheckCall(const Node& node, std::vector<ExprError>& out) {
  if (node.function == Function::kUnknown) {
    std::string what = "unknown function '" + node.name + "'";
    std::string_view close = ClosestFunctionName(node.name);
    if (!close.empty()) what += " (did you mean '" + std::string(close) + "'?)";
    out.push_back(ErrorAt(kUnknownFunction, node.op_span, what));
    return;
  }
  const FunctionInfo& info = InfoOf(node.function);
  if (node.children.size() != info.arity) {
    out.push_back(ErrorAt(kWrongArgumentCount, node.op_span,
                          std::string(info.name) + "() takes " + std::to_string(info.arity) +
                              (info.arity == 1 ? " argument" : " arguments") + ", not " +
                              std::to_string(node.children.size())));
    return;
  }
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    const Node& arg = *node.children[i];
    if (!IsLiteral(arg)) continue;
    ArgumentProblem problem = CheckArgument(node.function, i, arg.literal);
    if (!problem.code.empty()) out.push_back(ErrorAt(problem.code, arg.span, problem.what));
  }
}

void Walk(const Node& node, std::vector<ExprError>& out) {
  if (node.kind != NodeKind::kLiteral && IsFoldable(node)) {
    // Every operand is a literal, yet folding it failed: evaluating it always fails.
    Evaluator evaluator(kNoContext);
    Value scratch;
    if (evaluator.Eval(node, scratch) == nullptr) {
      out.push_back(std::move(evaluator.error()));
      return;
    }
  }
  switch (node.kind) {
    case NodeKind::kPath:
      CheckPath(node.path, out);
      break;
    case NodeKind::kCall:
      CheckCall(node, out);
      break;
    case NodeKind::kBinary:
      CheckOperands(node, out);
      break;
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kUnary:
      if (node.kind != NodeKind::kUnary || node.op == Op::kNot) {
        for (const auto& child : node.children) {
          if (IsLiteral(*child) && !child->literal.is_null() &&
              child->literal.type() != Type::kBool) {
            Mismatch(child->span,
                     std::string("'&&', '||' and '!' need a boolean (or null), not ") +
                         TypeName(child->literal.type()),
                     out);
          }
        }
      }
      break;
    case NodeKind::kIndex: {
      const Node& key = *node.children[1];
      if (IsLiteral(key) && !key.literal.is_null() && key.literal.type() != Type::kNumber &&
          key.literal.type() != Type::kText) {
        Mismatch(
            key.span,
            std::string("an index must be a number or a text, not ") + TypeName(key.literal.type()),
            out);
      }
      break;
    }
    default:
      break;
  }
  for (const auto& child : node.children) {
    Walk(*child, out);
    // After a literal false in && (true in ||) the rest is never evaluated.
    if (IsLiteral(*child) && child->literal.type() == Type::kBool &&
        ((node.kind == NodeKind::kAnd && !child->literal.AsBool()) ||
         (node.kind == NodeKind::kOr && child->literal.AsBool()))) {
      break;
    }
  }
}

}  // namespace

void CheckTree(const Node& root, std::vector<ExprError>& out) {
  std::size_t first = out.size();
  Walk(root, out);
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const ExprError& a, const ExprError& b) { return a.offset < b.offset; });
}

}  // namespace parcours::expr
