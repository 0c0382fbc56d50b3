// The functions of the language: names, argument counts, argument checks and the calls.
//
// Null arguments (a missing field): startsWith, endsWith, contains, lower, upper, hour,
// dayOfWeek, daysBetween, duration and time give null when an argument is null, so a condition
// on a missing field is simply false. Two exceptions: `len(null)` is a type mismatch (the
// spec says so), and `contains(list, null)` tests whether the list holds null, as `null in
// list` does. `exists(x)` is true when x is not null.
//
// Texts: lower/upper change ASCII letters only; len counts Unicode code points. Wherever a
// time is expected, a text that parses as RFC 3339 is read as that time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "expr/ast.h"
#include "expr/errors.h"
#include "parcours/expr.h"
#include "parcours/expr_value.h"

namespace parcours::expr {

inline constexpr std::size_t kMaxArguments = 2;

struct FunctionInfo {
  std::string_view name;
  Function function;
  std::size_t arity;
  bool reads_context;  // its result depends on the Context (the time zone): never folded
};

// The function called `name` (case-sensitive), or nullptr.
const FunctionInfo* FindFunction(std::string_view name);
const FunctionInfo& InfoOf(Function function);

// The known function whose name is closest to `name` (see ClosestName), or empty.
std::string_view ClosestFunctionName(std::string_view name);

// Checks argument `index` of a call to `function` on its own: empty `code` when it is
// acceptable. Used by the evaluator and, on literal arguments, by the static check.
struct ArgumentProblem {
  std::string_view code;  // "type_mismatch" or "bad_argument"; empty when fine
  std::string what;       // e.g. "len() takes a text, a list or an object, not a number"
};
ArgumentProblem CheckArgument(Function function, std::size_t index, const Value& argument);

// Calls `function` on `args` (InfoOf(function).arity of them, each already passed
// CheckArgument). `arg_spans` locate the arguments for errors.
bool CallFunction(Function function, const Value* const* args, const Span* arg_spans,
                  const Context& context, Value& out, ExprError& error);

}  // namespace parcours::expr
