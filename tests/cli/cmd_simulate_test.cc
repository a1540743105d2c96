#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.h"
#include "util/files.h"

namespace plan {
namespace {

struct Run {
  int exit_code;
  std::string out;
  std::string err;
};

Run Plan(std::vector<std::string> args) {
  args.insert(args.begin(), "plan");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Io io{out, err};
  int code = RunPlan(static_cast<int>(argv.size()), argv.data(), io);
  return {code, out.str(), err.str()};
}

// A small scenario in a temporary directory, removed at the end of the test.
struct TempScenario {
  std::string dir, path;
  TempScenario() {
    char tmpl[] = "/tmp/plan_simulate_test_XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    path = JoinPath(dir, "s.toml");
    REQUIRE(WriteFileAtomic(path, R"(name = "cli"
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
)")
                .ok());
  }
  ~TempScenario() {
    for (const char* f : {"s.toml", "out.json"}) ::unlink(JoinPath(dir, f).c_str());
    ::rmdir(dir.c_str());
  }
};

TEST_CASE("plan simulate -f json -o writes the report file and nothing to stdout", "[cli]") {
  TempScenario s;
  std::string out_path = JoinPath(s.dir, "out.json");
  Run r = Plan({"simulate", s.path, "-f", "json", "-o", out_path});
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
  Run again = Plan({"simulate", s.path, "-f", "json", "--seed", "5"});
  CHECK(again.out == *text);
  Run other = Plan({"simulate", s.path, "-f", "json", "--seed", "6"});
  CHECK(other.out != *text);
}

TEST_CASE("plan simulate rejects bad usage with exit 2 and a suggestion", "[cli]") {
  TempScenario s;
  Run format = Plan({"simulate", s.path, "-f", "jsn"});
  CHECK(format.exit_code == 2);
  CHECK(format.err == "unknown report format 'jsn'; did you mean 'json'?\n");
  Run candidate = Plan({"simulate", s.path, "--candidate", "h10"});
  CHECK(candidate.exit_code == 2);
  CHECK(candidate.err == "unknown candidate 'h10'; did you mean 'h100'?\n");
  Run missing = Plan({"simulate", JoinPath(s.dir, "nope.toml")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == JoinPath(s.dir, "nope.toml") + ": cannot read: No such file or directory\n");
}

}  // namespace
}  // namespace plan

namespace plan {
namespace {

TEST_CASE("repeatable options take one value each, so the scenario may follow them", "[cli]") {
  TempScenario s;
  Run r = Plan({"simulate", "--candidate", "h100", s.path, "-f", "csv"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}

}  // namespace
}  // namespace plan
