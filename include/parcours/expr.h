// The expression language of journey definitions (JOURNEY_FORMAT.md, "Expressions").
//
// Parse once, evaluate many times: an Expression is immutable after Parse, cheap to copy
// (shared AST) and safe to evaluate from many threads at once. Parsing and evaluation never
// crash, never hang and never throw on any input; every failure is an ExprError with the byte
// offset in the expression text where it was found.
//
// Names an expression can use: `event`, `entry` (id, type, profileId, timestamp, data.<field>...),
// `profile` (`profile.id` and attributes), `journey` (`journey.id`, `journey.version`) and `now`.
// Everything an evaluation reads is borrowed through Context and must outlive the call.
//
// Choices where JOURNEY_FORMAT.md is silent (details in src/expr/functions.h, operators.h):
// - A text that parses as RFC 3339 counts as a time next to a time (==, <, +/- duration) and
//   wherever a function expects a time; two texts stay texts.
// - Functions given a null argument return null (so a condition on a missing field is false),
//   except len(null), a type mismatch, exists(), and contains(list, null), a membership test.
// - `null in list` tests for null; `null in text` / `null in object` and `x in null` are false.
// - A field of a non-object (or an index past the end) is null; an unknown root is an error.
// - Numbers that overflow to infinity, division by zero, and times outside years 0000-9999 are
//   "bad_argument". lower()/upper() change ASCII letters only; len() counts code points.
// - Unary operators bind tighter than comparisons: write `not (x in list)`.
#pragma once

#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/expr_value.h"
#include "parcours/time.h"

namespace boost::json {
class object;
}  // namespace boost::json
namespace date {
class time_zone;
}  // namespace date

namespace parcours::expr {

// A problem in an expression. `code` is stable:
//   "bad_expression"        the text does not parse (syntax), or a literal is malformed
//   "unknown_name"          a root name or field that does not exist (`evnt.x`, `journey.foo`)
//   "unknown_function"      a call to a function the language does not have
//   "wrong_argument_count"  a known function called with the wrong number of arguments
//   "type_mismatch"         (evaluation, or a static check that can already tell) wrong types
//   "bad_argument"          (evaluation) e.g. duration('P1Y') or time('yesterday')
// `offset` is a 0-based byte offset into the text, `length` how many bytes are at fault (>= 1
// when the text is not empty). `message` reads well on its own and names the column (1-based).
struct ExprError {
  std::string code;
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string message;
};

template <typename T>
using ExprResult = std::expected<T, ExprError>;

// An event as expressions see it (`event.*` and `entry.*`).
struct EventView {
  std::string_view id;
  std::string_view type;
  std::string_view profile_id;
  Time timestamp{};
  const boost::json::object* data = nullptr;  // null reads as an empty object
};

// What one evaluation can see. Null pointers read as `null` (e.g. `event` in a step started by
// a timer): a field of null is null, never an error.
struct Context {
  const EventView* event = nullptr;
  const EventView* entry = nullptr;
  std::string_view profile_id;
  const boost::json::object* profile = nullptr;  // the profile's attributes
  std::string_view journey_id;
  int journey_version = 0;
  Time now{};
  const date::time_zone* zone = nullptr;  // the journey's time zone; null means UTC
};

class Expression {
 public:
  // Lexes and parses `text` into an AST, resolving name paths once. Fails with
  // "bad_expression" on a syntax error. Bounded work: nesting deeper than a fixed limit and
  // texts longer than 64 KiB are refused, not recursed into.
  static ExprResult<Expression> Parse(std::string_view text);

  // The static check: unknown names and fields, unknown functions, wrong argument counts,
  // and type errors visible without data (e.g. `len(3)`, `'a' - 1`). Empty when clean.
  std::vector<ExprError> Check() const;

  // Evaluates to a value. Type mismatches and bad arguments are errors ("type_mismatch",
  // "bad_argument"); a missing field is null.
  ExprResult<Value> Evaluate(const Context& context) const;

  // Evaluates as a `when`: null is false, a boolean is itself, anything else is a
  // "type_mismatch" error.
  ExprResult<bool> EvaluateCondition(const Context& context) const;

  const std::string& text() const;

  struct Node;  // the AST; defined in src/expr

 private:
  friend class Template;
  // Parse for a hole of a template: `text` starts at byte `base` of the template, and every
  // offset (in errors and in the AST) is into the template.
  static ExprResult<Expression> ParseAt(std::string_view text, std::size_t base);
  explicit Expression(std::shared_ptr<const Node> root, std::shared_ptr<const std::string> text);
  std::shared_ptr<const Node> root_;
  std::shared_ptr<const std::string> text_;
};

// A text with `{{ expression }}` holes. Offsets in errors are into the whole template text.
// `{{` without a closing `}}` is a "bad_expression". Outside holes, text is copied verbatim.
class Template {
 public:
  static ExprResult<Template> Parse(std::string_view text);
  std::vector<ExprError> Check() const;
  // Each hole's value is written with Value::ToText (null as empty text).
  ExprResult<std::string> Render(const Context& context) const;
  // True when the template has at least one hole.
  bool HasHoles() const;

 private:
  struct Piece {
    std::string literal;                     // used when !is_expression
    std::size_t offset = 0;                  // where the hole's expression starts in the template
    std::shared_ptr<Expression> expression;  // set for a hole
  };
  std::vector<Piece> pieces_;
};

// The IANA time zone called `name` ("Europe/Paris", "UTC"), or nullptr when there is none.
// Never throws (date::locate_zone does; this catches it). The zone lives as long as the
// process (it belongs to date's tz database).
const date::time_zone* FindTimeZone(std::string_view name);

}  // namespace parcours::expr
