#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "util/suggest.h"

namespace plan {

namespace {

// Where in argv the command is: the first argument that is not a global option (--catalog DIR
// takes its value along). 0 when there is none, or when --help or --version comes first (CLI11
// answers those).
// With `past_help`, --help and --version are skipped like other options: the command they
// ask about (`plan -h simulate` is simulate's help).
int CommandIndex(int argc, const char* const* argv, bool past_help = false) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (!past_help && (a == "-h" || a == "--help" || a == "--version")) return 0;
    if (a == "--catalog") {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return i;
  }
  return 0;
}

std::string CommandWord(int argc, const char* const* argv) {
  const int i = CommandIndex(argc, argv);
  return i > 0 ? argv[i] : "";
}

}  // namespace

int RunPlan(int argc, const char* const* argv, Io& io) {
  // `plan --version` alone answers without building the command line (CLI11 would answer the
  // same, by exception, after registering every command's flags).
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    io.out << "plan " << PLAN_VERSION << '\n';
    return 0;
  }
  CLI::App app{"plan: LLM deployment planner and cost/latency simulator", "plan"};
  app.set_version_flag("--version", std::string("plan ") + PLAN_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--catalog", global.catalog_dirs,
                 "Directory of *.toml catalog files that add or override entries (repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);  // one DIR per --catalog

  app.footer("Run 'plan help COMMAND' (or 'plan COMMAND --help') for a command's options.");

  // `plan help CMD [SUB]` is `plan CMD [SUB] --help`; `plan help` alone is the usage.
  std::vector<const char*> help_argv;
  bool usage = argc <= 1;  // bare `plan` asks what it can do, as kubectl answers
  if (const int at = CommandIndex(argc, argv); at > 0 && std::string_view(argv[at]) == "help") {
    help_argv.assign(argv, argv + argc);
    help_argv.erase(help_argv.begin() + at);
    if (CommandIndex(static_cast<int>(help_argv.size()), help_argv.data()) == 0) {
      usage = true;
    } else {
      help_argv.push_back("--help");
      argc = static_cast<int>(help_argv.size());
      argv = help_argv.data();
    }
  }
  // A mistyped command is an unknown name like any other, not a missing one.
  const std::string word = usage ? "" : CommandWord(argc, argv);
  if (!word.empty()) {
    std::vector<std::string> names;
    for (const CommandSpec& spec : Commands()) names.push_back(spec.name);
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      io.err << "plan: " << UnknownNameMessage("command", word, names)
             << "\nRun 'plan --help' for the commands.\n";
      return 2;
    }
  }
  // Every command is listed (the usage names them all), but only the one on the command line
  // registers its flags: the others' options, validators and defaults are not built per run.
  const int named = usage ? 0 : CommandIndex(argc, argv, true);
  const std::string_view chosen = named > 0 ? argv[named] : "";
  std::vector<std::pair<CLI::App*, CommandAction>> actions;
  for (const CommandSpec& spec : Commands()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.summary);
    if (spec.name == chosen) actions.emplace_back(sub, spec.setup(sub, &global));
  }
  if (usage) {
    io.out << app.help();
    return 0;
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
