// The simulation through the HTTP API (POST /v1/simulate, docs/server.md "Simulation"): how its
// request is read and its answer written. Pure functions, thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "parcours/error.h"
#include "parcours/journey.h"
#include "simulation/simulation.h"

namespace parcours::simulation {

// Bounds of one request (besides the server's --max-body): more is refused with a problem coded
// "too_many_events" or "too_many_profiles" at "$.events" / "$.profiles" (the server answers 413).
inline constexpr std::size_t kMaxRequestEvents = 100'000;
inline constexpr std::size_t kMaxRequestProfiles = 100'000;

struct SimulationRequest {
  JourneyDefinition definition;  // normalized; validated by RunSimulation (kInvalidDefinition)
  std::vector<Event> events;     // each with its timestamp
  std::vector<SimulatedProfile> profiles;
  SimulationOptions options;  // until; keep_rendered_for is the trace profile
  std::string trace;          // a profile id, or empty
};

// Reads { "definition": {...journey...}, "events": [event...], "profiles"?: [{ "id",
// "attributes" }...], "until"?: duration above zero, "trace"?: profile id }. Events are as
// POST /v1/events takes them, except that `timestamp` is required. Strict, as the rest of the API:
// every problem is listed with its path ("$.events[3].timestamp", "$.definition.nodes[0].next");
// kInvalidArgument.
Result<SimulationRequest> SimulationRequestFromJson(const boost::json::value& json);

// The answer: { "journeyId", "version", "start", "end", "eventsFed", "duplicates",
// "eventsAfterEnd", "profiles", "actionsRecorded": { "<activity>": n }, "report": <report object,
// exactly as `parcours simulate --json` prints it>, "trace": null or { "profileId", "instances":
// [instance...], "actions": [{ "at", "node", "kind", "action" }], "known": whether an event or a
// profile named it } }.
boost::json::object SimulationJson(const SimulationResult& result, const std::string& trace);

}  // namespace parcours::simulation
