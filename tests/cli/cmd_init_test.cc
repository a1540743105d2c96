// plan init: each template is written as shipped, loads, and runs with plan simulate.
#include <catch2/catch.hpp>

#include <filesystem>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

std::string Shipped(const std::string& name) {
  Result<std::string> text =
      ReadFile(std::string(PLAN_SOURCE_DIR) + "/scenarios/templates/" + name + ".toml");
  REQUIRE(text.ok());
  return *text;
}

TEST_CASE("plan init writes each template, and plan simulate runs it", "[cli]") {
  test::ScratchDir dir;
  for (const std::string name : {"chatbot", "batch", "api-vs-selfhost"}) {
    INFO(name);
    const std::string path = dir.File(name + ".toml");
    test::CliRun init = test::RunCli({"init", "--template", name, "-o", path});
    REQUIRE(init.exit_code == 0);
    CHECK(init.out ==
          "wrote " + path + " (template " + name + "); next: plan simulate " + path + "\n");
    Result<std::string> written = ReadFile(path);
    REQUIRE(written.ok());
    CHECK(*written == Shipped(name));  // the embedded copy is the file in the repository
    test::CliRun sim = test::RunCli({"simulate", path});
    CHECK(sim.err.empty());
    REQUIRE(sim.exit_code == 0);
    // Every candidate meets its SLO at the template's volume: a start that works as written.
    CHECK(sim.out.find("is recommended: the cheapest candidate meeting the SLO") !=
          std::string::npos);
  }
}

TEST_CASE("plan init writes the chatbot to standard output by default", "[cli]") {
  test::CliRun r = test::RunCli({"init"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == Shipped("chatbot"));
  CHECK(r.err.empty());
  CHECK(test::RunCli({"init", "-o", "-", "--template", "batch"}).out == Shipped("batch"));
}

TEST_CASE("plan init refuses to replace a file without --force, and an unknown template", "[cli]") {
  test::ScratchDir dir;
  const std::string path = dir.Write("mine.toml", "name = \"mine\"\n");
  test::CliRun r = test::RunCli({"init", "-o", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "plan init: " + path + " exists; choose another -o FILE, or add --force to replace it\n");
  Result<std::string> kept = ReadFile(path);
  REQUIRE(kept.ok());
  CHECK(*kept == "name = \"mine\"\n");

  r = test::RunCli({"init", "-o", path, "--force", "--template", "batch"});
  CHECK(r.exit_code == 0);
  Result<std::string> replaced = ReadFile(path);
  REQUIRE(replaced.ok());
  CHECK(*replaced == Shipped("batch"));

  r = test::RunCli({"init", "--template", "chat"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "plan init: unknown template 'chat'; did you mean 'chatbot'?\n");
}

}  // namespace
}  // namespace plan
