// Profiles, audiences, instances and the clock (API.md "Profiles, audiences, instances" and
// "Clock"), and /healthz.
#include <boost/json/array.hpp>

#include "server/api_routes.h"
#include "server/handler_util.h"

namespace parcours::server::handlers {
namespace {

Response ProfileAnswer(Api& api, const std::string& profile_id) {
  auto attributes = api.engine().GetProfile(profile_id);
  if (!attributes) return ErrorResponse(attributes.error());
  return JsonResponse(200, boost::json::object{{"id", profile_id}, {"attributes", *attributes}});
}

Response WriteProfile(Api& api, const Call& call, bool merge) {
  auto json = ParseJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto attributes = ProfileAttributesFromJson(*json);
  if (!attributes) return ErrorResponse(attributes.error());
  auto written = api.engine().PutProfile(call.param(0), std::move(*attributes), merge);
  if (!written) return ErrorResponse(written.error());
  return ProfileAnswer(api, call.param(0));
}

Response AudienceAnswer(Api& api, const std::string& audience_id) {
  auto audience = api.engine().GetAudience(audience_id);
  if (!audience) return ErrorResponse(audience.error());
  auto size = api.engine().AudienceSize(audience_id);
  if (!size) return ErrorResponse(size.error());
  return JsonResponse(200, AudienceJson(*audience, *size));
}

Response ClockNotManual() {
  return ProblemResponse(404, "not-found",
                         "the clock endpoints exist only with --clock manual; this server runs "
                         "on the system clock");
}

}  // namespace

// 200 while the engine's own work succeeds; 503 while some of it fails (a store that refuses
// writes, a bug), with what fails and its last error.
Response Health(Api& api, const Call&) {
  EngineStats stats = api.engine().Stats();
  boost::json::object body{{"status", stats.failing.empty() ? "ok" : "unhealthy"},
                           {"now", FormatTime(api.engine().Now())}};
  if (stats.failing.empty()) return JsonResponse(200, std::move(body));
  boost::json::object failing;
  for (const auto& [work, error] : stats.failing) failing[work] = error;
  body["failing"] = std::move(failing);
  return JsonResponse(503, std::move(body));
}

Response PutProfile(Api& api, const Call& call) { return WriteProfile(api, call, false); }

Response PatchProfile(Api& api, const Call& call) { return WriteProfile(api, call, true); }

Response GetProfile(Api& api, const Call& call) { return ProfileAnswer(api, call.param(0)); }

Response GetProfileJourneys(Api& api, const Call& call) {
  auto instances = api.engine().ProfileInstances(call.param(0));
  if (!instances) return ErrorResponse(instances.error());
  boost::json::array list;
  for (const InstanceView& i : *instances) list.push_back(InstanceJson(i));
  return JsonResponse(200, boost::json::object{{"instances", std::move(list)}});
}

Response PutAudience(Api& api, const Call& call) {
  auto json = ParseJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto audience = AudienceFromJson(*json, call.param(0));
  if (!audience) return ErrorResponse(audience.error());
  auto written = api.engine().PutAudience(std::move(*audience));
  if (!written) return ErrorResponse(written.error());
  return AudienceAnswer(api, call.param(0));
}

Response GetAudience(Api& api, const Call& call) { return AudienceAnswer(api, call.param(0)); }

Response GetInstance(Api& api, const Call& call) {
  auto instance = api.engine().GetInstance(call.param(0));
  if (!instance) return ErrorResponse(instance.error());
  return JsonResponse(200, InstanceJson(*instance));
}

Response RemoveInstance(Api& api, const Call& call) {
  auto json = ParseOptionalJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  if (!json->is_object() || !json->get_object().empty()) {
    return ErrorResponse(Error::InvalidArgument("this call takes no body"));
  }
  auto removed = api.engine().RemoveInstance(call.param(0), call.by());
  if (!removed) return ErrorResponse(removed.error());
  return GetInstance(api, call);
}

Response GetClock(Api& api, const Call&) {
  if (!api.engine().HasManualClock()) return ClockNotManual();
  return JsonResponse(200, ClockJson(api.engine().Now(), true));
}

Response AdvanceClock(Api& api, const Call& call) {
  if (!api.engine().HasManualClock()) return ClockNotManual();
  auto json = ParseJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto to = ClockTargetFromJson(*json, api.engine().Now());
  if (!to) return ErrorResponse(to.error());
  auto advanced = api.engine().AdvanceClock(*to);
  if (!advanced) return ErrorResponse(advanced.error());
  return JsonResponse(200, ClockJson(api.engine().Now(), true));
}

}  // namespace parcours::server::handlers
