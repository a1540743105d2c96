#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command.h"

namespace plan {

int RunPlan(int argc, const char* const* argv, Io& io) {
  CLI::App app{"plan: LLM deployment planner and cost/latency simulator", "plan"};
  app.set_version_flag("--version", std::string("plan ") + PLAN_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--catalog", global.catalog_dirs,
                 "Directory of *.toml catalog files that add or override entries (repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);  // one DIR per --catalog

  CommandAction action;
  std::vector<std::pair<CLI::App*, CommandAction>> actions;
  for (const CommandSpec& spec : Commands()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.summary);
    actions.emplace_back(sub, spec.setup(sub, &global));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      app.exit(e, io.out, io.err);
      return 0;
    }
    app.exit(e, io.out, io.err);
    return 2;
  }

  for (auto& [sub, run] : actions) {
    if (!sub->parsed()) continue;
    Status status = run(io);
    if (!status.ok()) {
      io.out.flush();
      io.err << status.message() << '\n';
    }
    return status.exit_code();
  }
  return 2;
}

}  // namespace plan
