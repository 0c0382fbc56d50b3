// Definitions shared by the model tests.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

namespace parcours::testing {

// The example of JOURNEY_FORMAT.md, verbatim (tests/data/format_example.json): well formed,
// with two unknown_node errors.
inline std::string FormatExample() {
  std::ifstream in(std::string(PARCOURS_SOURCE_DIR) + "/tests/data/format_example.json");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A small valid journey: entry on "signup", a condition, a log action, open paths.
inline const std::string kSmallJourney = R"({
  "name": "Small",
  "entry": { "type": "event", "event": "signup" },
  "start": "check",
  "nodes": [
    { "id": "check", "type": "condition",
      "branches": [ { "label": "FR", "when": "event.data.country == 'FR'", "next": "hello" } ],
      "otherwise": "bye" },
    { "id": "hello", "type": "action", "action": { "kind": "log", "message": "hello {{profile.id}}" } },
    { "id": "bye", "type": "end", "label": "Not French" }
  ]
})";

}  // namespace parcours::testing
