// Wiring of the server commands into the CLI11 command line. main.cc calls AddServerCommands once;
// each command group (journeys, events, profiles, audiences, instances, clock) has its own file
// with an Add...Commands function.
//
// Global options (on the top-level app; accepted before or after the command's name):
//   --url URL       server address; PARCOURS_URL; default http://127.0.0.1:8080
//   --token SECRET  bearer token; PARCOURS_TOKEN
//   --json          print the server's JSON instead of readable tables
//   --yes, -y       answer yes to confirmations of destructive commands
//   --timeout SEC   per request, connecting included (default 120)
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "cli/session.h"

namespace parcours::cli {

// Adds the global options (bound to `options`) and every server command group to `app`.
// `options` and `session` must outlive `app`'s parse; commands run from CLI11 callbacks, after the
// whole command line is parsed, and record their exit code in `session`.
void AddServerCommands(CLI::App& app, GlobalOptions& options, Session& session);

void AddJourneysCommands(CLI::App& app, Session& session);
void AddEventsCommands(CLI::App& app, Session& session);
void AddProfilesCommands(CLI::App& app, Session& session);
void AddAudiencesCommands(CLI::App& app, Session& session);
void AddInstancesCommands(CLI::App& app, Session& session);
void AddClockCommands(CLI::App& app, Session& session);

// A command group: a subcommand that needs one of its own subcommands, and whose unknown options
// fall through to the global ones.
CLI::App* AddGroup(CLI::App& app, const std::string& name, const std::string& description);

// Makes `command` run `body(session, *options)` as "<group> <name>" once parsed. `options` is
// kept alive by the callback.
template <typename Options, typename Body>
void OnRun(CLI::App* command, Session& session, std::shared_ptr<Options> options, Body body) {
  std::string name = command->get_parent()->get_name() + " " + command->get_name();
  command->callback([&session, options, body, name] {
    session.Run(name, [&] { return body(session, *options); });
  });
}

}  // namespace parcours::cli
