// POST /v1/simulate (docs/server.md "Simulation"): `parcours simulate` through the API. The run
// is the CLI's own (simulation/simulation.h): a private engine on a memory store in virtual time,
// actions recorded and never sent, nothing written to this server's store. It holds the io
// thread that runs it for as long as it takes (seconds for a month of 100,000 events), so one
// simulation runs at a time; another asked meanwhile is a 503 with Retry-After.
#include <mutex>

#include "server/api_routes.h"
#include "server/handler_util.h"
#include "simulation/simulation_json.h"

namespace parcours::server::handlers {
namespace {

std::mutex one_simulation;

bool TooLarge(const Error& error) {
  for (const Problem& p : error.problems()) {
    if (p.code == "too_many_events" || p.code == "too_many_profiles") return true;
  }
  return false;
}

}  // namespace

Response Simulate(Api& api, const Call& call) {
  (void)api;
  auto json = ParseJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto request = simulation::SimulationRequestFromJson(*json);
  if (!request) {
    if (TooLarge(request.error())) {
      Response r =
          JsonResponse(413, ProblemJson(413, "content-too-large", request.error().message(),
                                        request.error().problems()));
      r.content_type = "application/problem+json";
      return r;
    }
    return ErrorResponse(request.error());
  }
  std::unique_lock running(one_simulation, std::try_to_lock);
  if (!running.owns_lock()) {
    Response r = ErrorResponse(Error::Unavailable(
        "another simulation is running on this server; try again when it is done"));
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  auto result =
      simulation::RunSimulation(std::move(request->definition), std::move(request->profiles),
                                std::move(request->events), request->options);
  if (!result) return ErrorResponse(result.error());
  return JsonResponse(200, simulation::SimulationJson(*result, request->trace));
}

}  // namespace parcours::server::handlers
