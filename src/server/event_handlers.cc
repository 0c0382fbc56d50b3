// Events: one, or a batch as JSON or NDJSON (API.md "Events"). Every event of a call is checked
// before any is handed to the engine: one bad event refuses the whole call and names each bad
// event by its index. The engine answers only after the events are durable and their
// immediate steps are done, which is what `?sync=true` asks for, so the flag changes nothing.
#include "server/api_routes.h"
#include "server/handler_util.h"

namespace parcours::server::handlers {
namespace {

std::optional<Response> CheckSync(const Call& call) {
  const std::string* sync = call.admission.query.Find("sync");
  if (sync == nullptr || *sync == "true" || *sync == "false" || sync->empty()) return std::nullopt;
  return ErrorResponse(Error::InvalidArgument(
      "sync is true or false", {Problem{"bad_value", "query.sync", "", "sync is true or false"}}));
}

Response Ingest(Api& api, std::vector<Event> events) {
  if (events.empty()) return JsonResponse(202, IngestJson({}));
  auto result = api.engine().Ingest(std::move(events));
  if (!result) return ErrorResponse(result.error());
  return JsonResponse(202, IngestJson(*result));
}

bool IsNdjson(std::string_view content_type) {
  return content_type == "application/x-ndjson" || content_type == "application/ndjson" ||
         content_type == "application/jsonl" || content_type == "application/x-jsonlines";
}

}  // namespace

Response IngestOne(Api& api, const Call& call) {
  if (auto bad = CheckSync(call)) return *bad;
  auto json = ParseJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  std::vector<Problem> problems;
  auto event = EventFromJson(*json, "$", problems);
  if (!event) return ErrorResponse(Error::InvalidArgument("the event is not valid", problems));
  std::vector<Event> events;
  events.push_back(std::move(*event));
  return Ingest(api, std::move(events));
}

Response IngestBatch(Api& api, const Call& call) {
  if (auto bad = CheckSync(call)) return *bad;
  Result<std::vector<Event>> events = [&]() -> Result<std::vector<Event>> {
    if (IsNdjson(call.head.content_type)) return EventBatchFromNdjson(call.body);
    auto json = ParseJsonBody(call.body);
    if (!json) return Fail(json.error());
    return EventBatchFromJson(*json);
  }();
  if (!events) return ErrorResponse(events.error());
  return Ingest(api, std::move(*events));
}

}  // namespace parcours::server::handlers
