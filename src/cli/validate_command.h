// `parcours validate FILE [--json]`: checks a journey definition file offline.
//
// Exit codes: 0 valid (warnings allowed), 1 invalid or malformed, 2 the file cannot be read.
// Readable output by default; with --json only
// { "valid", "errors": [{ "code", "path", "node", "message" }], "warnings": [...] } on stdout.
#pragma once

#include <iosfwd>
#include <string>

namespace parcours::cli {

struct ValidateOptions {
  std::string file;  // "-" reads standard input
  bool json = false;
};

int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace parcours::cli
