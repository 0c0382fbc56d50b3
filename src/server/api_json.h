// The HTTP API's JSON, in one place (API.md): how engine results are written and how request
// bodies are read, and how errors become problem details (RFC 9457).
//
// Reading is strict: unknown fields, wrong JSON types, missing fields and bad values are
// kInvalidArgument errors whose problems name the JSON path of each ("$.events[3].type"), all
// of them in one pass. Malformed JSON is kInvalidArgument with the line and column.
//
// Every function here is pure and thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/engine.h"
#include "parcours/error.h"
#include "parcours/lifecycle.h"
#include "parcours/time.h"
#include "parcours/validation.h"

namespace parcours::server {

// ---------------------------------------------------------------------------------------------
// Errors.

// The HTTP status of an error kind: the only place kinds map to statuses.
//   kInvalidArgument 400, kNotFound 404, kFailedPrecondition 409, kInvalidDefinition 422,
//   kUnavailable 503, kInternal 500.
int HttpStatusOf(ErrorKind kind);

// A problem details document { type, title, status, detail, errors: [{ path, message, code?,
// node? }] }. `type_slug` names the problem type ("not-found", "unauthorized", ...).
boost::json::object ProblemJson(int status, std::string_view type_slug, std::string_view detail,
                                const std::vector<Problem>& problems = {});
// The problem details of an engine error, with HttpStatusOf(error.kind()).
boost::json::object ProblemJson(const Error& error);

// A located problem as the API writes it: { code, path, node (null when none), message }.
boost::json::object ProblemItemJson(const Problem& problem);

// ---------------------------------------------------------------------------------------------
// Writing.

boost::json::value TimeJson(const std::optional<Time>& time);  // RFC 3339 text or null
boost::json::object VersionJson(const VersionView& version);
boost::json::object JourneyJson(const JourneyView& journey);
boost::json::object JourneyListJson(const std::vector<JourneySummary>& journeys);
boost::json::object ValidationJson(const ValidationReport& report);
boost::json::object ReportJson(const Report& report);
boost::json::object InstanceJson(const InstanceView& instance);
boost::json::object AudienceJson(const Audience& audience, std::int64_t size);
boost::json::object IngestJson(const IngestResult& result);
boost::json::object ClockJson(Time now, bool manual);

// ---------------------------------------------------------------------------------------------
// Reading.

// Parses a request body as JSON. Malformed: kInvalidArgument with one "bad_json" problem at
// "$" whose message gives the line and column. An empty body is malformed too.
Result<boost::json::value> ParseJsonBody(std::string_view body);

// A request body that may be empty ("calls that take no body"): empty or whitespace-only gives
// an empty object; otherwise as ParseJsonBody.
Result<boost::json::value> ParseOptionalJsonBody(std::string_view body);

// One event { id?, type, profileId, timestamp?, data? } at `path` ("$", "$.events[3]").
// Problems are appended to `problems`; the event is returned only when there were none.
std::optional<Event> EventFromJson(const boost::json::value& json, const std::string& path,
                                   std::vector<Problem>& problems);

// A batch: { "events": [...] }. Every bad event is listed by its index; one bad event refuses
// the whole batch.
Result<std::vector<Event>> EventBatchFromJson(const boost::json::value& json);

// An NDJSON batch: one event a line; blank lines are skipped. Event i (0-based, blank lines not
// counted) is at path "$[i]"; malformed lines say their line number.
Result<std::vector<Event>> EventBatchFromNdjson(std::string_view body);

struct PauseRequest {
  PauseMode mode = PauseMode::kHold;
  std::optional<Duration> pause_for;
};
// { "mode": "hold" | "discard", "for"?: duration }: mode is required; `for` above zero and at
// most P14D.
Result<PauseRequest> PauseFromJson(const boost::json::value& json);

// The test/start request: { "wait"?: duration } (above zero, at most P1D; default PT10S). An
// empty body is the defaults.
struct TestStartRequest {
  std::optional<Duration> wait;
};
Result<TestStartRequest> TestStartFromJson(const boost::json::value& json);

struct DuplicateRequest {
  std::optional<int> version;
  std::optional<std::string> name;
};
// { "version"?, "name"? }.
Result<DuplicateRequest> DuplicateFromJson(const boost::json::value& json);

// { "profiles": [ids] } or { "when": "<expression>" } (exactly one of them).
Result<Audience> AudienceFromJson(const boost::json::value& json, std::string_view audience_id);

// { "attributes": {...} }.
Result<boost::json::object> ProfileAttributesFromJson(const boost::json::value& json);

// { "by": duration } or { "to": time } (exactly one), giving the time to advance to from `now`.
Result<Time> ClockTargetFromJson(const boost::json::value& json, Time now);

// Ids in paths (journeys, audiences, profiles): the profile-id rule of parcours/ids.h.
bool IsValidPathId(std::string_view id);

}  // namespace parcours::server
