#include "cli/simulate_command.h"
#include "parcours/ids.h"

#include <boost/json/parse.hpp>
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
#include "simulation/simulation_json.h"

namespace parcours::cli {
namespace {

using simulation::LineProblem;
using simulation::ParseEventLines;
using simulation::ParseProfileLines;
using simulation::RunSimulation;
using simulation::SimulatedProfile;
using simulation::SimulationOptions;

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
// dispatcher (`actionsRecorded`), `log` actions from the report (the engine runs them itself, as in
// production).
void PrintActions(std::ostream& out, const JourneyDefinition& definition,
                  const boost::json::value& answer) {
  const boost::json::value* recorded = Field(answer, "actionsRecorded");
  const boost::json::value* nodes = Field(answer, "report");
  if (nodes != nullptr) nodes = Field(*nodes, "nodes");
  Table table({"ACTIVITY", "KIND", "LABEL", "COUNT"});
  for (const Node& node : definition.nodes) {
    std::string kind = KindOf(node);
    if (kind.empty()) continue;
    std::int64_t count = 0;
    if (kind == "log") {
      const boost::json::value* n = nodes != nullptr ? Field(*nodes, node.id) : nullptr;
      count = n != nullptr ? Count(*n, "entered") : 0;
    } else if (recorded != nullptr) {
      count = Count(*recorded, node.id);
    }
    table.AddRow({node.id, kind, node.label.value_or("-"), std::to_string(count)});
  }
  if (table.empty()) return;
  out << "\nactions (recorded, not sent)\n";
  table.Print(out, "  ");
}

void PrintTrace(std::ostream& out, const std::string& profile, const boost::json::value& answer) {
  const boost::json::value* trace = Field(answer, "trace");
  const boost::json::value* instances = trace != nullptr ? Field(*trace, "instances") : nullptr;
  out << "\ntrace of profile " << profile << ": ";
  if (instances == nullptr || !instances->is_array() || instances->as_array().empty()) {
    const boost::json::value* known = trace != nullptr ? Field(*trace, "known") : nullptr;
    bool is_known = known != nullptr && known->is_bool() && known->get_bool();
    out << "it never entered the journey"
        << (is_known ? "" : " (no event and no profile line names it)") << "\n";
    return;
  }
  out << Plural(static_cast<std::int64_t>(instances->as_array().size()), "instance") << "\n";
  for (const boost::json::value& instance : instances->as_array()) {
    out << "\n";
    PrintInstance(out, instance);
  }
  Table table({"AT", "ACTIVITY", "KIND", "ACTION"});
  if (const boost::json::value* actions = Field(*trace, "actions");
      actions != nullptr && actions->is_array()) {
    for (const boost::json::value& a : actions->as_array()) {
      const boost::json::value* action = Field(a, "action");
      table.AddRow({TextOr(a, "at"), TextOr(a, "node"), TextOr(a, "kind"),
                    action != nullptr ? boost::json::serialize(*action) : "{}"});
    }
  }
  if (table.empty()) return;
  out << "\nactions recorded for " << profile << " (not sent)\n";
  table.Print(out, "  ");
}

// Every non-blank line of NDJSON `text` (already checked line by line) as one JSON array.
boost::json::array LinesAsArray(std::string_view text) {
  boost::json::array out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    out.push_back(boost::json::parse(line));
  }
  return out;
}

// The simulation on the server (POST /v1/simulate): its answer, in the same shape as
// SimulationJson gives for a local run.
Outcome<boost::json::value> SimulateOnServer(Session& session, const JourneyDefinition& definition,
                                             std::string_view events, std::string_view profiles,
                                             const SimulateOptions& options) {
  boost::json::object body;
  body["definition"] = DefinitionToJson(definition);
  body["events"] = LinesAsArray(events);
  if (!profiles.empty()) body["profiles"] = LinesAsArray(profiles);
  if (!options.until.empty()) body["until"] = options.until;
  if (!options.trace.empty()) body["trace"] = options.trace;
  auto reply = session.Call("POST", "/v1/simulate", body);
  if (!reply) return std::unexpected(reply.error());
  return std::move(reply->json);
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
    if (!IsValidProfileId(options.trace)) {
      return session.UsageError("--trace '" + options.trace + "' is not a profile id (" +
                                std::string(kProfileIdRule) + ")");
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

  std::vector<SimulatedProfile> profiles;
  std::string profiles_text;
  if (!options.profiles.empty()) {
    auto text = ReadInputFile(session, options.profiles);
    if (!text) return std::unexpected(text.error());
    auto parsed = ParseProfileLines(*text);
    if (!parsed) return BadLines(session, options.profiles, "profile", parsed.error());
    profiles = std::move(*parsed);
    profiles_text = std::move(*text);
  }

  JourneyDefinition kept = *definition;
  boost::json::value answer;
  if (options.server) {
    auto served = SimulateOnServer(session, kept, *events_text, profiles_text, options);
    if (!served) return std::unexpected(served.error());
    answer = std::move(*served);
  } else {
    events_text->clear();
    auto result =
        RunSimulation(std::move(*definition), std::move(profiles), std::move(*events), run);
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
    answer = simulation::SimulationJson(*result, options.trace);
  }

  std::ostream& out = session.out();
  const boost::json::value* report = Field(answer, "report");
  if (report == nullptr || !report->is_object()) {
    return session.Failure(kExitUnreachable, "the server's answer has no report");
  }
  if (json) {
    out << boost::json::serialize(*report) << "\n";
    return {};
  }
  std::string start = TextOr(answer, "start"), end = TextOr(answer, "end");
  auto from = ParseTime(start);
  auto to = ParseTime(end);
  std::int64_t recorded = 0;
  if (const boost::json::value* actions = Field(answer, "actionsRecorded");
      actions != nullptr && actions->is_object()) {
    for (const auto& [node, n] : actions->as_object()) recorded += Count(*actions, node);
  }
  out << "simulated " << TextOr(answer, "journeyId") << " version " << TextOr(answer, "version")
      << " from " << start << " to " << end;
  if (from && to) out << " (" << FormatDuration(*to - *from) << " of virtual time)";
  if (options.server) out << " on " << session.options().url;
  out << "\n";
  out << "  " << Plural(Count(answer, "eventsFed"), "event") << " fed";
  if (Count(answer, "duplicates") > 0) {
    out << " (" << Count(answer, "duplicates") << " duplicate ids)";
  }
  if (Count(answer, "eventsAfterEnd") > 0) {
    out << ", " << Count(answer, "eventsAfterEnd") << " after the end left out";
  }
  out << "; " << Plural(Count(answer, "profiles"), "profile") << " set\n";
  out << "  nothing was sent: " << Plural(recorded, "webhook or e-mail action")
      << " recorded and answered success; log actions ran as in production\n\n";
  boost::json::value definition_json = DefinitionToJson(kept);
  PrintReport(out, *report, &definition_json);
  PrintActions(out, kept, answer);
  if (!options.trace.empty()) PrintTrace(out, options.trace, answer);
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
  c->add_flag("--server", options->server,
              "Run it on the server (--url) through POST /v1/simulate instead of in this process");
  c->footer(
      "Exit codes: 0 simulated, 1 the journey is invalid, 2 usage error or bad local input (each "
      "bad line named), 3 the simulation failed. See docs/testing-journeys.md.");
  c->callback([&session, options] {
    session.Run("simulate", [&] { return RunSimulate(session, *options); });
  });
}

}  // namespace parcours::cli
