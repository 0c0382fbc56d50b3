// parcours: the command-line client. Thin: parses the command line and calls a command.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/command_registry.h"
#include "cli/session.h"
#include "cli/simulate_command.h"
#include "cli/validate_command.h"

int main(int argc, char** argv) {
  CLI::App app{"parcours: drive Parcours journeys from the command line"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "parcours 0.1.0");
  app.footer(
      "Exit codes: 0 ok, 1 the server refused (4xx), 2 usage error or bad local input, "
      "3 cannot reach the server or it failed (5xx).");

  parcours::cli::ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check a journey definition file offline (exit 0 valid, 1 invalid, 2 unreadable)");
  validate_cmd->add_option("FILE", validate.file, "Journey definition (JSON); '-' reads stdin")
      ->required();
  validate_cmd->add_flag("--json", validate.json,
                         "Print only {valid, errors, warnings} as JSON on stdout");

  parcours::cli::GlobalOptions options;
  parcours::cli::Session session(options, std::cin, std::cout, std::cerr, isatty(0) == 1,
                                 isatty(2) == 1);
  parcours::cli::AddServerCommands(app, options, session);
  parcours::cli::AddSimulateCommand(app, session);

  try {
    app.parse(argc, argv);  // server commands run here, from their callbacks
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (validate_cmd->parsed()) return parcours::cli::RunValidate(validate, std::cout, std::cerr);
  return session.exit_code();
}
