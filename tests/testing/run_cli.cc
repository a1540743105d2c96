#include "testing/run_cli.h"

#include <sstream>

#include "cli/command.h"

namespace plan::test {

namespace {

CliRun Run(std::vector<std::string> args, std::istream* in) {
  args.insert(args.begin(), "plan");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Io io{out, err, false, in};
  int code = RunPlan(static_cast<int>(argv.size()), argv.data(), io);
  return {code, out.str(), err.str()};
}

}  // namespace

CliRun RunCli(std::vector<std::string> args) { return Run(std::move(args), nullptr); }

CliRun RunCliWithStdin(std::vector<std::string> args, const std::string& stdin_text) {
  std::istringstream in(stdin_text);
  return Run(std::move(args), &in);
}

}  // namespace plan::test
