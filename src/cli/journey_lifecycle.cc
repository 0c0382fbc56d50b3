// journeys validate, publish, pause, resume, close, stop, test-start, test-stop.
#include <ostream>

#include "cli/journeys.h"
#include "cli/local_input.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

void PrintProblems(std::ostream& out, std::string_view severity,
                   const boost::json::value* problems) {
  if (problems == nullptr || !problems->is_array()) return;
  for (const boost::json::value& p : problems->as_array()) {
    out << "  " << severity << " " << TextOr(p, "code", "?") << " at " << TextOr(p, "path", "?");
    if (std::string node = TextOr(p, "node", ""); !node.empty()) {
      out << " (activity '" << node << "')";
    }
    out << ": " << TextOr(p, "message", "") << "\n";
  }
}

std::size_t Size(const boost::json::value* array) {
  return array != nullptr && array->is_array() ? array->as_array().size() : 0;
}

Done Transition(Session& session, const JourneyRef& ref, DefaultVersion default_version,
                const std::string& action, const boost::json::value& body,
                std::string_view done_word) {
  auto version = ResolveVersion(session, ref, default_version);
  if (!version) return std::unexpected(version.error());
  const std::string target = VersionPath(ref.id, *version) + "/" + action;  // "test/start" too
  // Calls without a body send an empty one (API.md), not "null".
  auto reply = body.is_null() ? session.Call("POST", target) : session.Call("POST", target, body);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else {
    session.out() << done_word << ": " << VersionSummary(reply->json) << "\n";
  }
  return {};
}

}  // namespace

Done ValidateJourney(Session& session, const JourneyRef& ref) {
  auto version = ResolveVersion(session, ref, DefaultVersion::kLatest);
  if (!version) return std::unexpected(version.error());
  auto reply = session.Call("POST", VersionPath(ref.id, *version) + "/validate");
  if (!reply) return std::unexpected(reply.error());
  const boost::json::value* valid = Field(reply->json, "valid");
  bool is_valid = valid != nullptr && valid->is_bool() && valid->get_bool();
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else {
    const boost::json::value* errors = Field(reply->json, "errors");
    const boost::json::value* warnings = Field(reply->json, "warnings");
    session.out() << ref.id << " version " << *version << ": " << (is_valid ? "valid" : "invalid")
                  << " (" << Plural(static_cast<std::int64_t>(Size(errors)), "error") << ", "
                  << Plural(static_cast<std::int64_t>(Size(warnings)), "warning") << ")\n";
    PrintProblems(session.out(), "error  ", errors);
    PrintProblems(session.out(), "warning", warnings);
  }
  if (!is_valid) return std::unexpected(Exit{kExitRefused});
  return {};
}

Done PublishJourney(Session& session, const JourneyRef& ref) {
  return Transition(session, ref, DefaultVersion::kLatest, "publish", boost::json::value(),
                    "published");
}

Done PauseJourney(Session& session, const JourneyPauseOptions& options) {
  if (options.mode != "hold" && options.mode != "discard") {
    return session.UsageError("--mode must be hold or discard");
  }
  boost::json::object body;
  body["mode"] = options.mode;
  if (!options.duration.empty()) {
    if (auto ok = CheckDuration(session, "--for", options.duration); !ok) return ok;
    body["for"] = options.duration;
  }
  return Transition(session, options.ref, DefaultVersion::kCurrent, "pause", body, "paused");
}

Done TransitionJourney(Session& session, const JourneyRef& ref, const std::string& transition) {
  if (transition == "stop") {
    std::string named = ref.id + (ref.version > 0 ? " version " + std::to_string(ref.version) : "");
    if (auto ok = CheckConfirmable(session, "stop " + named); !ok) return ok;
    auto version = ResolveVersion(session, ref, DefaultVersion::kCurrent);
    if (!version) return std::unexpected(version.error());
    if (auto ok = Confirm(session, "stop " + ref.id + " version " + std::to_string(*version),
                          "Every profile still inside ends at once as timed_out "
                          "(journey_stopped); a stopped version never runs again.");
        !ok) {
      return ok;
    }
    return Transition(session, JourneyRef{ref.id, *version}, DefaultVersion::kCurrent, "stop",
                      boost::json::value(), "stopped");
  }
  std::string_view done_word = transition == "resume" ? "resumed" : "closed";
  return Transition(session, ref, DefaultVersion::kCurrent, transition, boost::json::value(),
                    done_word);
}

Done StartJourneyTest(Session& session, const JourneyTestStartOptions& options) {
  boost::json::object body;
  if (!options.wait.empty()) {
    if (auto ok = CheckDuration(session, "--wait", options.wait); !ok) return ok;
    body["wait"] = options.wait;
  }
  return Transition(session, options.ref, DefaultVersion::kLatest, "test/start", body,
                    "test mode started");
}

Done StopJourneyTest(Session& session, const JourneyRef& ref) {
  return Transition(session, ref, DefaultVersion::kLatest, "test/stop", boost::json::value(),
                    "test mode stopped (test instances and the test report removed)");
}

}  // namespace parcours::cli
