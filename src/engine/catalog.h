// The catalog: every journey's lifecycle and the definition of each of its versions, kept in
// memory (journeys are few) and in the store (Table::kJourneys, one record per journey).
//
// Readers take an immutable snapshot (std::shared_ptr<const CatalogSnapshot>) and keep it for a
// whole group of inputs; commands build a new snapshot and publish it (copy on write), so
// partitions never lock the catalog.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/compiled.h"
#include "parcours/error.h"
#include "parcours/journey.h"
#include "parcours/lifecycle.h"

namespace parcours::engine {

struct JourneyRecord {
  std::string id;
  JourneyLifecycle lifecycle;
  std::map<int, std::shared_ptr<const JourneyDefinition>> definitions;  // normalized
  // Every published (non-draft) version, and a draft in test mode, compiled.
  std::map<int, std::shared_ptr<const CompiledVersion>> compiled;

  const CompiledVersion* Compiled(int version) const;
  const VersionLifecycle* Version(int version) const { return FindVersion(lifecycle, version); }
  // The name of the latest version's definition.
  std::string Name() const;
};

struct CatalogSnapshot {
  std::map<std::string, std::shared_ptr<const JourneyRecord>, std::less<>> journeys;

  const JourneyRecord* Find(std::string_view id) const;
};

// Stored form: JSON with the lifecycle (test mode included: it survives a restart) and each
// version's definition. Decoding compiles the published versions, and a draft in test mode,
// again.
std::string EncodeJourney(const JourneyRecord& journey);
Result<JourneyRecord> DecodeJourney(std::string_view bytes);

// The lifecycle as JSON, as the API shows a version ("status", "createdAt", ..., "history").
boost::json::object VersionLifecycleToJson(const VersionLifecycle& version);

}  // namespace parcours::engine
