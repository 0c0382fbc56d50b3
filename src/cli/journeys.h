// The `parcours journeys ...` commands (internal to src/cli; main.cc sees journeys_command.h).
//
// Which version a command acts on when --version is absent:
//   latest   the highest version number: get --version-less shows them all; validate, publish,
//            new-version (copies it) and duplicate use the latest.
//   current  the newest live or paused version; without one, the newest closed version (profiles
//            may still be inside it); without one, the latest. pause, resume, close, stop, report
//            and instances act on the version that runs, so a draft made by new-version does not
//            get in the way.
// delete always needs --version.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

#include "cli/session.h"

namespace parcours::cli {

struct JourneyRef {
  std::string id;
  std::int64_t version = 0;  // 0: not given, use the command's default (above)
};

enum class DefaultVersion { kLatest, kCurrent };

// The version `ref` names, after a GET of the journey when ref.version is 0.
Outcome<std::int64_t> ResolveVersion(Session& session, const JourneyRef& ref,
                                     DefaultVersion default_version);

// "/v1/journeys/{id}" and "/v1/journeys/{id}/versions/{v}", ids percent-encoded.
std::string JourneyPath(const std::string& id);
std::string VersionPath(const std::string& id, std::int64_t version);

// "welcome-series version 2: draft" from a version object.
std::string VersionSummary(const boost::json::value& version);

// Prints a version object in full: status, timestamps, entry, activities, history.
void PrintVersion(std::ostream& out, const boost::json::value& version);

struct JourneyListOptions {
  std::string status;  // empty: every journey
};
struct JourneyCreateOptions {
  std::string file;
  std::string id;  // overrides the file's "id"
};
struct JourneyPauseOptions {
  JourneyRef ref;
  std::string mode;      // "hold" or "discard"
  std::string duration;  // --for; empty: the server's default (P14D)
};
struct JourneyDuplicateOptions {
  JourneyRef ref;
  std::string name;
};
struct JourneyReportOptions {
  JourneyRef ref;
  std::string window;  // e.g. "24h"; empty: over all time
  bool test = false;   // the test session's report (GET .../test/report)
};
struct JourneyTestStartOptions {
  JourneyRef ref;
  std::string wait;  // --wait; empty: the server's default (PT10S)
};

Done ListJourneys(Session& session, const JourneyListOptions& options);
Done GetJourney(Session& session, const JourneyRef& ref);
Done CreateJourney(Session& session, const JourneyCreateOptions& options);
Done ApplyJourney(Session& session, const JourneyCreateOptions& options);
Done NewJourneyVersion(Session& session, const JourneyRef& ref);
Done DuplicateJourney(Session& session, const JourneyDuplicateOptions& options);
Done DeleteJourneyVersion(Session& session, const JourneyRef& ref);

Done ValidateJourney(Session& session, const JourneyRef& ref);
Done PublishJourney(Session& session, const JourneyRef& ref);
Done PauseJourney(Session& session, const JourneyPauseOptions& options);
// `transition` is "resume", "close" or "stop"; stop asks for confirmation (local_input.h).
Done TransitionJourney(Session& session, const JourneyRef& ref, const std::string& transition);
// Test mode of a draft (docs/testing-journeys.md); the version defaults to the latest.
Done StartJourneyTest(Session& session, const JourneyTestStartOptions& options);
Done StopJourneyTest(Session& session, const JourneyRef& ref);

Done ReportJourney(Session& session, const JourneyReportOptions& options);

// A report object as tables: entered and instances by status, end tags, activities (in the order
// of `definition`'s nodes when given, with their types and labels) and discarded events.
void PrintReport(std::ostream& out, const boost::json::value& report,
                 const boost::json::value* definition);

}  // namespace parcours::cli
