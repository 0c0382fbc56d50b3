#include "expr/eval.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <cmath>
#include <string>

#include "expr/errors.h"
#include "expr/functions.h"
#include "expr/operators.h"

namespace parcours::expr {
namespace {

namespace json = boost::json;

bool IsComparison(Op op) {
  return op == Op::kEqual || op == Op::kNotEqual || op == Op::kLess || op == Op::kLessEqual ||
         op == Op::kGreater || op == Op::kGreaterEqual || op == Op::kIn;
}

bool IsPathLike(const Node& node) {
  return node.kind == NodeKind::kPath || node.kind == NodeKind::kMember ||
         node.kind == NodeKind::kIndex;
}

std::size_t CodePoints(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// `needle in <json array>`: no conversion of the array.
bool InJsonArray(const Value& needle, const json::array& array) {
  for (const json::value& item : array) {
    if (LanguageEquals(needle, JsonToValue(item))) return true;
  }
  return false;
}

const Context kNoContext{};

double JsonNumber(const json::value& value) {
  switch (value.kind()) {
    case json::kind::int64:
      return static_cast<double>(value.get_int64());
    case json::kind::uint64:
      return static_cast<double>(value.get_uint64());
    default:
      return value.get_double();
  }
}

// == != < <= > >= on two values of one type (numbers, or texts compared byte-wise).
template <typename T>
bool CompareSame(Op op, const T& a, const T& b) {
  switch (op) {
    case Op::kEqual:
      return a == b;
    case Op::kNotEqual:
      return a != b;
    case Op::kLess:
      return a < b;
    case Op::kLessEqual:
      return a <= b;
    case Op::kGreater:
      return a > b;
    default:
      return a >= b;
  }
}

}  // namespace

const Value* Evaluator::Eval(const Node& node, Value& scratch) {
  switch (node.kind) {
    case NodeKind::kLiteral:
      return &node.literal;
    case NodeKind::kPath: {  // the hot path: no Ref in between
      const json::value* json = nullptr;
      if (!ReadPath(node.path, context_, scratch, json, error_)) return nullptr;
      if (json != nullptr) scratch = JsonToValue(*json);
      return &scratch;
    }
    case NodeKind::kMember:
    case NodeKind::kIndex: {
      Ref ref;
      if (!EvalRef(node, ref)) return nullptr;
      scratch = ref.json != nullptr ? JsonToValue(*ref.json) : std::move(ref.value);
      return &scratch;
    }
    case NodeKind::kList: {
      List items;
      items.reserve(node.children.size());
      for (const auto& child : node.children) {
        Value item_scratch;
        const Value* item = Eval(*child, item_scratch);
        if (item == nullptr) return nullptr;
        items.push_back(item->Owned());
      }
      scratch = Value::FromList(std::move(items));
      return &scratch;
    }
    case NodeKind::kUnary: {
      if (node.op == Op::kNot) {
        bool b = false;
        if (!EvalLogical(*node.children[0], b)) return nullptr;
        scratch = Value::Bool(!b);
        return &scratch;
      }
      Value operand_scratch;
      const Value* operand = Eval(*node.children[0], operand_scratch);
      if (operand == nullptr || !Negate(*operand, node.op_span, scratch, error_)) return nullptr;
      return &scratch;
    }
    case NodeKind::kBinary:
      if (IsComparison(node.op)) {
        bool b = false;
        if (!EvalCompare(node, b)) return nullptr;
        scratch = Value::Bool(b);
        return &scratch;
      }
      if (!EvalBinary(node, scratch)) return nullptr;
      return &scratch;
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      bool b = false;
      if (!EvalLogical(node, b)) return nullptr;
      scratch = Value::Bool(b);
      return &scratch;
    }
    case NodeKind::kCall:
      if (!EvalCall(node, scratch)) return nullptr;
      return &scratch;
  }
  return nullptr;
}

bool Evaluator::NeedBool(const Value& value, const Node& operand, std::string_view where,
                         bool& out) {
  if (value.type() == Type::kBool) {
    out = value.AsBool();
    return true;
  }
  if (value.is_null()) {
    out = false;
    return true;
  }
  std::string what(where);
  what += " needs a boolean (or null), not ";
  what += TypeName(value.type());
  error_ = ErrorAt(kTypeMismatch, operand.span, what);
  return false;
}

// A boolean operand of && || ! (null is false).
bool Evaluator::EvalLogical(const Node& node, bool& out) {
  switch (node.kind) {
    case NodeKind::kAnd:
      for (const auto& child : node.children) {
        if (!EvalLogical(*child, out)) return false;
        if (!out) return true;
      }
      return true;
    case NodeKind::kOr:
      for (const auto& child : node.children) {
        if (!EvalLogical(*child, out)) return false;
        if (out) return true;
      }
      return true;
    case NodeKind::kUnary:
      if (node.op == Op::kNot) {
        if (!EvalLogical(*node.children[0], out)) return false;
        out = !out;
        return true;
      }
      break;
    case NodeKind::kBinary:
      if (IsComparison(node.op)) return EvalCompare(node, out);
      break;
    default:
      break;
  }
  Value scratch;
  const Value* value = Eval(node, scratch);
  return value != nullptr && NeedBool(*value, node, "'&&', '||' and '!'", out);
}

bool Evaluator::EvalCondition(const Node& node, bool& out) {
  switch (node.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr:
      return EvalLogical(node, out);
    case NodeKind::kUnary:
      if (node.op == Op::kNot) return EvalLogical(node, out);
      break;
    case NodeKind::kBinary:
      if (IsComparison(node.op)) return EvalCompare(node, out);
      break;
    default:
      break;
  }
  Value scratch;
  const Value* value = Eval(node, scratch);
  return value != nullptr && NeedBool(*value, node, "a condition", out);
}

bool Evaluator::EvalCompare(const Node& node, bool& out) {
  if (node.op == Op::kIn) return EvalIn(node, out);
  const Node& left_node = *node.children[0];
  const Node& right_node = *node.children[1];
  if (left_node.kind == NodeKind::kPath && right_node.kind == NodeKind::kLiteral) {
    // Fast path for `event.data.x > 20`, `profile.tier == 'gold'`: a JSON number or string
    // against a literal of the same type compares without building a Value.
    Value value;
    const json::value* json = nullptr;
    if (!ReadPath(left_node.path, context_, value, json, error_)) return false;
    const Value& literal = right_node.literal;
    if (json != nullptr) {
      if (literal.type() == Type::kNumber && json->is_number()) {
        out = CompareSame(node.op, JsonNumber(*json), literal.AsNumber());
        return true;
      }
      if (literal.type() == Type::kText && json->is_string()) {
        const json::string& text = json->get_string();
        out = CompareSame(node.op, std::string_view(text.data(), text.size()), literal.AsText());
        return true;
      }
      value = JsonToValue(*json);
    }
    return CompareValues(node, value, literal, out);
  }
  Value left_scratch;
  Value right_scratch;
  const Value* left = Eval(left_node, left_scratch);
  if (left == nullptr) return false;
  const Value* right = Eval(right_node, right_scratch);
  if (right == nullptr) return false;
  return CompareValues(node, *left, *right, out);
}

bool Evaluator::CompareValues(const Node& node, const Value& left, const Value& right, bool& out) {
  switch (node.op) {
    case Op::kEqual:
      out = LanguageEquals(left, right);
      return true;
    case Op::kNotEqual:
      out = !LanguageEquals(left, right);
      return true;
    default:
      return Compare(node.op, left, right, node.op_span, out, error_);
  }
}

bool Evaluator::EvalIn(const Node& node, bool& out) {
  Value needle_scratch;
  const Value* needle = Eval(*node.children[0], needle_scratch);
  if (needle == nullptr) return false;
  const Node& haystack_node = *node.children[1];
  if (IsPathLike(haystack_node)) {
    Ref ref;
    if (!EvalRef(haystack_node, ref)) return false;
    if (ref.json != nullptr) {
      if (const json::array* array = ref.json->if_array()) {
        out = InJsonArray(*needle, *array);
        return true;
      }
      if (const json::object* object = ref.json->if_object(); object && needle->is_null()) {
        out = false;
        return true;
      }
      if (const json::object* object = ref.json->if_object();
          object && needle->type() == Type::kText) {
        out = object->contains(needle->AsText());
        return true;
      }
      return In(*needle, JsonToValue(*ref.json), node.op_span, out, error_);
    }
    return In(*needle, ref.value, node.op_span, out, error_);
  }
  Value haystack_scratch;
  const Value* haystack = Eval(haystack_node, haystack_scratch);
  return haystack != nullptr && In(*needle, *haystack, node.op_span, out, error_);
}

bool Evaluator::EvalBinary(const Node& node, Value& out) {
  Value left_scratch;
  Value right_scratch;
  const Value* left = Eval(*node.children[0], left_scratch);
  if (left == nullptr) return false;
  const Value* right = Eval(*node.children[1], right_scratch);
  if (right == nullptr) return false;
  return Arithmetic(node.op, *left, *right, node.op_span, out, error_);
}

bool Evaluator::EvalRef(const Node& node, Ref& out) {
  switch (node.kind) {
    case NodeKind::kPath:
      return ReadPath(node.path, context_, out.value, out.json, error_);
    case NodeKind::kMember: {
      if (!EvalRef(*node.children[0], out)) return false;
      if (out.json != nullptr) {
        out.json = JsonField(*out.json, node.name);
        return true;
      }
      if (out.value.type() == Type::kObject) {
        const Object& fields = out.value.AsObject();
        auto it = fields.find(node.name);
        Value field = it != fields.end() ? it->second : Value();
        out.value = std::move(field);
        return true;
      }
      out.value = Value();
      return true;
    }
    case NodeKind::kIndex:
      return EvalIndex(node, out);
    default: {
      Value scratch;
      const Value* value = Eval(node, scratch);
      if (value == nullptr) return false;
      out.json = nullptr;
      out.value = value == &scratch ? std::move(scratch) : *value;
      return true;
    }
  }
}

bool Evaluator::EvalIndex(const Node& node, Ref& out) {
  if (!EvalRef(*node.children[0], out)) return false;
  Value key_scratch;
  const Value* key = Eval(*node.children[1], key_scratch);
  if (key == nullptr) return false;
  if (key->is_null()) {
    out = Ref();
    return true;
  }
  if (key->type() != Type::kNumber && key->type() != Type::kText) {
    error_ =
        ErrorAt(kTypeMismatch, node.children[1]->span,
                std::string("an index must be a number or a text, not ") + TypeName(key->type()));
    return false;
  }
  std::size_t index = 0;
  bool by_position = key->type() == Type::kNumber;
  if (by_position) {
    double n = key->AsNumber();
    if (!(n >= 0 && n < 9'007'199'254'740'992.0) || std::floor(n) != n) {
      out = Ref();
      return true;
    }
    index = static_cast<std::size_t>(n);
  }
  if (out.json != nullptr) {
    out.json = by_position ? JsonItem(*out.json, index) : JsonField(*out.json, key->AsText());
    return true;
  }
  Value found;
  if (by_position && out.value.type() == Type::kList) {
    const List& items = out.value.AsList();
    if (index < items.size()) found = items[index];
  } else if (!by_position && out.value.type() == Type::kObject) {
    const Object& fields = out.value.AsObject();
    auto it = fields.find(key->AsText());
    if (it != fields.end()) found = it->second;
  }
  out.value = std::move(found);
  return true;
}

// exists, len and contains on a path ending in a JSON array or object: no conversion.
bool Evaluator::EvalJsonCall(const Node& node, const json::value& value, Value& out,
                             bool& handled) {
  handled = true;
  switch (node.function) {
    case Function::kExists:
      out = Value::Bool(!value.is_null());
      return true;
    case Function::kLen:
      if (const json::array* array = value.if_array()) {
        out = Value::Number(static_cast<double>(array->size()));
        return true;
      }
      if (const json::object* object = value.if_object()) {
        out = Value::Number(static_cast<double>(object->size()));
        return true;
      }
      if (const json::string* text = value.if_string()) {
        out = Value::Number(static_cast<double>(CodePoints(std::string_view(*text))));
        return true;
      }
      break;
    case Function::kContains:
      if (const json::array* array = value.if_array()) {
        Value scratch;
        const Value* needle = Eval(*node.children[1], scratch);
        if (needle == nullptr) return false;
        out = Value::Bool(InJsonArray(*needle, *array));
        return true;
      }
      break;
    default:
      break;
  }
  handled = false;
  return true;
}

bool Evaluator::EvalCall(const Node& node, Value& out) {
  const FunctionInfo& info = InfoOf(node.function);
  if (node.function == Function::kUnknown) {
    error_ = ErrorAt(kUnknownFunction, node.op_span, "unknown function '" + node.name + "'");
    return false;
  }
  if (node.children.size() != info.arity) {
    error_ = ErrorAt(kWrongArgumentCount, node.op_span,
                     std::string(info.name) + "() takes " + std::to_string(info.arity) +
                         (info.arity == 1 ? " argument" : " arguments") + ", not " +
                         std::to_string(node.children.size()));
    return false;
  }
  Value scratch[kMaxArguments];
  const Value* args[kMaxArguments] = {};
  Span spans[kMaxArguments];
  for (std::size_t i = 0; i < info.arity; ++i) {
    const Node& arg = *node.children[i];
    spans[i] = arg.span;
    if (i == 0 && IsPathLike(arg) &&
        (node.function == Function::kExists || node.function == Function::kLen ||
         node.function == Function::kContains)) {
      Ref ref;
      if (!EvalRef(arg, ref)) return false;
      if (ref.json != nullptr) {
        bool handled = false;
        if (!EvalJsonCall(node, *ref.json, out, handled)) return false;
        if (handled) return true;
        scratch[0] = JsonToValue(*ref.json);
      } else {
        scratch[0] = std::move(ref.value);
      }
      args[0] = &scratch[0];
    } else {
      args[i] = Eval(arg, scratch[i]);
      if (args[i] == nullptr) return false;
    }
    ArgumentProblem problem = CheckArgument(node.function, i, *args[i]);
    if (!problem.code.empty()) {
      error_ = ErrorAt(problem.code, arg.span, problem.what);
      return false;
    }
  }
  return CallFunction(node.function, args, spans, context_, out, error_);
}

bool IsFoldable(const Node& node) {
  switch (node.kind) {
    case NodeKind::kLiteral:
    case NodeKind::kPath:
      return false;
    case NodeKind::kCall: {
      if (node.function == Function::kUnknown) return false;
      const FunctionInfo& info = InfoOf(node.function);
      if (info.reads_context || node.children.size() != info.arity) return false;
      break;
    }
    default:
      break;
  }
  for (const auto& child : node.children) {
    if (child->kind != NodeKind::kLiteral) return false;
  }
  return true;
}

bool FoldConstant(const Node& node, Value& out) {
  if (!IsFoldable(node)) return false;
  Evaluator evaluator(kNoContext);
  Value scratch;
  const Value* value = evaluator.Eval(node, scratch);
  if (value == nullptr) return false;
  out = value->Owned();
  return true;
}

}  // namespace parcours::expr
