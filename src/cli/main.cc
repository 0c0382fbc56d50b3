// parcours: the command-line client. Thin: parses the command line and calls a command.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/validate_command.h"

int main(int argc, char** argv) {
  CLI::App app{"parcours: drive Parcours journeys from the command line"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "parcours 0.1.0");

  parcours::cli::ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check a journey definition file offline (exit 0 valid, 1 invalid, 2 unreadable)");
  validate_cmd->add_option("FILE", validate.file, "Journey definition (JSON); '-' reads stdin")
      ->required();
  validate_cmd->add_flag("--json", validate.json,
                         "Print only {valid, errors, warnings} as JSON on stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (validate_cmd->parsed()) return parcours::cli::RunValidate(validate, std::cout, std::cerr);
  return 2;
}
