#include "cli/command.h"
#include "cli/commands.h"

namespace plan {

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"simulate", "Replay a scenario's workload through its candidates; cost and latency", SetupSimulate},
      {"catalog", "List, show and validate catalog entries", SetupCatalog},
  };
  return commands;
}

}  // namespace plan
