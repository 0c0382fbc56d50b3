#include "expr/functions.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "expr/operators.h"

namespace parcours::expr {
namespace {

constexpr std::array<FunctionInfo, 12> kFunctions = {{
    {"contains", Function::kContains, 2, false},
    {"startsWith", Function::kStartsWith, 2, false},
    {"endsWith", Function::kEndsWith, 2, false},
    {"lower", Function::kLower, 1, false},
    {"upper", Function::kUpper, 1, false},
    {"len", Function::kLen, 1, false},
    {"exists", Function::kExists, 1, false},
    {"duration", Function::kDuration, 1, false},
    {"time", Function::kTime, 1, false},
    {"hour", Function::kHour, 1, true},
    {"dayOfWeek", Function::kDayOfWeek, 1, true},
    {"daysBetween", Function::kDaysBetween, 2, true},
}};
constexpr FunctionInfo kNoFunction = {"", Function::kUnknown, 0, true};

ArgumentProblem Expected(Function function, std::string_view what, const Value& argument) {
  std::string message(InfoOf(function).name);
  message += "() takes ";
  message += what;
  message += ", not ";
  message += TypeName(argument.type());
  return {kTypeMismatch, std::move(message)};
}

bool IsTimeLike(const Value& v) {
  Time t;
  return ReadTime(v, t);
}

bool InTimeRange(Time t) { return t >= kMinTime && t <= kMaxTime; }

// The local time of `t` in `zone` (UTC when null). Fails for times outside years 0-9999.
bool LocalTime(Time t, const Context& context, Span where, date::local_time<Duration>& out,
               ExprError& error) {
  if (!InTimeRange(t)) {
    error = ErrorAt(kBadArgument, where, "the time is out of range");
    return false;
  }
  if (context.zone == nullptr) {
    out = date::local_time<Duration>(t.time_since_epoch());
    return true;
  }
  try {
    out = context.zone->to_local(t);
    return true;
  } catch (const std::exception& e) {
    error =
        ErrorAt(kBadArgument, where, std::string("the time zone cannot convert it: ") + e.what());
    return false;
  }
}

std::size_t CodePoints(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const FunctionInfo& InfoOf(Function function) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.function == function) return info;
  }
  return kNoFunction;
}

std::string_view ClosestFunctionName(std::string_view name) {
  std::vector<std::string_view> names;
  for (const FunctionInfo& info : kFunctions) names.push_back(info.name);
  return ClosestName(name, names);
}

ArgumentProblem CheckArgument(Function function, std::size_t index, const Value& argument) {
  Type type = argument.type();
  switch (function) {
    case Function::kContains:
      if (index == 0 && type != Type::kNull && type != Type::kText && type != Type::kList) {
        return Expected(function, "a text or a list first", argument);
      }
      return {};
    case Function::kStartsWith:
    case Function::kEndsWith:
    case Function::kLower:
    case Function::kUpper:
      if (type != Type::kNull && type != Type::kText) return Expected(function, "texts", argument);
      return {};
    case Function::kLen:
      if (type != Type::kText && type != Type::kList && type != Type::kObject) {
        return Expected(function, "a text, a list or an object", argument);
      }
      return {};
    case Function::kExists:
      return {};
    case Function::kDuration:
      if (type == Type::kText) {
        auto parsed = ParseDuration(argument.AsText());
        if (!parsed) return {kBadArgument, "duration(): " + parsed.error().message()};
        return {};
      }
      if (type != Type::kNull && type != Type::kDuration) {
        return Expected(function, "an ISO-8601 text such as 'P1D'", argument);
      }
      return {};
    case Function::kTime:
      if (type == Type::kText) {
        auto parsed = ParseTime(argument.AsText());
        if (!parsed) return {kBadArgument, "time(): " + parsed.error().message()};
        return {};
      }
      if (type != Type::kNull && type != Type::kTime) {
        return Expected(function, "an RFC 3339 text such as '2026-12-01T09:00:00Z'", argument);
      }
      return {};
    case Function::kHour:
    case Function::kDayOfWeek:
    case Function::kDaysBetween:
      if (type == Type::kText && !IsTimeLike(argument)) {
        return {kBadArgument, std::string(InfoOf(function).name) + "(): '" +
                                  std::string(argument.AsText()) + "' is not an RFC 3339 time"};
      }
      if (type != Type::kNull && type != Type::kText && type != Type::kTime) {
        return Expected(function, "a time", argument);
      }
      return {};
    case Function::kUnknown:
      break;
  }
  return {};
}

bool CallFunction(Function function, const Value* const* args, const Span* arg_spans,
                  const Context& context, Value& out, ExprError& error) {
  const Value& a = *args[0];
  if (function == Function::kExists) {
    out = Value::Bool(!a.is_null());
    return true;
  }
  if (function == Function::kLen) {
    switch (a.type()) {
      case Type::kText:
        out = Value::Number(static_cast<double>(CodePoints(a.AsText())));
        return true;
      case Type::kList:
        out = Value::Number(static_cast<double>(a.AsList().size()));
        return true;
      default:
        out = Value::Number(static_cast<double>(a.AsObject().size()));
        return true;
    }
  }
  if (function == Function::kContains) {
    const Value& b = *args[1];
    if (a.is_null()) {
      out = Value();
      return true;
    }
    if (a.type() == Type::kText) {
      if (b.is_null()) {
        out = Value();
        return true;
      }
      if (b.type() != Type::kText) {
        error = ErrorAt(
            kTypeMismatch, arg_spans[1],
            std::string("contains() on a text looks for a text, not ") + TypeName(b.type()));
        return false;
      }
    }
    bool found = false;
    if (!In(b, a, arg_spans[1], found, error)) return false;
    out = Value::Bool(found);
    return true;
  }
  std::size_t arity = InfoOf(function).arity;
  for (std::size_t i = 0; i < arity; ++i) {
    if (args[i]->is_null()) {
      out = Value();
      return true;
    }
  }
  switch (function) {
    case Function::kStartsWith:
      out = Value::Bool(a.AsText().starts_with(args[1]->AsText()));
      return true;
    case Function::kEndsWith:
      out = Value::Bool(a.AsText().ends_with(args[1]->AsText()));
      return true;
    case Function::kLower:
    case Function::kUpper: {
      std::string text(a.AsText());
      for (char& c : text) {
        if (function == Function::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (function == Function::kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      }
      out = Value::Text(std::move(text));
      return true;
    }
    case Function::kDuration:
      out = a.type() == Type::kDuration ? a : Value::FromDuration(*ParseDuration(a.AsText()));
      return true;
    case Function::kTime:
      out = a.type() == Type::kTime ? a : Value::FromTime(*ParseTime(a.AsText()));
      return true;
    case Function::kHour:
    case Function::kDayOfWeek: {
      Time t;
      ReadTime(a, t);
      date::local_time<Duration> local;
      if (!LocalTime(t, context, arg_spans[0], local, error)) return false;
      auto day = date::floor<date::days>(local);
      if (function == Function::kHour) {
        out = Value::Number(
            static_cast<double>(date::floor<std::chrono::hours>(local - day).count()));
      } else {
        out = Value::Number(static_cast<double>(date::weekday(day).iso_encoding()));
      }
      return true;
    }
    case Function::kDaysBetween: {
      Time from;
      Time to;
      ReadTime(a, from);
      ReadTime(*args[1], to);
      if (!InTimeRange(from) || !InTimeRange(to)) {
        error = ErrorAt(kBadArgument, InTimeRange(from) ? arg_spans[1] : arg_spans[0],
                        "the time is out of range");
        return false;
      }
      out = Value::Number(static_cast<double>((to - from).count() / 86'400'000LL));
      return true;
    }
    default:
      break;
  }
  error = ErrorAt(kUnknownFunction, arg_spans[0], "unknown function");
  return false;
}

}  // namespace parcours::expr
