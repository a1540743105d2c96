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

// Runs `plan args...` through RunPlan with string streams for stdout and stderr.
CliRun RunCli(std::vector<std::string> args);

}  // namespace plan::test
