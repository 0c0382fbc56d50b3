// Reading name paths (`event.data.amount`, `profile.tier`, `journey.id`, `now`) from a Context.
//
// A path that ends inside JSON (event data, profile attributes) is returned as a pointer to the
// JSON value, not converted: `x in event.data.tags` and `len(...)` then look at the JSON array
// directly, and a scalar converts without allocating (texts are borrowed).
#pragma once

#include <boost/json/value.hpp>

#include "expr/ast.h"
#include "parcours/expr.h"
#include "parcours/expr_value.h"

namespace parcours::expr {

// The result of reading a path: `json` when it points into JSON the Context borrows, else
// `value`. Both borrow from the Context.
struct Ref {
  const boost::json::value* json = nullptr;
  Value value;
};

// Reads `path` into `json` (when it ends inside JSON; `value` is then null) or `value`. A
// missing field, a field of null and a step into something that is not an object or list are
// null. Fails only for a root the language does not have ("unknown_name").
bool ReadPath(const Path& path, const Context& context, Value& value,
              const boost::json::value*& json, ExprError& error);

// `json` as a value; texts borrow from `json`, lists and objects are copied.
Value JsonToValue(const boost::json::value& json);

// A Ref as a value (borrowing, as JsonToValue).
inline Value RefToValue(const Ref& ref) {
  return ref.json != nullptr ? JsonToValue(*ref.json) : ref.value;
}

// The field `name` of `json`, or nullptr when it is not an object or has no such field.
const boost::json::value* JsonField(const boost::json::value& json, std::string_view name);
// Item `index` of `json`, or nullptr when it is not an array or too short.
const boost::json::value* JsonItem(const boost::json::value& json, std::size_t index);

}  // namespace parcours::expr
