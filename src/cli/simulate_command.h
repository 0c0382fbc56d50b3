// `parcours simulate JOURNEY.json --events EVENTS.ndjson [--profiles PROFILES.ndjson]
//                   [--until DURATION] [--trace PROFILE] [--json]`
//
// Runs a journey against recorded events in virtual time, offline: no server, nothing delivered
// (simulation/simulation.h says how; docs/testing-journeys.md shows it). Prints the report as
// tables, or with --json only the report object exactly as GET .../report gives it
// (server/api_json.h).
// --trace prints one profile's instances with each step's time, activity, outcome and reason.
// --server runs the same simulation on the server (--url) through POST /v1/simulate: the inputs
// are checked here first, line by line, then sent; the output is the same.
//
// Exit codes: 0 simulated; 1 the journey is invalid (its validation errors on stderr); 2 usage
// error or bad local input: a file that cannot be read, a malformed journey, a malformed NDJSON
// line, an unknown field, an event without timestamp (each problem names its line), a bad
// --until, --trace with --json, a journey entering from an audience; 3 the engine failed.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/session.h"

namespace parcours::cli {

struct SimulateOptions {
  std::string journey;   // "-" reads standard input
  std::string events;    // required; "-" reads standard input
  std::string profiles;  // optional
  std::string until;     // ISO-8601 duration from the earliest event; empty: the default end
  std::string trace;     // a profile id
  bool json = false;
  bool server = false;  // run it on the server (POST /v1/simulate), the same report
};

Done RunSimulate(Session& session, const SimulateOptions& options);

// Adds `simulate` to `app`; it runs through `session` (exit code in session.exit_code()).
void AddSimulateCommand(CLI::App& app, Session& session);

}  // namespace parcours::cli
