// `parcours journeys ...`: the command line of each journeys command (journeys.h runs them).
#include "cli/command_registry.h"
#include "cli/journeys.h"

namespace parcours::cli {
namespace {

const char* const kVersionLatest = "Version (default: the latest)";
const char* const kVersionCurrent =
    "Version (default: the live or paused one, else the newest closed, else the latest)";

std::shared_ptr<JourneyRef> AddRef(CLI::App* command, const char* version_help) {
  auto ref = std::make_shared<JourneyRef>();
  command->add_option("ID", ref->id, "Journey id")->required();
  if (version_help != nullptr) {
    command->add_option("--version", ref->version, version_help)->check(CLI::PositiveNumber);
  }
  return ref;
}

void AddTransition(CLI::App* journeys, Session& session, const std::string& name,
                   const std::string& description) {
  CLI::App* command = journeys->add_subcommand(name, description);
  auto ref = AddRef(command, kVersionCurrent);
  OnRun(command, session, ref,
        [name](Session& s, const JourneyRef& r) { return TransitionJourney(s, r, name); });
}

}  // namespace

void AddJourneysCommands(CLI::App& app, Session& session) {
  CLI::App* journeys =
      AddGroup(app, "journeys", "Create, publish, run, stop and report on journeys");

  {
    CLI::App* c = journeys->add_subcommand("list", "List journeys and their versions' statuses");
    auto o = std::make_shared<JourneyListOptions>();
    c->add_option("--status", o->status, "Only journeys with a version in this status")
        ->check(CLI::IsMember({"draft", "live", "paused", "closed", "stopped", "finished"}));
    OnRun(c, session, o, ListJourneys);
  }
  {
    CLI::App* c = journeys->add_subcommand("get", "Show a journey's versions, or one version");
    OnRun(c, session, AddRef(c, "Show this version in full"), GetJourney);
  }
  for (const char* name : {"create", "apply"}) {
    bool create = std::string(name) == "create";
    CLI::App* c = journeys->add_subcommand(
        name, create ? "Create a journey (draft version 1) from a definition file"
                     : "Create the journey, or replace its latest version's definition "
                       "(a draft: anything; a published version: names and labels only)");
    auto o = std::make_shared<JourneyCreateOptions>();
    c->add_option("FILE", o->file, "Journey definition (JSON); '-' reads stdin")->required();
    c->add_option("--id", o->id, "Journey id (overrides the file's \"id\")");
    OnRun(c, session, o, create ? CreateJourney : ApplyJourney);
  }
  {
    CLI::App* c = journeys->add_subcommand("validate", "Validate a version on the server");
    OnRun(c, session, AddRef(c, kVersionLatest), ValidateJourney);
  }
  {
    CLI::App* c = journeys->add_subcommand("publish", "Publish a draft: it goes live");
    OnRun(c, session, AddRef(c, kVersionLatest), PublishJourney);
  }
  {
    CLI::App* c = journeys->add_subcommand("pause", "Pause a live version");
    auto o = std::make_shared<JourneyPauseOptions>();
    c->add_option("ID", o->ref.id, "Journey id")->required();
    c->add_option("--version", o->ref.version, kVersionCurrent)->check(CLI::PositiveNumber);
    c->add_option("--mode", o->mode,
                  "hold: profiles wait at their next action; discard: they exit there")
        ->required()
        ->check(CLI::IsMember({"hold", "discard"}));
    c->add_option("--for", o->duration, "How long, ISO-8601 (default and at most P14D)");
    OnRun(c, session, o, PauseJourney);
  }
  AddTransition(journeys, session, "resume", "Resume a paused version");
  AddTransition(journeys, session, "close", "Close a version to new entrances");
  AddTransition(journeys, session, "stop",
                "Stop a version now: everyone inside times out (asks unless --yes)");
  {
    CLI::App* c = journeys->add_subcommand("new-version", "New draft copied from the latest");
    OnRun(c, session, AddRef(c, nullptr), NewJourneyVersion);
  }
  {
    CLI::App* c = journeys->add_subcommand("duplicate", "Copy a version into a new journey");
    auto o = std::make_shared<JourneyDuplicateOptions>();
    c->add_option("ID", o->ref.id, "Journey id")->required();
    c->add_option("--version", o->ref.version, kVersionLatest)->check(CLI::PositiveNumber);
    c->add_option("--name", o->name, "The new journey's name");
    OnRun(c, session, o, DuplicateJourney);
  }
  {
    CLI::App* c = journeys->add_subcommand(
        "delete", "Delete a draft or finished version (asks unless --yes)");
    auto ref = std::make_shared<JourneyRef>();
    c->add_option("ID", ref->id, "Journey id")->required();
    c->add_option("--version", ref->version, "Version to delete")
        ->required()
        ->check(CLI::PositiveNumber);
    OnRun(c, session, ref, DeleteJourneyVersion);
  }
  {
    CLI::App* c = journeys->add_subcommand("report", "Counts of a version: entries, exits, ...");
    auto o = std::make_shared<JourneyReportOptions>();
    c->add_option("ID", o->ref.id, "Journey id")->required();
    c->add_option("--version", o->ref.version, kVersionCurrent)->check(CLI::PositiveNumber);
    c->add_option("--window", o->window, "Only the last 24h: --window 24h");
    c->add_flag("--test", o->test,
                "The test session's report of a draft in test mode (default version: the latest)");
    OnRun(c, session, o, ReportJourney);
  }
  {
    CLI::App* c = journeys->add_subcommand(
        "test-start",
        "Put a draft in test mode: test profiles (testProfile: true) run it for real, with "
        "short waits");
    auto o = std::make_shared<JourneyTestStartOptions>();
    c->add_option("ID", o->ref.id, "Journey id")->required();
    c->add_option("--version", o->ref.version, kVersionLatest)->check(CLI::PositiveNumber);
    c->add_option("--wait", o->wait,
                  "Waits and event timeouts last at most this, ISO-8601 (default PT10S, at most "
                  "P1D)");
    OnRun(c, session, o, StartJourneyTest);
  }
  {
    CLI::App* c = journeys->add_subcommand(
        "test-stop", "End a draft's test mode: its test instances and test report are removed");
    OnRun(c, session, AddRef(c, kVersionLatest), StopJourneyTest);
  }
}

}  // namespace parcours::cli
