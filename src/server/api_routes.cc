#include "server/api_routes.h"

#include <array>

namespace parcours::server {
namespace {

namespace h = handlers;

constexpr std::array kRoutes = {
    Route{"GET", "/healthz", Scope::kNone, h::Health},
    Route{"GET", "/metrics", Scope::kRead, h::Metrics},

    Route{"POST", "/v1/journeys", Scope::kWrite, h::CreateJourney},
    Route{"GET", "/v1/journeys", Scope::kRead, h::ListJourneys, "status"},
    Route{"GET", "/v1/journeys/{id}", Scope::kRead, h::GetJourney},
    Route{"POST", "/v1/journeys/{id}/versions", Scope::kWrite, h::NewVersion},
    Route{"POST", "/v1/journeys/{id}/duplicate", Scope::kWrite, h::Duplicate},
    Route{"GET", "/v1/journeys/{id}/versions/{v}", Scope::kRead, h::GetVersion},
    Route{"PUT", "/v1/journeys/{id}/versions/{v}", Scope::kWrite, h::ReplaceVersion},
    Route{"DELETE", "/v1/journeys/{id}/versions/{v}", Scope::kPublish, h::DeleteVersion},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/validate", Scope::kRead, h::ValidateVersion},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/publish", Scope::kPublish, h::Publish},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/close", Scope::kPublish, h::Close},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/pause", Scope::kPublish, h::Pause},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/resume", Scope::kPublish, h::Resume},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/stop", Scope::kPublish, h::Stop},
    Route{"GET", "/v1/journeys/{id}/versions/{v}/report", Scope::kRead, h::GetReport, "window"},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/test/start", Scope::kPublish, h::StartTest},
    Route{"POST", "/v1/journeys/{id}/versions/{v}/test/stop", Scope::kPublish, h::StopTest},
    Route{"GET", "/v1/journeys/{id}/versions/{v}/test/report", Scope::kRead, h::GetTestReport,
          "window"},
    Route{"GET", "/v1/journeys/{id}/versions/{v}/instances", Scope::kRead, h::ListInstances,
          "status limit cursor"},

    Route{"POST", "/v1/simulate", Scope::kRead, h::Simulate},

    Route{"POST", "/v1/events", Scope::kEvents, h::IngestOne, "sync"},
    Route{"POST", "/v1/events/batch", Scope::kEvents, h::IngestBatch, "sync"},

    Route{"PUT", "/v1/profiles/{pid}", Scope::kWrite, h::PutProfile},
    Route{"PATCH", "/v1/profiles/{pid}", Scope::kWrite, h::PatchProfile},
    Route{"GET", "/v1/profiles/{pid}", Scope::kRead, h::GetProfile},
    Route{"GET", "/v1/profiles/{pid}/journeys", Scope::kRead, h::GetProfileJourneys},
    Route{"PUT", "/v1/audiences/{aid}", Scope::kWrite, h::PutAudience},
    Route{"GET", "/v1/audiences/{aid}", Scope::kRead, h::GetAudience},
    Route{"GET", "/v1/instances/{iid}", Scope::kRead, h::GetInstance},
    Route{"DELETE", "/v1/instances/{iid}", Scope::kWrite, h::RemoveInstance},

    Route{"GET", "/v1/clock", Scope::kRead, h::GetClock},
    Route{"POST", "/v1/clock/advance", Scope::kAdmin, h::AdvanceClock},
};

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

}  // namespace parcours::server
