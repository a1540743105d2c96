#include "cli/command.h"
#include "cli/commands.h"

namespace plan {

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"catalog", "List, show, validate and import catalog entries", SetupCatalog},
      {"roofline", "Per-kernel roofline of a prefill and a decode step, and memory fit", SetupRoofline},
  };
  return commands;
}

}  // namespace plan
