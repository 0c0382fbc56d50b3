#include "cli/simulate_command.h"

#include <boost/json/serialize.hpp>

#include <map>
#include <ostream>
#include <utility>
#include <vector>

#include "cli/instances.h"
#include "cli/journeys.h"
#include "cli/local_input.h"
#include "cli/output.h"
#include "parcours/validation.h"
#include "server/api_json.h"
#include "simulation/simulation.h"

namespace parcours::cli {
namespace {

using simulation::LineProblem;
using simulation::ParseEventLines;
using simulation::ParseProfileLines;
using simulation::RecordedAction;
using simulation::RunSimulation;
using simulation::SimulatedProfile;
using simulation::SimulationOptions;
using simulation::SimulationResult;

constexpr std::size_t kMaxProblemsShown = 20;

std::string Shown(const std::string& path) { return path == "-" ? "<stdin>" : path; }

void PrintProblems(std::ostream& err, std::string_view severity,
                   const std::vector<Problem>& problems) {
  for (const Problem& p : problems) {
    err << "  " << severity << " " << p.code << " at " << p.path;
    if (!p.node.empty()) err << " (activity '" << p.node << "')";
    err << ": " << p.message << "\n";
  }
}

// "parcours simulate: EVENTS has 3 bad lines; nothing was simulated", then one line a problem.
std::unexpected<Exit> BadLines(Session& session, const std::string& file, std::string_view what,
                               const std::vector<LineProblem>& problems) {
  std::size_t lines = 0, last = 0;
  for (const LineProblem& p : problems) {
    if (p.line != last) ++lines;
    last = p.line;
  }
  auto failed = session.UsageError(
      Shown(file) + ": " +
      Plural(static_cast<std::int64_t>(lines), "bad " + std::string(what) + " line") +
      "; nothing was simulated");
  for (std::size_t i = 0; i < problems.size() && i < kMaxProblemsShown; ++i) {
    const LineProblem& p = problems[i];
    session.err() << "  " << Shown(file) << ":" << p.line << ": " << p.code << " at " << p.path
                  << ": " << p.message << "\n";
  }
  if (problems.size() > kMaxProblemsShown) {
    session.err() << "  ... and " << problems.size() - kMaxProblemsShown << " more\n";
  }
  return failed;
}

Outcome<JourneyDefinition> ReadJourney(Session& session, const std::string& file) {
  auto text = ReadInputFile(session, file);
  if (!text) return std::unexpected(text.error());
  auto definition = ParseDefinition(*text);
  if (!definition) {
    auto failed = session.UsageError(
        Shown(file) + " is not a well-formed journey: " + definition.error().message());
    PrintProblems(session.err(), "error  ", definition.error().problems());
    return failed;
  }
  Normalize(*definition);
  ValidationReport report = Validate(*definition);
  if (!report.valid()) {
    auto failed = session.Failure(
        kExitRefused, Shown(file) + " is not valid (" +
                          Plural(static_cast<std::int64_t>(report.errors.size()), "error") +
                          "); nothing was simulated");
    PrintProblems(session.err(), "error  ", report.errors);
    PrintProblems(session.err(), "warning", report.warnings);
    return failed;
  }
  PrintProblems(session.err(), "warning", report.warnings);
  return std::move(*definition);
}

std::string KindOf(const Node& node) {
  const auto* action = std::get_if<ActionActivity>(&node.activity);
  if (action == nullptr) return "";
  if (std::holds_alternative<WebhookAction>(action->action)) return "webhook";
  if (std::holds_alternative<EmailAction>(action->action)) return "email";
  return "log";
}

// Every action activity with how many times it ran: webhooks and e-mails as recorded by the
// dispatcher, `log` actions from the report (the engine runs them itself, as in production).
void PrintActions(std::ostream& out, const JourneyDefinition& definition,
                  const SimulationResult& result) {
  std::map<std::string, std::int64_t> recorded;
  for (const RecordedAction& a : result.actions) ++recorded[a.node];
  Table table({"ACTIVITY", "KIND", "LABEL", "COUNT"});
  for (const Node& node : definition.nodes) {
    std::string kind = KindOf(node);
    if (kind.empty()) continue;
    std::int64_t count = 0;
    if (kind == "log") {
      auto it = result.report.nodes.find(node.id);
      count = it == result.report.nodes.end() ? 0 : it->second.entered;
    } else {
      count = recorded[node.id];
    }
    table.AddRow({node.id, kind, node.label.value_or("-"), std::to_string(count)});
  }
  if (table.empty()) return;
  out << "\nactions (recorded, not sent)\n";
  table.Print(out, "  ");
}

void PrintTrace(std::ostream& out, const std::string& profile, const SimulationResult& result) {
  auto instances = result.engine->ProfileInstances(profile);
  out << "\ntrace of profile " << profile << ": ";
  if (!instances || instances->empty()) {
    bool known = static_cast<bool>(result.engine->GetProfile(profile));
    out << "it never entered the journey"
        << (known ? "" : " (no event and no profile line names it)") << "\n";
    return;
  }
  out << Plural(static_cast<std::int64_t>(instances->size()), "instance") << "\n";
  for (const InstanceView& instance : *instances) {
    out << "\n";
    PrintInstance(out, server::InstanceJson(instance));
  }
  Table table({"AT", "ACTIVITY", "KIND", "ACTION"});
  for (const RecordedAction& a : result.actions) {
    if (a.profile_id != profile) continue;
    table.AddRow({FormatTime(a.at), a.node, a.kind, boost::json::serialize(a.rendered)});
  }
  if (table.empty()) return;
  out << "\nactions recorded for " << profile << " (not sent)\n";
  table.Print(out, "  ");
}

}  // namespace

Done RunSimulate(Session& session, const SimulateOptions& options) {
  bool json = options.json || session.json();
  SimulationOptions run;
  if (!options.until.empty()) {
    if (auto ok = CheckDuration(session, "--until", options.until); !ok) return ok;
    run.until = *ParseDuration(options.until);
    if (*run.until <= Duration::zero()) return session.UsageError("--until must be above zero");
  }
  if (!options.trace.empty()) {
    if (json) {
      return session.UsageError(
          "--trace prints readable text; it cannot be combined with --json, which prints only the "
          "report");
    }
    if (!server::IsValidPathId(options.trace)) {
      return session.UsageError("--trace '" + options.trace +
                                "' is not a profile id (1 to 128 letters, digits, '_', '-', '.' "
                                "or ':')");
    }
    run.keep_rendered_for = options.trace;
  }
  int from_stdin = (options.journey == "-") + (options.events == "-") + (options.profiles == "-");
  if (from_stdin > 1) return session.UsageError("only one of the input files can be '-' (stdin)");

  auto definition = ReadJourney(session, options.journey);
  if (!definition) return std::unexpected(definition.error());

  auto events_text = ReadInputFile(session, options.events);
  if (!events_text) return std::unexpected(events_text.error());
  auto events = ParseEventLines(*events_text);
  if (!events) return BadLines(session, options.events, "event", events.error());
  events_text->clear();

  std::vector<SimulatedProfile> profiles;
  if (!options.profiles.empty()) {
    auto profiles_text = ReadInputFile(session, options.profiles);
    if (!profiles_text) return std::unexpected(profiles_text.error());
    auto parsed = ParseProfileLines(*profiles_text);
    if (!parsed) return BadLines(session, options.profiles, "profile", parsed.error());
    profiles = std::move(*parsed);
  }

  JourneyDefinition kept = *definition;
  auto result = RunSimulation(std::move(*definition), std::move(profiles), std::move(*events), run);
  if (!result) {
    const Error& error = result.error();
    if (error.kind() == ErrorKind::kInvalidArgument) return session.UsageError(error.message());
    if (error.kind() == ErrorKind::kInvalidDefinition) {
      auto failed = session.Failure(kExitRefused, error.message());
      PrintProblems(session.err(), "error  ", error.problems());
      return failed;
    }
    return session.Failure(kExitUnreachable, "the simulation failed: " + error.message());
  }

  std::ostream& out = session.out();
  boost::json::object report = server::ReportJson(result->report);
  if (json) {
    out << boost::json::serialize(report) << "\n";
    return {};
  }
  out << "simulated " << result->journey_id << " version " << result->version << " from "
      << FormatTime(result->start) << " to " << FormatTime(result->end) << " ("
      << FormatDuration(result->end - result->start) << " of virtual time)\n";
  out << "  " << Plural(result->events_fed, "event") << " fed";
  if (result->duplicates > 0) out << " (" << result->duplicates << " duplicate ids)";
  if (result->events_after_end > 0) {
    out << ", " << result->events_after_end << " after the end left out";
  }
  out << "; " << Plural(result->profiles, "profile") << " set\n";
  out << "  nothing was sent: "
      << Plural(static_cast<std::int64_t>(result->actions.size()), "webhook or e-mail action")
      << " recorded and answered success; log actions ran as in production\n\n";
  boost::json::value definition_json = DefinitionToJson(kept);
  PrintReport(out, report, &definition_json);
  PrintActions(out, kept, *result);
  if (!options.trace.empty()) PrintTrace(out, options.trace, *result);
  return {};
}

void AddSimulateCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* c = app.add_subcommand(
      "simulate",
      "Run a journey against recorded events in virtual time, offline: nothing is sent");
  c->add_option("JOURNEY", options->journey, "Journey definition (JSON); '-' reads stdin")
      ->required();
  c->add_option("--events", options->events,
                "Events, one JSON object a line: {id?, type, profileId, timestamp, data?}")
      ->required();
  c->add_option("--profiles", options->profiles,
                "Profiles, one JSON object a line: {id, attributes}");
  c->add_option("--until", options->until,
                "How long to run from the earliest event (ISO-8601, e.g. P40D); default: to the "
                "last event plus the journey's global timeout");
  c->add_option("--trace", options->trace,
                "Print this profile's path: each step with its time, outcome and reason");
  c->add_flag("--json", options->json, "Print only the report object, as the report endpoint");
  c->footer(
      "Exit codes: 0 simulated, 1 the journey is invalid, 2 usage error or bad local input (each "
      "bad line named), 3 the simulation failed. See docs/testing-journeys.md.");
  c->callback([&session, options] {
    session.Run("simulate", [&] { return RunSimulate(session, *options); });
  });
}

}  // namespace parcours::cli
