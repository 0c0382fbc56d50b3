#include "engine/catalog.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parcours::engine {
namespace json = boost::json;
namespace {

json::value TimeOrNull(const std::optional<Time>& t) {
  if (!t) return nullptr;
  return json::value(FormatTime(*t));
}

Result<std::optional<Time>> OptionalTime(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<Time>();
  auto t = ParseTime(v->as_string());
  if (!t) return Fail(t.error());
  return std::optional<Time>(*t);
}

Result<VersionLifecycle> VersionLifecycleFromJson(const json::object& o) {
  VersionLifecycle v;
  v.version = static_cast<int>(o.at("version").to_number<std::int64_t>());
  auto status = ParseVersionStatus(o.at("status").as_string());
  if (!status) return Fail(Error::Internal("stored journey has an unknown status"));
  v.status = *status;
  auto created = ParseTime(o.at("createdAt").as_string());
  if (!created) return Fail(created.error());
  v.created_at = *created;
  for (auto [key, field] :
       {std::pair{"publishedAt", &v.published_at}, std::pair{"closedAt", &v.closed_at},
        std::pair{"stoppedAt", &v.stopped_at}, std::pair{"finishedAt", &v.finished_at},
        std::pair{"pausedUntil", &v.paused_until}}) {
    auto t = OptionalTime(o, key);
    if (!t) return Fail(t.error());
    *field = *t;
  }
  if (const json::value* mode = o.if_contains("pauseMode"); mode && mode->is_string()) {
    v.pause_mode = ParsePauseMode(mode->as_string());
  }
  if (const json::value* test = o.if_contains("testMode");
      test && test->is_bool() && test->get_bool()) {
    auto started = ParseTime(o.at("testStartedAt").as_string());
    if (!started) return Fail(started.error());
    auto wait = ParseDuration(o.at("testWait").as_string());
    if (!wait) return Fail(wait.error());
    v.test = TestMode{*started, *wait};
  }
  for (const json::value& h : o.at("history").as_array()) {
    const auto& ho = h.as_object();
    TransitionRecord r;
    auto at = ParseTime(ho.at("at").as_string());
    if (!at) return Fail(at.error());
    r.at = *at;
    auto action = ParseLifecycleAction(ho.at("action").as_string());
    if (!action) return Fail(Error::Internal("stored journey has an unknown action"));
    r.action = *action;
    r.by = std::string(ho.at("by").as_string());
    r.reason = std::string(ho.at("reason").as_string());
    v.history.push_back(std::move(r));
  }
  return v;
}

}  // namespace

const CompiledVersion* JourneyRecord::Compiled(int version) const {
  auto it = compiled.find(version);
  return it == compiled.end() ? nullptr : it->second.get();
}

std::string JourneyRecord::Name() const {
  if (definitions.empty()) return "";
  return definitions.rbegin()->second->name;
}

const JourneyRecord* CatalogSnapshot::Find(std::string_view id) const {
  auto it = journeys.find(id);
  return it == journeys.end() ? nullptr : it->second.get();
}

json::object VersionLifecycleToJson(const VersionLifecycle& v) {
  json::object o;
  o["version"] = v.version;
  o["status"] = VersionStatusName(v.status);
  o["createdAt"] = FormatTime(v.created_at);
  o["publishedAt"] = TimeOrNull(v.published_at);
  o["closedAt"] = TimeOrNull(v.closed_at);
  o["stoppedAt"] = TimeOrNull(v.stopped_at);
  o["finishedAt"] = TimeOrNull(v.finished_at);
  if (v.pause_mode) o["pauseMode"] = PauseModeName(*v.pause_mode);
  if (v.paused_until) o["pausedUntil"] = FormatTime(*v.paused_until);
  o["testMode"] = v.test.has_value();
  if (v.test) {
    o["testStartedAt"] = FormatTime(v.test->started_at);
    o["testWait"] = FormatDuration(v.test->wait);
  }
  json::array history;
  for (const TransitionRecord& r : v.history) {
    json::object h;
    h["at"] = FormatTime(r.at);
    h["action"] = LifecycleActionName(r.action);
    h["by"] = r.by;
    h["reason"] = r.reason;
    history.push_back(std::move(h));
  }
  o["history"] = std::move(history);
  return o;
}

std::string EncodeJourney(const JourneyRecord& journey) {
  json::object o;
  o["id"] = journey.id;
  o["lastVersion"] = journey.lifecycle.last_assigned_version;
  json::array versions;
  for (const VersionLifecycle& v : journey.lifecycle.versions) {
    json::object vo = VersionLifecycleToJson(v);
    auto d = journey.definitions.find(v.version);
    if (d != journey.definitions.end()) vo["definition"] = DefinitionToJson(*d->second);
    versions.push_back(std::move(vo));
  }
  o["versions"] = std::move(versions);
  return json::serialize(o);
}

Result<JourneyRecord> DecodeJourney(std::string_view bytes) {
  boost::system::error_code ec;
  json::value v = json::parse(bytes, ec);
  if (ec) return Fail(Error::Internal("stored journey is not valid JSON"));
  try {
    const auto& o = v.as_object();
    JourneyRecord j;
    j.id = std::string(o.at("id").as_string());
    j.lifecycle.last_assigned_version =
        static_cast<int>(o.at("lastVersion").to_number<std::int64_t>());
    for (const json::value& vv : o.at("versions").as_array()) {
      auto lifecycle = VersionLifecycleFromJson(vv.as_object());
      if (!lifecycle) return Fail(lifecycle.error());
      auto definition = DefinitionFromJson(vv.as_object().at("definition"));
      if (!definition) return Fail(Error::Internal("stored definition is malformed"));
      auto shared = std::make_shared<const JourneyDefinition>(std::move(*definition));
      j.definitions[lifecycle->version] = shared;
      if (lifecycle->status != VersionStatus::kDraft || lifecycle->test) {
        auto compiled = Compile(j.id, lifecycle->version, *shared);
        if (!compiled) return Fail(Error::Internal("stored published version does not compile"));
        j.compiled[lifecycle->version] = *compiled;
      }
      j.lifecycle.versions.push_back(std::move(*lifecycle));
    }
    return j;
  } catch (const std::exception& e) {
    return Fail(Error::Internal(std::string("stored journey is corrupt: ") + e.what()));
  }
}

}  // namespace parcours::engine
