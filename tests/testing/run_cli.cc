#include "testing/run_cli.h"

#include <sstream>

#include "cli/command.h"

namespace plan::test {

CliRun RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "plan");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Io io{out, err};
  int code = RunPlan(static_cast<int>(argv.size()), argv.data(), io);
  return {code, out.str(), err.str()};
}

}  // namespace plan::test
