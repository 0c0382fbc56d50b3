#include "model/json_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace parcours::model {

const char* JsonKindName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "value";
}

FieldReader::FieldReader(ProblemSink& sink, const boost::json::value& value, std::string path,
                         std::string node, std::string_view what)
    : sink_(sink), path_(std::move(path)), node_(std::move(node)) {
  object_ = value.if_object();
  if (object_ == nullptr) {
    sink_.Add("wrong_type", path_, node_,
              std::string(what) + " must be an object, not " + JsonKindName(value));
  }
}

const boost::json::value* FieldReader::Get(std::string_view key) {
  known_.emplace_back(key);
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(key);
  if (it == object_->end() || it->value().is_null()) return nullptr;
  return &it->value();
}

const boost::json::value* FieldReader::Require(std::string_view key) {
  const boost::json::value* v = Get(key);
  if (v == nullptr && object_ != nullptr) {
    sink_.Add("missing_field", FieldPath(key), node_,
              "'" + std::string(key) + "' is required here");
  }
  return v;
}

void FieldReader::WrongType(std::string_view key, std::string_view expected,
                            const boost::json::value& got) {
  sink_.Add(
      "wrong_type", FieldPath(key), node_,
      "'" + std::string(key) + "' must be " + std::string(expected) + ", not " + JsonKindName(got));
}

std::optional<std::string> FieldReader::String(std::string_view key, bool required) {
  const boost::json::value* v = required ? Require(key) : Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    WrongType(key, "a string", *v);
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<double> FieldReader::Number(std::string_view key, bool required) {
  const boost::json::value* v = required ? Require(key) : Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    WrongType(key, "a number", *v);
    return std::nullopt;
  }
  return v->to_number<double>();
}

std::optional<int> FieldReader::Integer(std::string_view key, bool required) {
  const boost::json::value* v = required ? Require(key) : Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    WrongType(key, "a whole number", *v);
    return std::nullopt;
  }
  double d = v->to_number<double>();
  if (std::floor(d) != d || d < std::numeric_limits<int>::min() ||
      d > std::numeric_limits<int>::max()) {
    sink_.Add("wrong_type", FieldPath(key), node_,
              "'" + std::string(key) + "' must be a whole number");
    return std::nullopt;
  }
  return static_cast<int>(d);
}

std::optional<bool> FieldReader::Bool(std::string_view key, bool required) {
  const boost::json::value* v = required ? Require(key) : Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    WrongType(key, "true or false", *v);
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::vector<std::pair<std::string, std::string>>> FieldReader::StringMap(
    std::string_view key, bool required) {
  const boost::json::value* v = required ? Require(key) : Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) {
    WrongType(key, "an object", *v);
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> out;
  bool good = true;
  for (const auto& field : v->get_object()) {
    if (!field.value().is_string()) {
      sink_.Add("wrong_type", FieldPath(key) + "." + std::string(field.key()), node_,
                "'" + std::string(field.key()) + "' must be a string, not " +
                    JsonKindName(field.value()));
      good = false;
      continue;
    }
    out.emplace_back(std::string(field.key()), std::string(field.value().get_string()));
  }
  if (!good) return std::nullopt;
  return out;
}

void FieldReader::Finish() {
  if (object_ == nullptr) return;
  for (const auto& field : *object_) {
    if (std::find(known_.begin(), known_.end(), field.key()) == known_.end()) {
      std::string allowed;
      for (const auto& k : known_) allowed += (allowed.empty() ? "" : ", ") + k;
      sink_.Add("unknown_field", FieldPath(field.key()), node_,
                "unknown field '" + std::string(field.key()) + "' (allowed here: " + allowed + ")");
    }
  }
}

}  // namespace parcours::model
