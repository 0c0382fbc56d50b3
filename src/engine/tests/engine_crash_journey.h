// What the engine's kill -9 test (engine_crash_test.cc) and its child process
// (engine_crash_child.cc) agree on: the journey, the profiles, the clock's start and the lines
// the child writes.
//
// The journey: entry on event "e", re-entrance allowed at once (wait PT0S), a `log` action, a
// one-hour wait, an updateProfile that adds one to the profile's counter `n` (set to 0 before
// any event), a half-hour wait, the end. A profile inside is discarded (already_in_journey), so
// every committed event is counted exactly once, as an entry or a discard; `n` counts how many
// of the profile's instances went through `count`, so a step applied twice shows.
//
// The child's lines on stdout, each written whole by one write(2):
//   start <now ms>                 the engine is open; Now() is where the clock resumed
//   clockback <instance> <at> <now> a history entry is later than the resumed clock
//   send <id>...                   about to Ingest these events (new ids)
//   ack <accepted> <duplicates> <id>...  Ingest returned successfully
//   clock <ms>                     AdvanceClock to this time returned successfully
//   error <message>                something failed; the child exits with status 3
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcours::engine_crash {

inline constexpr std::string_view kJourneyId = "crash";
inline constexpr std::string_view kStart = "2026-12-01T00:00:00Z";
inline constexpr int kProfiles = 12;

inline constexpr std::string_view kJourney = R"json({
  "id": "crash", "name": "Crash",
  "entry": { "type": "event", "event": "e" },
  "reentrance": { "allowed": true, "wait": "PT0S" },
  "start": "hello",
  "nodes": [
    { "id": "hello", "type": "action",
      "action": { "kind": "log", "message": "hello {{profile.id}} {{event.data.k}}" },
      "next": "w1" },
    { "id": "w1", "type": "wait", "duration": "PT1H", "next": "count" },
    { "id": "count", "type": "updateProfile", "set": { "n": "profile.n + 1" }, "next": "w2" },
    { "id": "w2", "type": "wait", "duration": "PT30M", "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

inline std::string ProfileId(int i) { return "p" + std::to_string(i); }

// Event ids name their profile ("r3-17-p5"): an id is de-duplicated within its profile's
// partition, so sending it again means sending it for the same profile.
inline std::string EventId(const std::string& round, int n, const std::string& profile) {
  return "r" + round + "-" + std::to_string(n) + "-" + profile;
}
inline std::string ProfileOfEventId(std::string_view id) {
  return std::string(id.substr(id.rfind('-') + 1));
}

// Every instance's history, in order, as (node, outcome); an instance in progress has a prefix
// of it that ends where it waits.
inline const std::vector<std::pair<std::string, std::string>>& FullHistory() {
  static const std::vector<std::pair<std::string, std::string>> history = {
      {"hello", "entered"}, {"hello", "action_sent"}, {"hello", "action_success"},
      {"w1", "waiting"},    {"w1", "waited"},         {"count", "updated"},
      {"w2", "waiting"},    {"w2", "waited"},         {"done", "ended"},
  };
  return history;
}

}  // namespace parcours::engine_crash
