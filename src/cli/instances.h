// Showing journey instances (shared by `instances` and `profiles journeys`).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <iosfwd>

namespace parcours::cli {

// One row per instance: id, (journey and version,) profile, status, current or last activity,
// entry and end times, and how it ended ("end: end-bought", "exit_criteria").
void PrintInstanceTable(std::ostream& out, const boost::json::array& instances, bool with_journey);

// One instance in full, with its history of steps.
void PrintInstance(std::ostream& out, const boost::json::value& instance);

}  // namespace parcours::cli
