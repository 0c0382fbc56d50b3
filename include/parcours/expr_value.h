// Typed values of the expression language: null, bool, number, text, time, duration, list,
// object. A Value is small and cheap to copy: texts, lists and objects are shared and
// immutable once built.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parcours/time.h"

namespace boost::json {
class value;
}  // namespace boost::json

namespace parcours::expr {

class Value;
using List = std::vector<Value>;
using Object = std::map<std::string, Value, std::less<>>;

enum class Type { kNull, kBool, kNumber, kText, kTime, kDuration, kList, kObject };

// "null", "bool", "number", "text", "time", "duration", "list", "object".
const char* TypeName(Type type);

class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Bool(bool b);
  static Value Number(double n);
  static Value Text(std::string text);
  static Value FromTime(Time t);
  static Value FromDuration(Duration d);
  static Value FromList(List items);
  static Value FromObject(Object fields);
  // A JSON value as the language sees it: numbers become numbers, strings texts, arrays lists,
  // objects objects. (Strings are not guessed to be times.)
  static Value FromJson(const boost::json::value& json);

  Type type() const;
  bool is_null() const { return type() == Type::kNull; }

  // REQUIRES: type() is the matching type.
  bool AsBool() const;
  double AsNumber() const;
  std::string_view AsText() const;
  Time AsTime() const;
  Duration AsDuration() const;
  const List& AsList() const;
  const Object& AsObject() const;

  // The text a template shows: null is "", 3.0 is "3", 2.5 is "2.5", a time is RFC 3339, a
  // duration ISO-8601, a list or object is JSON.
  std::string ToText() const;
  // For storing (updateProfile) and showing: times and durations become their text forms.
  boost::json::value ToJson() const;

  // Language equality: same type and same value (lists and objects deeply); values of
  // different types are not equal (1 != '1'), null equals only null.
  friend bool operator==(const Value& a, const Value& b);

 private:
  using Storage = std::variant<std::monostate, bool, double, std::shared_ptr<const std::string>,
                               Time, Duration, std::shared_ptr<const List>,
                               std::shared_ptr<const Object>>;
  Storage storage_;
};

}  // namespace parcours::expr
