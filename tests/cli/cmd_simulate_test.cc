#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

// A small scenario, s.toml, in a scratch directory removed at the end of the test.
constexpr const char* kScenario = R"(name = "cli"
seed = 5
[workload.generator]
arrival = "poisson"
rate_per_s = 4
requests = 100
input_tokens = { dist = "fixed", value = 300 }
output_tokens = { dist = "fixed", value = 50 }
[slo]
ttft_p99_s = 1.0
[[candidate]]
name = "h100"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
)";

struct TempScenario {
  test::ScratchDir dir;
  std::string path = dir.Write("s.toml", kScenario);
};

TEST_CASE("plan simulate -f json -o writes the report file and nothing to stdout", "[cli]") {
  TempScenario s;
  std::string out_path = s.dir.File("out.json");
  test::CliRun r = test::RunCli({"simulate", s.path, "-f", "json", "-o", out_path});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
  Result<std::string> text = ReadFile(out_path);
  REQUIRE(text.ok());
  nlohmann::json j = nlohmann::json::parse(*text);
  CHECK(j["schema"] == "plan.report/v1");
  CHECK(j["scenario"] == "cli");
  CHECK(j["seed"] == 5);
  CHECK(j["candidates"][0]["requests"]["completed"] == 100);
  CHECK(j["recommendation"] == "h100");
  // --seed overrides the scenario's; stdout gets the same bytes a file would.
  test::CliRun again = test::RunCli({"simulate", s.path, "-f", "json", "--seed", "5"});
  CHECK(again.out == *text);
  test::CliRun other = test::RunCli({"simulate", s.path, "-f", "json", "--seed", "6"});
  CHECK(other.out != *text);
}

TEST_CASE("plan simulate rejects bad usage with exit 2 and a suggestion", "[cli]") {
  TempScenario s;
  test::CliRun format = test::RunCli({"simulate", s.path, "-f", "jsn"});
  CHECK(format.exit_code == 2);
  CHECK(format.err == "unknown report format 'jsn'; did you mean 'json'?\n");
  test::CliRun candidate = test::RunCli({"simulate", s.path, "--candidate", "h10"});
  CHECK(candidate.exit_code == 2);
  CHECK(candidate.err == "unknown candidate 'h10'; did you mean 'h100'?\n");
  test::CliRun missing = test::RunCli({"simulate", s.dir.File("nope.toml")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == s.dir.File("nope.toml") + ": cannot read: No such file or directory\n");
}

}  // namespace
}  // namespace plan

namespace plan {
namespace {

TEST_CASE("repeatable options take one value each, so the scenario may follow them", "[cli]") {
  TempScenario s;
  test::CliRun r = test::RunCli({"simulate", "--candidate", "h100", s.path, "-f", "csv"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}

}  // namespace
}  // namespace plan
