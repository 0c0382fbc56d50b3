// The operators of the language on values (JOURNEY_FORMAT.md, "Expressions").
//
// Every function here is pure and never throws. Those that can fail return false and fill
// `error` ("type_mismatch" or "bad_argument", located at `where`, the operator's text).
//
// Times and texts: JSON has no time type, so event data carries times as RFC 3339 texts. When
// one operand is a time and the other a text that parses as a time, the text is read as that
// time: in == !=, < <= > >=, time +/- duration and time - time.
#pragma once

#include "expr/ast.h"
#include "expr/errors.h"
#include "parcours/expr.h"
#include "parcours/expr_value.h"

namespace parcours::expr {

// The times arithmetic may produce: years 0000 to 9999. Results outside are "bad_argument".
inline constexpr Time kMinTime{Duration(-62'167'219'200'000LL)};  // 0000-01-01T00:00:00Z
inline constexpr Time kMaxTime{Duration(253'402'300'799'999LL)};  // 9999-12-31T23:59:59.999Z
// The longest duration arithmetic may produce (2^53 ms, about 285,000 years).
inline constexpr Duration kMaxDuration{Duration(9'007'199'254'740'992LL)};

// `value` as a time: a time, or a text that parses as RFC 3339. False otherwise.
bool ReadTime(const Value& value, Time& out);

// `==` of the language: Value equality, except that a time equals a text naming the same
// instant.
bool LanguageEquals(const Value& a, const Value& b);

// `< <= > >=` (op): numbers, texts (byte-wise), times (a text naming a time counts), durations.
// With null on either side the answer is false; other mixes are "type_mismatch".
bool Compare(Op op, const Value& a, const Value& b, Span where, bool& out, ExprError& error);

// `+ - * / %` (op), see JOURNEY_FORMAT.md. Division or modulo by zero, and a result that is
// not a finite number or is out of the time/duration range, are "bad_argument".
bool Arithmetic(Op op, const Value& a, const Value& b, Span where, Value& out, ExprError& error);

// Unary `-` of a number or a duration.
bool Negate(const Value& a, Span where, Value& out, ExprError& error);

// `needle in haystack` on values: membership in a list (by LanguageEquals), substring of a
// text (needle must be a text; null is never a substring), key of an object (same). `in null`
// is false; any other haystack is "type_mismatch".
bool In(const Value& needle, const Value& haystack, Span where, bool& out, ExprError& error);

// "number", "text", ... for messages.
const char* OpSpelling(Op op);

}  // namespace parcours::expr
