#include "expr/paths.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <string>

#include "expr/errors.h"

namespace parcours::expr {
namespace {

namespace json = boost::json;

Value ObjectToValue(const json::object* object) {
  if (object == nullptr) return Value::FromObject({});
  Object fields;
  for (const auto& item : *object) {
    fields.emplace(std::string(item.key()), Value::FromJson(item.value()));
  }
  return Value::FromObject(std::move(fields));
}

Value EventToValue(const EventView& event) {
  Object fields;
  fields.emplace("id", Value::Text(std::string(event.id)));
  fields.emplace("type", Value::Text(std::string(event.type)));
  fields.emplace("profileId", Value::Text(std::string(event.profile_id)));
  fields.emplace("timestamp", Value::FromTime(event.timestamp));
  fields.emplace("data", ObjectToValue(event.data));
  return Value::FromObject(std::move(fields));
}

// Walks steps[from..] starting at the object `start` (null reads as an empty object).
void Walk(const json::object* start, const std::vector<PathStep>& steps, std::size_t from,
          Value& value, const json::value*& json) {
  if (from >= steps.size()) {
    value = ObjectToValue(start);
    return;
  }
  if (start == nullptr || steps[from].is_index) return;  // null
  const json::value* at = start->if_contains(steps[from].name);
  for (std::size_t i = from + 1; at != nullptr && i < steps.size(); ++i) {
    const PathStep& step = steps[i];
    at = step.is_index ? JsonItem(*at, step.index) : JsonField(*at, step.name);
  }
  json = at;
}

}  // namespace

const json::value* JsonField(const json::value& value, std::string_view name) {
  const json::object* object = value.if_object();
  return object != nullptr ? object->if_contains(name) : nullptr;
}

const json::value* JsonItem(const json::value& value, std::size_t index) {
  const json::array* array = value.if_array();
  return array != nullptr && index < array->size() ? &(*array)[index] : nullptr;
}

Value JsonToValue(const json::value& value) {
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
    case json::kind::string: {
      const json::string& s = value.get_string();
      return Value::BorrowedText(std::string_view(s.data(), s.size()));
    }
    default:
      return Value::FromJson(value);
  }
}

bool ReadPath(const Path& path, const Context& context, Value& value, const json::value*& json,
              ExprError& error) {
  json = nullptr;
  if (!value.is_null()) value = Value();
  const bool has_more = path.steps.size() > path.walk_from;
  switch (path.root) {
    case Root::kEvent:
    case Root::kEntry: {
      const EventView* event = path.root == Root::kEvent ? context.event : context.entry;
      if (event == nullptr) return true;
      if (path.field == Field::kData) {
        Walk(event->data, path.steps, path.walk_from, value, json);
        return true;
      }
      if (has_more) return true;  // a field of a text or time: null
      switch (path.field) {
        case Field::kWhole:
          value = EventToValue(*event);
          break;
        case Field::kId:
          value = Value::BorrowedText(event->id);
          break;
        case Field::kType:
          value = Value::BorrowedText(event->type);
          break;
        case Field::kProfileId:
          value = Value::BorrowedText(event->profile_id);
          break;
        case Field::kTimestamp:
          value = Value::FromTime(event->timestamp);
          break;
        default:
          break;
      }
      return true;
    }
    case Root::kProfile:
      if (path.field == Field::kId) {
        if (!has_more) value = Value::BorrowedText(context.profile_id);
        return true;
      }
      if (path.field == Field::kWhole) {
        Value whole = ObjectToValue(context.profile);
        Object fields = whole.AsObject();
        fields.insert_or_assign("id", Value::Text(std::string(context.profile_id)));
        value = Value::FromObject(std::move(fields));
        return true;
      }
      Walk(context.profile, path.steps, path.walk_from, value, json);
      return true;
    case Root::kJourney:
      if (has_more) return true;
      if (path.field == Field::kId) {
        value = Value::BorrowedText(context.journey_id);
      } else if (path.field == Field::kVersion) {
        value = Value::Number(context.journey_version);
      } else if (path.field == Field::kWhole) {
        Object fields;
        fields.emplace("id", Value::Text(std::string(context.journey_id)));
        fields.emplace("version", Value::Number(context.journey_version));
        value = Value::FromObject(std::move(fields));
      }
      return true;
    case Root::kNow:
      if (path.field == Field::kWhole) value = Value::FromTime(context.now);
      return true;
    case Root::kUnknown:
      break;
  }
  error = ErrorAt(kUnknownName, path.root_span, "unknown name '" + path.root_name + "'");
  return false;
}

}  // namespace parcours::expr
