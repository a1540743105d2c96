#include "cli/command.h"
#include "cli/commands.h"

namespace plan {

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"catalog", "List, show, validate and import catalog entries", SetupCatalog},
  };
  return commands;
}

}  // namespace plan
