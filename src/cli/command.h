// The subcommand table: each subcommand lives in its own cmd_*.cc with an XOptions struct,
// SetupX(CLI::App*) binding the flags, and RunX(const XOptions&, Io&) doing the work.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "util/status.h"

namespace CLI {
class App;
}

namespace plan {

// Where a command's output goes; tests pass string streams.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool err_is_terminal = false;
  std::istream* in = nullptr;  // what `-` reads (a scenario, a trace); null = nothing to read
};

// Options every subcommand shares.
struct GlobalOptions {
  std::vector<std::string> catalog_dirs;  // --catalog DIR, overlays in order
};

using CommandAction = std::function<Status(Io&)>;

struct CommandSpec {
  const char* name;
  const char* summary;
  // Registers the subcommand's flags on `sub` and returns what to run once parsing succeeds.
  CommandAction (*setup)(CLI::App* sub, const GlobalOptions* global);
};

const std::vector<CommandSpec>& Commands();

// The whole CLI: parses argv, runs the chosen subcommand, prints errors; returns the exit code.
int RunPlan(int argc, const char* const* argv, Io& io);

}  // namespace plan
