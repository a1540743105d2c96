#include "cli/command.h"
#include "cli/commands.h"

namespace plan {

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"simulate", "Replay a scenario's workload through its candidates; cost and latency", SetupSimulate},
      {"catalog", "List, show, validate and import catalog entries", SetupCatalog},
      {"roofline", "Per-kernel roofline of a prefill and a decode step, and memory fit", SetupRoofline},
      {"trace", "Inspect, convert and generate request traces", SetupTrace},
      {"probe", "Measure a live OpenAI-compatible endpoint: TTFT, TPOT, inter-token gaps", SetupProbe},
      {"calibrate", "Fit the catalog to a probe; write a catalog overlay", SetupCalibrate},
  };
  return commands;
}

}  // namespace plan
