// Runs a real process for end-to-end tests and captures what it printed and its exit code.
#pragma once

#include <string>
#include <vector>

namespace parcours::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) with `input` on its standard input; waits for it to end.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "");

}  // namespace parcours::testing
