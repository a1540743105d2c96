// The top level of the command line: a bare `plan`, and commands it does not know.
#include <catch2/catch.hpp>

#include "cli/command.h"
#include "testing/run_cli.h"

namespace plan::test {

TEST_CASE("A bare plan prints its usage to standard output and exits 0", "[cli]") {
  CliRun r = RunCli({});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.rfind("plan: LLM deployment planner and cost/latency simulator\n"
                    "Usage: plan [OPTIONS] SUBCOMMAND\n",
                    0) == 0);
  // Every command is listed with its summary.
  for (const CommandSpec& spec : Commands()) {
    INFO(spec.name);
    CHECK(r.out.find(std::string("  ") + spec.name) != std::string::npos);
    CHECK(r.out.find(spec.summary) != std::string::npos);
  }
}

TEST_CASE("A mistyped command is an unknown name with the nearest one, exit 2", "[cli]") {
  CliRun r = RunCli({"simulat", "x"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "plan: unknown command 'simulat'; did you mean 'simulate'?\n"
        "Run 'plan --help' for the commands.\n");
  // After global options too.
  CliRun after = RunCli({"--catalog", "overlay", "breakevn", "s.toml"});
  CHECK(after.exit_code == 2);
  CHECK(after.err ==
        "plan: unknown command 'breakevn'; did you mean 'breakeven'?\n"
        "Run 'plan --help' for the commands.\n");
}

TEST_CASE("A command nothing is near lists the commands, exit 2", "[cli]") {
  CliRun r = RunCli({"bogus"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        // 14 commands since plan init and plan completion: the list stops at 12
        // (UnknownNameMessage), and 'plan --help' has them all.
        "plan: unknown command 'bogus' (known: breakeven, calibrate, catalog, completion, diff, "
        "fidelity, init, merge, probe, report, roofline, search, ...)\n"
        "Run 'plan --help' for the commands.\n");
}

TEST_CASE("Global options without a command still ask for one", "[cli]") {
  CliRun r = RunCli({"--catalog", "overlay"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("A subcommand is required\n", 0) == 0);
  CliRun version = RunCli({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == std::string("plan ") + PLAN_VERSION + "\n");
}

TEST_CASE("plan help CMD is plan CMD --help, for subcommands too", "[cli]") {
  for (const CommandSpec& spec : Commands()) {
    INFO(spec.name);
    const CliRun help = RunCli({"help", spec.name});
    CHECK(help.exit_code == 0);
    CHECK(help.err.empty());
    CHECK(help.out == RunCli({spec.name, "--help"}).out);
    CHECK(help.out.rfind(spec.summary, 0) == 0);
  }
  CHECK(RunCli({"help", "trace", "convert"}).out == RunCli({"trace", "convert", "--help"}).out);
  CHECK(RunCli({"--catalog", "dir", "help", "diff"}).out == RunCli({"diff", "--help"}).out);
  // Alone, it is the usage, which says how to ask about one command.
  const CliRun usage = RunCli({"help"});
  CHECK(usage.exit_code == 0);
  CHECK(usage.out == RunCli({}).out);
  CHECK(usage.out.find("Run 'plan help COMMAND' (or 'plan COMMAND --help') for a command's "
                       "options.\n") != std::string::npos);
  // A mistyped command after help is answered as any mistyped command.
  const CliRun typo = RunCli({"help", "simulat"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err ==
        "plan: unknown command 'simulat'; did you mean 'simulate'?\n"
        "Run 'plan --help' for the commands.\n");
}

TEST_CASE("Only the named command registers its flags, and help before it still shows them",
          "[cli]") {
  // `plan -h simulate` and `plan --help catalog list` ask about the command after the flag.
  const CliRun early = RunCli({"-h", "simulate"});
  CHECK(early.exit_code == 0);
  CHECK(early.out == RunCli({"simulate", "--help"}).out);
  CHECK(early.out.find("--no-bounds") != std::string::npos);
  CHECK(RunCli({"--help", "catalog", "list"}).out == RunCli({"catalog", "list", "--help"}).out);
  // A flag of another command is not known to this one.
  const CliRun other = RunCli({"catalog", "list", "gpus", "--no-bounds"});
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("--no-bounds") != std::string::npos);
}

}  // namespace plan::test
