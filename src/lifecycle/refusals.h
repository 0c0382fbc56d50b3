// Inside the lifecycle component: the errors its operations refuse with, worded one way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parcours/lifecycle.h"

namespace parcours::lifecycle_internal {

// The refusal of `action` on a version in status `from`, or nullopt when the table allows it.
// The message reads "<subject> is <status>: <rule>", e.g. subject "version 2" or "the version".
// (transition_table.cc)
std::optional<Error> RefuseTransition(std::string_view subject, VersionStatus from,
                                      LifecycleAction action);

// A kFailedPrecondition error carrying one Problem with `code` and the same message.
Error Refusal(std::string code, std::string message);

// kNotFound for a version `journey` does not have, listing those it has. (lifecycle.cc)
Error NoSuchVersion(const JourneyLifecycle& journey, int version);

}  // namespace parcours::lifecycle_internal
