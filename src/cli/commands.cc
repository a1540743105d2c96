#include "cli/commands.h"
#include "cli/command.h"

namespace plan {

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"init", "Write a commented scenario to start from (chatbot, batch, api-vs-selfhost)",
       SetupInit},
      {"simulate", "Replay a scenario's workload through its candidates; cost and latency",
       SetupSimulate},
      {"catalog", "List, show, validate and import catalog entries", SetupCatalog},
      {"roofline", "Per-kernel roofline of a prefill and a decode step, and memory fit",
       SetupRoofline},
      {"trace", "Inspect, convert and generate request traces", SetupTrace},
      {"breakeven",
       "Sweep traffic volume: where each candidate becomes the cheapest meeting the SLO",
       SetupBreakeven},
      {"search",
       "Search GPU x count x parallelism x quantization x engine for the cheapest meeting the SLO",
       SetupSearch},
      {"merge", "Join the part files of a sharded search into its report", SetupMerge},
      {"report",
       "Render reports written as JSON again: table, md, csv or one HTML page with charts",
       SetupReport},
      {"diff", "Compare two reports; exit 3 when a --fail-on threshold is crossed (CI gate)",
       SetupDiff},
      {"probe", "Measure a live OpenAI-compatible endpoint: TTFT, TPOT, inter-token gaps",
       SetupProbe},
      {"calibrate", "Fit the catalog to a probe; write a catalog overlay", SetupCalibrate},
      {"fidelity",
       "Predicted vs published measurements per engine x GPU family; exit 3 past tolerance",
       SetupFidelity},
      {"completion", "Print a shell completion script: bash, zsh or fish", SetupCompletion},
  };
  return commands;
}

}  // namespace plan
