#include "cli/command.h"
#include "cli/commands.h"

namespace plan {

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"catalog", "List, show, validate and import catalog entries", SetupCatalog},
      {"trace", "Inspect, convert and generate request traces", SetupTrace},
  };
  return commands;
}

}  // namespace plan
