#include "cli/command_registry.h"

namespace parcours::cli {

CLI::App* AddGroup(CLI::App& app, const std::string& name, const std::string& description) {
  CLI::App* group = app.add_subcommand(name, description);
  group->require_subcommand(1);
  group->fallthrough();  // inherited by the group's commands: global options work after them
  return group;
}

void AddServerCommands(CLI::App& app, GlobalOptions& options, Session& session) {
  app.add_option("--url", options.url, "Server address (default http://127.0.0.1:8080)")
      ->envname("PARCOURS_URL");
  app.add_option("--token", options.token, "Bearer token for a server with --tokens")
      ->envname("PARCOURS_TOKEN");
  app.add_flag("--json", options.json, "Print the server's JSON instead of readable output");
  app.add_flag("-y,--yes", options.yes, "Confirm destructive commands (stop, delete, remove)");
  app.add_option("--timeout", options.timeout_seconds,
                 "Seconds a request may take, connecting included (default 120)");
  AddJourneysCommands(app, session);
  AddEventsCommands(app, session);
  AddProfilesCommands(app, session);
  AddAudiencesCommands(app, session);
  AddInstancesCommands(app, session);
  AddClockCommands(app, session);
}

}  // namespace parcours::cli
