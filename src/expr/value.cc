// Value: factories, conversions to and from JSON and text, and language equality.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <cmath>
#include <string>

#include "expr/operators.h"
#include "parcours/expr_value.h"

namespace parcours::expr {
namespace {

namespace json = boost::json;

// JSON nested deeper than this converts to null below that depth (no unbounded recursion).
constexpr int kMaxJsonDepth = 512;
// Integers up to 2^53 are exact in a double and written without an exponent.
constexpr double kMaxExactInteger = 9'007'199'254'740'992.0;

bool IsExactInteger(double n) { return std::fabs(n) <= kMaxExactInteger && std::trunc(n) == n; }

std::string NumberText(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  std::to_chars_result r;
  if (IsExactInteger(n)) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(n));
  } else {
    r = std::to_chars(buf, buf + sizeof buf, n);
  }
  return std::string(buf, r.ptr);
}

// Times outside years 0000-9999 are shown clamped to that range (only a Context can hold one).
Time Clamped(Time t) { return t < kMinTime ? kMinTime : (t > kMaxTime ? kMaxTime : t); }

void AppendQuoted(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// Compact JSON with numbers as ToText writes them ("2.5", not boost's "2.5E0").
void AppendJson(const Value& value, std::string& out) {
  switch (value.type()) {
    case Type::kNumber:
      out += std::isfinite(value.AsNumber()) ? NumberText(value.AsNumber()) : "null";
      return;
    case Type::kText:
      AppendQuoted(value.AsText(), out);
      return;
    case Type::kTime:
    case Type::kDuration:
      AppendQuoted(value.ToText(), out);
      return;
    case Type::kList: {
      out += '[';
      bool first = true;
      for (const Value& item : value.AsList()) {
        if (!first) out += ',';
        first = false;
        AppendJson(item, out);
      }
      out += ']';
      return;
    }
    case Type::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [key, field] : value.AsObject()) {
        if (!first) out += ',';
        first = false;
        AppendQuoted(key, out);
        out += ':';
        AppendJson(field, out);
      }
      out += '}';
      return;
    }
    default:
      out += value.is_null() ? "null" : value.ToText();
  }
}

Value FromJsonAt(const json::value& value, int depth) {
  switch (value.kind()) {
    case json::kind::null:
      return Value();
    case json::kind::bool_:
      return Value::Bool(value.get_bool());
    case json::kind::int64:
      return Value::Number(static_cast<double>(value.get_int64()));
    case json::kind::uint64:
      return Value::Number(static_cast<double>(value.get_uint64()));
    case json::kind::double_:
      return Value::Number(value.get_double());
    case json::kind::string:
      return Value::Text(std::string(value.get_string()));
    case json::kind::array: {
      if (depth >= kMaxJsonDepth) return Value();
      List items;
      items.reserve(value.get_array().size());
      for (const json::value& item : value.get_array())
        items.push_back(FromJsonAt(item, depth + 1));
      return Value::FromList(std::move(items));
    }
    case json::kind::object: {
      if (depth >= kMaxJsonDepth) return Value();
      Object fields;
      for (const auto& field : value.get_object()) {
        fields.emplace(std::string(field.key()), FromJsonAt(field.value(), depth + 1));
      }
      return Value::FromObject(std::move(fields));
    }
  }
  return Value();
}

}  // namespace

const char* TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "bool";
    case Type::kNumber:
      return "number";
    case Type::kText:
      return "text";
    case Type::kTime:
      return "time";
    case Type::kDuration:
      return "duration";
    case Type::kList:
      return "list";
    case Type::kObject:
      return "object";
  }
  return "null";
}

Value Value::Bool(bool b) {
  Value v;
  v.storage_.emplace<kBoolIndex>(b);
  return v;
}

Value Value::Number(double n) {
  Value v;
  v.storage_.emplace<kNumberIndex>(n);
  return v;
}

Value Value::Text(std::string text) {
  Value v;
  v.storage_.emplace<kOwnedTextIndex>(std::make_shared<const std::string>(std::move(text)));
  return v;
}

Value Value::BorrowedText(std::string_view text) {
  Value v;
  v.storage_.emplace<kBorrowedTextIndex>(text);
  return v;
}

Value Value::FromTime(Time t) {
  Value v;
  v.storage_.emplace<kTimeIndex>(t);
  return v;
}

Value Value::FromDuration(Duration d) {
  Value v;
  v.storage_.emplace<kDurationIndex>(d);
  return v;
}

Value Value::FromList(List items) {
  Value v;
  v.storage_.emplace<kListIndex>(std::make_shared<const List>(std::move(items)));
  return v;
}

Value Value::FromObject(Object fields) {
  Value v;
  v.storage_.emplace<kObjectIndex>(std::make_shared<const Object>(std::move(fields)));
  return v;
}

Value Value::FromJson(const json::value& json) { return FromJsonAt(json, 0); }

bool Value::Borrows() const {
  switch (storage_.index()) {
    case kBorrowedTextIndex:
      return true;
    case kListIndex:
      for (const Value& item : AsList()) {
        if (item.Borrows()) return true;
      }
      return false;
    case kObjectIndex:
      for (const auto& [key, field] : AsObject()) {
        if (field.Borrows()) return true;
      }
      return false;
    default:
      return false;
  }
}

Value Value::Owned() const {
  if (!Borrows()) return *this;
  switch (storage_.index()) {
    case kBorrowedTextIndex:
      return Text(std::string(AsText()));
    case kListIndex: {
      List items;
      items.reserve(AsList().size());
      for (const Value& item : AsList()) items.push_back(item.Owned());
      return FromList(std::move(items));
    }
    default: {
      Object fields;
      for (const auto& [key, field] : AsObject()) fields.emplace(key, field.Owned());
      return FromObject(std::move(fields));
    }
  }
}

std::string Value::ToText() const {
  switch (type()) {
    case Type::kNull:
      return "";
    case Type::kBool:
      return AsBool() ? "true" : "false";
    case Type::kNumber:
      return NumberText(AsNumber());
    case Type::kText:
      return std::string(AsText());
    case Type::kTime:
      return FormatTime(Clamped(AsTime()));
    case Type::kDuration:
      return FormatDuration(AsDuration());
    case Type::kList:
    case Type::kObject: {
      std::string out;
      AppendJson(*this, out);
      return out;
    }
  }
  return "";
}

json::value Value::ToJson() const {
  switch (type()) {
    case Type::kNull:
      return nullptr;
    case Type::kBool:
      return AsBool();
    case Type::kNumber: {
      double n = AsNumber();
      if (!std::isfinite(n)) return nullptr;
      if (IsExactInteger(n)) return static_cast<std::int64_t>(n);
      return n;
    }
    case Type::kText:
      return json::string(AsText());
    case Type::kTime:
      return json::string(FormatTime(Clamped(AsTime())));
    case Type::kDuration:
      return json::string(FormatDuration(AsDuration()));
    case Type::kList: {
      json::array array;
      array.reserve(AsList().size());
      for (const Value& item : AsList()) array.push_back(item.ToJson());
      return array;
    }
    case Type::kObject: {
      json::object object;
      for (const auto& [key, field] : AsObject()) object.emplace(key, field.ToJson());
      return object;
    }
  }
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  Type type = a.type();
  if (type != b.type()) return false;
  switch (type) {
    case Type::kNull:
      return true;
    case Type::kBool:
      return a.AsBool() == b.AsBool();
    case Type::kNumber:
      return a.AsNumber() == b.AsNumber();
    case Type::kText:
      return a.AsText() == b.AsText();
    case Type::kTime:
      return a.AsTime() == b.AsTime();
    case Type::kDuration:
      return a.AsDuration() == b.AsDuration();
    case Type::kList:
      return a.AsList() == b.AsList();
    case Type::kObject:
      return a.AsObject() == b.AsObject();
  }
  return false;
}

}  // namespace parcours::expr
