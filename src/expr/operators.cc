#include "expr/operators.h"

#include <cmath>
#include <string>

namespace parcours::expr {
namespace {

bool InTimeRange(Time t) { return t >= kMinTime && t <= kMaxTime; }
bool InDurationRange(Duration d) { return d >= -kMaxDuration && d <= kMaxDuration; }

bool Mismatch(Op op, const Value& a, const Value& b, Span where, ExprError& error) {
  std::string what = "'";
  what += OpSpelling(op);
  what += "' cannot be applied to ";
  what += TypeName(a.type());
  what += " and ";
  what += TypeName(b.type());
  error = ErrorAt(kTypeMismatch, where, what);
  return false;
}

bool BadArgument(Span where, std::string_view what, ExprError& error) {
  error = ErrorAt(kBadArgument, where, what);
  return false;
}

bool TimeResult(Time t, Span where, Value& out, ExprError& error) {
  if (!InTimeRange(t)) return BadArgument(where, "the resulting time is out of range", error);
  out = Value::FromTime(t);
  return true;
}

bool DurationResult(double ms, Span where, Value& out, ExprError& error) {
  if (!std::isfinite(ms) || std::fabs(ms) > static_cast<double>(kMaxDuration.count())) {
    return BadArgument(where, "the resulting duration is out of range", error);
  }
  out = Value::FromDuration(Duration(static_cast<Duration::rep>(std::llround(ms))));
  return true;
}

bool NumberResult(double n, Span where, Value& out, ExprError& error) {
  if (!std::isfinite(n)) return BadArgument(where, "the resulting number is out of range", error);
  out = Value::Number(n);
  return true;
}

template <typename T>
bool Ordered(Op op, const T& a, const T& b) {
  switch (op) {
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

// Time +/- duration and time - time, once `t` is known to be a time.
bool TimeArithmetic(Op op, Time t, const Value& other, bool time_on_left, const Value& a,
                    const Value& b, Span where, Value& out, ExprError& error) {
  if (!InTimeRange(t)) return BadArgument(where, "the time is out of range", error);
  if (other.type() == Type::kDuration) {
    Duration d = other.AsDuration();
    if (!InDurationRange(d)) return BadArgument(where, "the duration is out of range", error);
    if (op == Op::kAdd) return TimeResult(t + d, where, out, error);
    if (op == Op::kSubtract && time_on_left) return TimeResult(t - d, where, out, error);
    return Mismatch(op, a, b, where, error);
  }
  Time u;
  if (op == Op::kSubtract && ReadTime(other, u)) {
    if (!InTimeRange(u)) return BadArgument(where, "the time is out of range", error);
    out = Value::FromDuration(time_on_left ? t - u : u - t);
    return true;
  }
  return Mismatch(op, a, b, where, error);
}

}  // namespace

bool ReadTime(const Value& value, Time& out) {
  switch (value.type()) {
    case Type::kTime:
      out = value.AsTime();
      return true;
    case Type::kText: {
      auto parsed = ParseTime(value.AsText());
      if (!parsed) return false;
      out = *parsed;
      return true;
    }
    default:
      return false;
  }
}

bool LanguageEquals(const Value& a, const Value& b) {
  Type ta = a.type();
  Type tb = b.type();
  if (ta == Type::kTime && tb == Type::kText) {
    Time t;
    return ReadTime(b, t) && t == a.AsTime();
  }
  if (ta == Type::kText && tb == Type::kTime) {
    Time t;
    return ReadTime(a, t) && t == b.AsTime();
  }
  return a == b;
}

bool Compare(Op op, const Value& a, const Value& b, Span where, bool& out, ExprError& error) {
  Type ta = a.type();
  Type tb = b.type();
  if (ta == Type::kNull || tb == Type::kNull) {
    out = false;
    return true;
  }
  if (ta == tb) {
    switch (ta) {
      case Type::kNumber:
        out = Ordered(op, a.AsNumber(), b.AsNumber());
        return true;
      case Type::kText:
        out = Ordered(op, a.AsText(), b.AsText());
        return true;
      case Type::kTime:
        out = Ordered(op, a.AsTime(), b.AsTime());
        return true;
      case Type::kDuration:
        out = Ordered(op, a.AsDuration(), b.AsDuration());
        return true;
      default:
        return Mismatch(op, a, b, where, error);
    }
  }
  if ((ta == Type::kTime && tb == Type::kText) || (ta == Type::kText && tb == Type::kTime)) {
    Time ta_time;
    Time tb_time;
    if (ReadTime(a, ta_time) && ReadTime(b, tb_time)) {
      out = Ordered(op, ta_time, tb_time);
      return true;
    }
  }
  return Mismatch(op, a, b, where, error);
}

bool Arithmetic(Op op, const Value& a, const Value& b, Span where, Value& out, ExprError& error) {
  Type ta = a.type();
  Type tb = b.type();
  if (ta == Type::kNumber && tb == Type::kNumber) {
    double x = a.AsNumber();
    double y = b.AsNumber();
    switch (op) {
      case Op::kAdd:
        return NumberResult(x + y, where, out, error);
      case Op::kSubtract:
        return NumberResult(x - y, where, out, error);
      case Op::kMultiply:
        return NumberResult(x * y, where, out, error);
      case Op::kDivide:
        if (y == 0) return BadArgument(where, "division by zero", error);
        return NumberResult(x / y, where, out, error);
      default:
        if (y == 0) return BadArgument(where, "modulo by zero", error);
        return NumberResult(std::fmod(x, y), where, out, error);
    }
  }
  if (ta == Type::kText && tb == Type::kText && op == Op::kAdd) {
    std::string joined;
    joined.reserve(a.AsText().size() + b.AsText().size());
    joined.append(a.AsText());
    joined.append(b.AsText());
    out = Value::Text(std::move(joined));
    return true;
  }
  if (ta == Type::kDuration && tb == Type::kDuration) {
    Duration x = a.AsDuration();
    Duration y = b.AsDuration();
    if (!InDurationRange(x) || !InDurationRange(y)) {
      return BadArgument(where, "the duration is out of range", error);
    }
    if (op == Op::kAdd)
      return DurationResult(static_cast<double>((x + y).count()), where, out, error);
    if (op == Op::kSubtract) {
      return DurationResult(static_cast<double>((x - y).count()), where, out, error);
    }
    return Mismatch(op, a, b, where, error);
  }
  if (ta == Type::kDuration && tb == Type::kNumber && (op == Op::kMultiply || op == Op::kDivide)) {
    double ms = static_cast<double>(a.AsDuration().count());
    double n = b.AsNumber();
    if (op == Op::kDivide) {
      if (n == 0) return BadArgument(where, "division by zero", error);
      return DurationResult(ms / n, where, out, error);
    }
    return DurationResult(ms * n, where, out, error);
  }
  if (ta == Type::kNumber && tb == Type::kDuration && op == Op::kMultiply) {
    return DurationResult(a.AsNumber() * static_cast<double>(b.AsDuration().count()), where, out,
                          error);
  }
  if (op == Op::kAdd || op == Op::kSubtract) {
    // A time on one side (or a text naming one, next to a duration or a time).
    Time t;
    if (ta == Type::kTime || (ta == Type::kText && (tb == Type::kDuration || tb == Type::kTime))) {
      if (ReadTime(a, t)) return TimeArithmetic(op, t, b, true, a, b, where, out, error);
    } else if (tb == Type::kTime || (tb == Type::kText && ta == Type::kDuration)) {
      if (ReadTime(b, t)) return TimeArithmetic(op, t, a, false, a, b, where, out, error);
    }
  }
  return Mismatch(op, a, b, where, error);
}

bool Negate(const Value& a, Span where, Value& out, ExprError& error) {
  if (a.type() == Type::kNumber) {
    out = Value::Number(-a.AsNumber());
    return true;
  }
  if (a.type() == Type::kDuration) {
    if (!InDurationRange(a.AsDuration())) {
      return BadArgument(where, "the duration is out of range", error);
    }
    out = Value::FromDuration(-a.AsDuration());
    return true;
  }
  error = ErrorAt(kTypeMismatch, where,
                  std::string("unary '-' cannot be applied to ") + TypeName(a.type()));
  return false;
}

bool In(const Value& needle, const Value& haystack, Span where, bool& out, ExprError& error) {
  switch (haystack.type()) {
    case Type::kNull:
      out = false;
      return true;
    case Type::kList:
      out = false;
      for (const Value& item : haystack.AsList()) {
        if (LanguageEquals(needle, item)) {
          out = true;
          break;
        }
      }
      return true;
    case Type::kText:
    case Type::kObject:
      if (needle.is_null()) {
        out = false;
        return true;
      }
      if (needle.type() != Type::kText) return Mismatch(Op::kIn, needle, haystack, where, error);
      if (haystack.type() == Type::kText) {
        out = haystack.AsText().find(needle.AsText()) != std::string_view::npos;
      } else {
        out = haystack.AsObject().contains(needle.AsText());
      }
      return true;
    default:
      return Mismatch(Op::kIn, needle, haystack, where, error);
  }
}

const char* OpSpelling(Op op) {
  switch (op) {
    case Op::kNone:
      return "";
    case Op::kNot:
      return "!";
    case Op::kNegate:
      return "-";
    case Op::kEqual:
      return "==";
    case Op::kNotEqual:
      return "!=";
    case Op::kLess:
      return "<";
    case Op::kLessEqual:
      return "<=";
    case Op::kGreater:
      return ">";
    case Op::kGreaterEqual:
      return ">=";
    case Op::kIn:
      return "in";
    case Op::kAdd:
      return "+";
    case Op::kSubtract:
      return "-";
    case Op::kMultiply:
      return "*";
    case Op::kDivide:
      return "/";
    case Op::kModulo:
      return "%";
  }
  return "";
}

}  // namespace parcours::expr
