// The whole CLI run in-process: argv in, exit code and both output streams back.
#pragma once

#include <string>
#include <vector>

namespace plan::test {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `plan args...` through RunPlan with string streams for stdout and stderr; there is no
// standard input.
CliRun RunCli(std::vector<std::string> args);

// The same with `stdin_text` as standard input (what `-` reads).
CliRun RunCliWithStdin(std::vector<std::string> args, const std::string& stdin_text);

}  // namespace plan::test
