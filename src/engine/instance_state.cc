// Instance state is stored as compact JSON: readable with any RocksDB tool, and easy to extend.
#include "engine/instance_state.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace parcours::engine {
namespace json = boost::json;
namespace {

std::int64_t Millis(Time t) { return t.time_since_epoch().count(); }
Time FromMillis(std::int64_t ms) { return Time(Duration(ms)); }

json::array TimerToJson(const TimerRef& t) { return json::array{Millis(t.due), t.seq}; }

std::optional<TimerRef> TimerFromJson(const json::value* v) {
  if (v == nullptr || !v->is_array() || v->as_array().size() != 2) return std::nullopt;
  const auto& a = v->as_array();
  return TimerRef{FromMillis(a[0].to_number<std::int64_t>()), a[1].to_number<std::uint64_t>()};
}

}  // namespace

json::object EventToJson(const EventRecord& e) {
  json::object o;
  o["id"] = e.id;
  o["type"] = e.type;
  o["profileId"] = e.profile_id;
  o["ts"] = Millis(e.timestamp);
  o["data"] = e.data;
  return o;
}

Result<EventRecord> EventFromJson(const json::value& v) {
  try {
    const auto& o = v.as_object();
    EventRecord e;
    e.id = std::string(o.at("id").as_string());
    e.type = std::string(o.at("type").as_string());
    e.profile_id = std::string(o.at("profileId").as_string());
    e.timestamp = FromMillis(o.at("ts").to_number<std::int64_t>());
    e.data = o.at("data").as_object();
    return e;
  } catch (const std::exception& ex) {
    return Fail(Error::Internal(std::string("stored event is corrupt: ") + ex.what()));
  }
}

std::string EncodeInstance(const InstanceState& s) {
  json::object o;
  o["id"] = s.id;
  o["j"] = s.journey_id;
  o["v"] = s.version;
  o["p"] = s.profile_id;
  o["n"] = s.entry_number;
  o["st"] = static_cast<int>(s.status);
  o["at"] = s.node;
  if (!s.node_id.empty()) o["node"] = s.node_id;
  o["in"] = Millis(s.entered_at);
  if (s.ended_at) o["out"] = Millis(*s.ended_at);
  if (s.exit_reason != ExitReason::kNone) o["why"] = static_cast<int>(s.exit_reason);
  if (!s.end_tag.empty()) o["tag"] = s.end_tag;
  if (s.waiting != Waiting::kNone) o["w"] = static_cast<int>(s.waiting);
  if (s.node_timer) o["nt"] = TimerToJson(*s.node_timer);
  if (s.global_timer) o["gt"] = TimerToJson(*s.global_timer);
  if (s.action_seq != 0) o["act"] = s.action_seq;
  o["h"] = s.history_count;
  if (s.entry) o["e"] = EventToJson(*s.entry);
  if (s.test) o["t"] = true;
  return json::serialize(o);
}

Result<InstanceState> DecodeInstance(std::string_view bytes) {
  boost::system::error_code ec;
  json::value v = json::parse(bytes, ec);
  if (ec || !v.is_object()) return Fail(Error::Internal("stored instance is not valid JSON"));
  try {
    const auto& o = v.as_object();
    InstanceState s;
    s.id = std::string(o.at("id").as_string());
    s.journey_id = std::string(o.at("j").as_string());
    s.version = static_cast<int>(o.at("v").to_number<std::int64_t>());
    s.profile_id = std::string(o.at("p").as_string());
    s.entry_number = o.at("n").to_number<std::uint32_t>();
    s.status = static_cast<InstanceStatus>(o.at("st").to_number<int>());
    s.node = static_cast<int>(o.at("at").to_number<std::int64_t>());
    if (const auto* node = o.if_contains("node")) s.node_id = std::string(node->as_string());
    s.entered_at = FromMillis(o.at("in").to_number<std::int64_t>());
    if (const auto* out = o.if_contains("out"))
      s.ended_at = FromMillis(out->to_number<std::int64_t>());
    if (const auto* why = o.if_contains("why"))
      s.exit_reason = static_cast<ExitReason>(why->to_number<int>());
    if (const auto* tag = o.if_contains("tag")) s.end_tag = std::string(tag->as_string());
    if (const auto* w = o.if_contains("w")) s.waiting = static_cast<Waiting>(w->to_number<int>());
    s.node_timer = TimerFromJson(o.if_contains("nt"));
    s.global_timer = TimerFromJson(o.if_contains("gt"));
    if (const auto* act = o.if_contains("act")) s.action_seq = act->to_number<std::uint64_t>();
    s.history_count = o.at("h").to_number<std::uint32_t>();
    if (const auto* e = o.if_contains("e")) {
      auto event = EventFromJson(*e);
      if (!event) return Fail(event.error());
      s.entry = std::move(*event);
    }
    if (const auto* t = o.if_contains("t"); t && t->is_bool()) s.test = t->get_bool();
    return s;
  } catch (const std::exception& ex) {
    return Fail(Error::Internal(std::string("stored instance is corrupt: ") + ex.what()));
  }
}

}  // namespace parcours::engine
