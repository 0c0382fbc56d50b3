// The offline simulation behind `parcours simulate` and `POST /v1/simulate`
// (docs/testing-journeys.md): one journey run against recorded events in virtual time,
// in-process, with nothing delivered. A library of its own so that the CLI and the server run the
// same code; it never touches any store but its own memory one.
//
// Inputs are NDJSON files read strictly, line by line:
//   events    one event a line, as POST /v1/events takes it: { "id"?, "type", "profileId",
//             "timestamp", "data"? } — `timestamp` is required here (virtual time comes from it);
//   profiles  one profile a line: { "id", "attributes": {...} } — as PUT /v1/profiles/{id} would
//             set it; a later line for the same id replaces the earlier one.
// Blank lines are skipped; unknown fields, wrong types and malformed JSON are problems that name
// their line.
//
// The run (RunSimulation): an Engine on the memory store, synchronous (threads = 0), with the
// manual clock starting at the earliest event's timestamp (the wall clock when there are no
// events). The journey is created and published, the profiles are put, then the events are fed in
// timestamp order (stable for equal timestamps): the clock is advanced to each event's timestamp
// (firing every timer due by then) and the event is ingested. Finally the clock is advanced to the
// end: start + `until` when given, else the last event's timestamp (the start when there are
// none) plus the journey's global timeout, by which every instance has ended. Events after the end
// are not fed (counted in `events_after_end`).
//
// Webhook and e-mail actions go to a recording dispatcher that answers success at once and sends
// nothing; `log` actions are run by the engine itself, as in production (they only write the
// instance's history). This is exactly the sequence of calls a test makes against
// `parcoursd --clock manual` (advance to each event's timestamp, POST the event, advance to the
// end), so the report is the one such a server gives for a journey whose actions are all `log`.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/engine.h"
#include "parcours/error.h"
#include "parcours/journey.h"
#include "parcours/time.h"

namespace parcours::simulation {

// A problem in an NDJSON input: its 1-based line, the JSON path inside the line ("$.type"), a
// code ("bad_json", "unknown_field", "missing_field", "wrong_type", "bad_value", "bad_id") and
// a message.
struct LineProblem {
  std::size_t line = 0;
  std::string path;
  std::string code;
  std::string message;
};

template <typename T>
using Lines = std::expected<std::vector<T>, std::vector<LineProblem>>;

// Every event of `text`, in file order; or every problem found (all lines are read).
Lines<Event> ParseEventLines(std::string_view text);

struct SimulatedProfile {
  std::string id;
  boost::json::object attributes;
};

// Every profile of `text`, in file order; or every problem found.
Lines<SimulatedProfile> ParseProfileLines(std::string_view text);

// An action the journey asked for: recorded, never sent.
struct RecordedAction {
  Time at;
  std::string instance_id;
  std::string profile_id;
  std::string node;
  std::string kind;              // "webhook", "email"
  boost::json::object rendered;  // kept only for SimulationOptions::keep_rendered_for
};

struct SimulationOptions {
  // Measured from the start (the earliest event's timestamp); must be above zero.
  std::optional<Duration> until;
  int partitions = 16;  // as parcoursd's default
  // Keep the rendered actions of this profile (for a trace); others keep only who, what, when.
  std::string keep_rendered_for;
};

struct SimulationResult {
  std::string journey_id;
  int version = 0;
  Time start;
  Time end;
  std::int64_t profiles = 0;            // profiles put
  std::int64_t events_fed = 0;          // events ingested
  std::int64_t duplicates = 0;          // of those, duplicates of an earlier event id
  std::int64_t events_after_end = 0;    // later than the end: not fed
  Report report;                        // all time, at the end
  std::vector<RecordedAction> actions;  // webhooks and e-mails, in the order they were asked for
  // The engine at the end, for queries (a profile's instances for a trace), and its dispatcher,
  // declared first so that it outlives the engine.
  std::unique_ptr<ActionDispatcher> dispatcher;
  std::unique_ptr<Engine> engine;
};

// Runs `definition` (normalized and valid: the caller checks it; an invalid one fails with
// kInvalidDefinition) against `profiles` and `events` (which need timestamps). Journeys whose
// entry is an audience are refused (kInvalidArgument): the simulation replays events.
Result<SimulationResult> RunSimulation(JourneyDefinition definition,
                                       std::vector<SimulatedProfile> profiles,
                                       std::vector<Event> events, const SimulationOptions& options);

// The default length of a run past the last event: the journey's global timeout (P30D unset).
Duration GlobalTimeoutOf(const JourneyDefinition& definition);

}  // namespace parcours::simulation
