// One Setup function per subcommand, each defined in its cmd_*.cc.
#pragma once

#include "cli/command.h"

namespace plan {

CommandAction SetupCatalog(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupSimulate(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupRoofline(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupTrace(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupDiff(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupBreakeven(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupSearch(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupMerge(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupReport(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupProbe(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupCalibrate(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupFidelity(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupInit(CLI::App* sub, const GlobalOptions* global);
CommandAction SetupCompletion(CLI::App* sub, const GlobalOptions* global);

}  // namespace plan
