// Typed values of the expression language: null, bool, number, text, time, duration, list,
// object. A Value is small and cheap to copy: texts, lists and objects are shared and
// immutable once built. A text may also be *borrowed* (BorrowedText): then it points at
// characters someone else owns, which is how the evaluator reads `profile.tier` without
// allocating; Expression::Evaluate only ever hands out owned values (see Owned()).
#pragma once

#include <cstddef>
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
  // A text that points at `text` instead of copying it (no allocation).
  // REQUIRES: the characters outlive this value and every copy of it.
  static Value BorrowedText(std::string_view text);
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

  // This value with every borrowed text (in lists and objects too) copied: safe to keep
  // after whatever it borrowed from is gone. Cheap when nothing is borrowed.
  Value Owned() const;
  // True when this value, or an item or field inside it, borrows its text.
  bool Borrows() const;

  // Language equality: same type and same value (lists and objects deeply); values of
  // different types are not equal (1 != '1'), null equals only null.
  friend bool operator==(const Value& a, const Value& b);

 private:
  // The alternatives, in this order (type() maps an index to a Type).
  using Storage = std::variant<std::monostate, bool, double, std::shared_ptr<const std::string>,
                               std::string_view, Time, Duration, std::shared_ptr<const List>,
                               std::shared_ptr<const Object>>;
  enum Index : std::size_t {
    kNullIndex,
    kBoolIndex,
    kNumberIndex,
    kOwnedTextIndex,
    kBorrowedTextIndex,
    kTimeIndex,
    kDurationIndex,
    kListIndex,
    kObjectIndex
  };
  Storage storage_;
};

// Inline: these are on the evaluator's hot path.
inline Type Value::type() const {
  static constexpr Type kTypes[] = {Type::kNull,     Type::kBool, Type::kNumber,
                                    Type::kText,     Type::kText, Type::kTime,
                                    Type::kDuration, Type::kList, Type::kObject};
  return kTypes[storage_.index()];
}
inline bool Value::AsBool() const { return *std::get_if<kBoolIndex>(&storage_); }
inline double Value::AsNumber() const { return *std::get_if<kNumberIndex>(&storage_); }
inline std::string_view Value::AsText() const {
  if (storage_.index() == kBorrowedTextIndex) return *std::get_if<kBorrowedTextIndex>(&storage_);
  return **std::get_if<kOwnedTextIndex>(&storage_);
}
inline Time Value::AsTime() const { return *std::get_if<kTimeIndex>(&storage_); }
inline Duration Value::AsDuration() const { return *std::get_if<kDurationIndex>(&storage_); }
inline const List& Value::AsList() const { return **std::get_if<kListIndex>(&storage_); }
inline const Object& Value::AsObject() const { return **std::get_if<kObjectIndex>(&storage_); }

}  // namespace parcours::expr
