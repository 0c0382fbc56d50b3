// The route table of the API and the handlers it names (one file per area:
// journey_handlers.cc, event_handlers.cc, resource_handlers.cc, metrics_handler.cc).
//
// A pattern is a path whose {name} segments are parameters: {v} is a version number (a
// positive integer), any other name an id of [A-Za-z0-9_.:-]{1,128}. `query` lists the query
// keys a route accepts, space-separated; any other key is a 400.
#pragma once

#include <span>
#include <string_view>

#include "server/api.h"
#include "server/tokens.h"

namespace parcours::server {

class Api;

using Handler = Response (*)(Api& api, const Call& call);

struct Route {
  std::string_view method;
  std::string_view pattern;
  Scope scope;
  Handler handler;
  std::string_view query = "";
};

// Every route of API.md, /healthz and /metrics.
std::span<const Route> Routes();

namespace handlers {

Response Health(Api& api, const Call& call);
Response Metrics(Api& api, const Call& call);

Response CreateJourney(Api& api, const Call& call);
Response ListJourneys(Api& api, const Call& call);
Response GetJourney(Api& api, const Call& call);
Response GetVersion(Api& api, const Call& call);
Response ReplaceVersion(Api& api, const Call& call);
Response ValidateVersion(Api& api, const Call& call);
Response Publish(Api& api, const Call& call);
Response Close(Api& api, const Call& call);
Response Pause(Api& api, const Call& call);
Response Resume(Api& api, const Call& call);
Response Stop(Api& api, const Call& call);
Response NewVersion(Api& api, const Call& call);
Response Duplicate(Api& api, const Call& call);
Response DeleteVersion(Api& api, const Call& call);
Response GetReport(Api& api, const Call& call);
Response StartTest(Api& api, const Call& call);
Response StopTest(Api& api, const Call& call);
Response GetTestReport(Api& api, const Call& call);
Response ListInstances(Api& api, const Call& call);

Response Simulate(Api& api, const Call& call);

Response IngestOne(Api& api, const Call& call);
Response IngestBatch(Api& api, const Call& call);

Response PutProfile(Api& api, const Call& call);
Response PatchProfile(Api& api, const Call& call);
Response GetProfile(Api& api, const Call& call);
Response GetProfileJourneys(Api& api, const Call& call);
Response PutAudience(Api& api, const Call& call);
Response GetAudience(Api& api, const Call& call);
Response GetInstance(Api& api, const Call& call);
Response RemoveInstance(Api& api, const Call& call);
Response GetClock(Api& api, const Call& call);
Response AdvanceClock(Api& api, const Call& call);

}  // namespace handlers
}  // namespace parcours::server
