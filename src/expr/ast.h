// The syntax tree of a parsed expression (Expression::Node).
//
// Built once by the parser and immutable afterwards, so many threads may evaluate one tree.
// Name paths are resolved at parse time: `event.data.amount` is a kPath node with root kEvent,
// field kData and the remaining steps {"amount"}, so evaluation walks it directly. Literal
// sub-expressions without names (`['gold', 'platinum']`, `duration('P1D')`) are folded into
// kLiteral nodes holding their value. Invariant: a tree is at most kMaxDepth nodes deep, so
// recursive walks over it are bounded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "expr/errors.h"
#include "parcours/expr.h"
#include "parcours/expr_value.h"

namespace parcours::expr {

inline constexpr int kMaxDepth = 256;

enum class NodeKind : std::uint8_t {
  kLiteral,  // `literal` (also the result of folding)
  kList,     // a list literal with some non-literal item: children are the items
  kPath,     // a name path: `path`
  kMember,   // children[0].name: field of a computed value
  kIndex,    // children[0][children[1]]
  kUnary,    // op children[0]
  kBinary,   // children[0] op children[1]
  kAnd,      // children[0] && children[1] && ... (flattened)
  kOr,       // children[0] || children[1] || ... (flattened)
  kCall,     // function(children...)
};

enum class Op : std::uint8_t {
  kNone,
  kNot,
  kNegate,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIn,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
};

// The names an expression starts from.
enum class Root : std::uint8_t { kEvent, kEntry, kProfile, kJourney, kNow, kUnknown };

// What the first step after a root selects. Roots with a fixed shape (event, entry, journey,
// now) map their known fields; kAttributes walks the profile's attributes; kUnknown is a field
// the root does not have (reported by Check, null when evaluated).
enum class Field : std::uint8_t {
  kWhole,  // the root itself (`event`, `profile`, `now`)
  kId,
  kType,
  kProfileId,
  kTimestamp,
  kData,
  kVersion,
  kAttributes,
  kUnknown,
};

enum class Function : std::uint8_t {
  kContains,
  kStartsWith,
  kEndsWith,
  kLower,
  kUpper,
  kLen,
  kExists,
  kDuration,
  kTime,
  kHour,
  kDayOfWeek,
  kDaysBetween,
  kUnknown,
};

// One `.name`, `['name']` or `[3]` after a root.
struct PathStep {
  std::string name;       // a field name, when !is_index
  std::size_t index = 0;  // a list position, when is_index
  bool is_index = false;
  Span span;  // where the step is written
};

struct Path {
  Root root = Root::kUnknown;
  std::string root_name;
  Span root_span;
  Field field = Field::kWhole;
  std::vector<PathStep> steps;  // every step after the root, as written
  std::size_t walk_from = 0;    // steps[walk_from..] are walked in JSON (data / attributes)
};

}  // namespace parcours::expr

namespace parcours::expr {

struct Expression::Node {
  NodeKind kind = NodeKind::kLiteral;
  Op op = Op::kNone;
  Function function = Function::kUnknown;
  std::uint16_t depth = 1;  // 1 + the deepest child
  Span span;                // the whole node's text
  Span op_span;             // the operator, or the function's name, or the field (kMember)
  Value literal;            // kLiteral
  std::string name;         // kCall: the function as written; kMember: the field
  Path path;                // kPath
  std::vector<std::unique_ptr<Node>> children;
};

using Node = Expression::Node;

}  // namespace parcours::expr
