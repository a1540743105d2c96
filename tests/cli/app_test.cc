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
        "plan: unknown command 'bogus' (known: breakeven, calibrate, catalog, diff, fidelity, "
        "merge, probe, report, roofline, search, simulate, trace)\n"
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

}  // namespace plan::test
