#include "bench_common.h"

#include "parcours/journey.h"

namespace parcours::bench {

void PublishJourney(Engine& engine, const char* json) {
  auto definition = ParseDefinition(json);
  Check(definition, "journey definition");
  Normalize(*definition);
  auto created = engine.CreateJourney(*definition, "bench");
  Check(created, "create journey");
  auto published = engine.Publish(created->journey_id, created->version, "bench");
  Check(published, "publish journey " + created->journey_id);
}

std::string IngestJourney(const std::string& id, const std::string& event) {
  return R"({ "id": ")" + id + R"(", "name": "Bench ingest",
    "entry": { "type": "event", "event": ")" +
         event + R"(" },
    "reentrance": { "allowed": true, "wait": "PT0S" },
    "start": "check",
    "nodes": [
      { "id": "check", "type": "condition",
        "branches": [ { "label": "big", "when": "event.data.amount > 5", "next": "log" } ],
        "otherwise": "done" },
      { "id": "log", "type": "action",
        "action": { "kind": "log", "message": "hi {{profile.id}}" }, "next": "done" },
      { "id": "done", "type": "end", "label": "Done" }
    ] })";
}

}  // namespace parcours::bench
