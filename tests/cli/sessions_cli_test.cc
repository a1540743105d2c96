// Stateful serving through the CLI: the worked scenario and its bad inputs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::CliRun;
using test::RunCli;
using test::ScratchDir;

namespace {

const char* kSessionsWorkload =
    "name = \"t\"\n"
    "[workload.generator]\narrival = \"poisson\"\nrate_per_s = 1\nrequests = 20\n"
    "input_tokens = { dist = \"fixed\", value = 100 }\n"
    "output_tokens = { dist = \"fixed\", value = 10 }\n"
    "[workload.sessions]\nturns = { dist = \"fixed\", value = 3 }\nthink_time_s = 5\n";

const char* kCandidate =
    "[[candidate]]\nname = \"a\"\nkind = \"self_hosted\"\n"
    "model = \"llama-3.1-8b-instruct\"\ngpu = \"h100-sxm\"\n";

}  // namespace

TEST_CASE("the multi-turn agent keeps conversations on their replica", "[scenario]") {
  CliRun r = RunCli({"simulate", std::string(PLAN_SOURCE_DIR) + "/scenarios/multi-turn-agent.toml",
                     "--no-bounds", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& c = j["candidates"];
  REQUIRE(c.size() == 3);
  REQUIRE(c[0]["name"] == "8b-h100-x2-session-affinity");
  REQUIRE(c[1]["name"] == "8b-h100-x2-round-robin");
  // Same traffic, same GPUs: round-robin recomputes histories the affinity router finds cached,
  // and its TTFT p99 misses the 150 ms SLO.
  CHECK(c[0]["requests"]["total"] == c[1]["requests"]["total"]);
  CHECK(c[0]["latency"]["ttft_s"]["p99"].get<double>() <= 0.15);
  CHECK(c[1]["latency"]["ttft_s"]["p99"].get<double>() > 0.15);
  CHECK(j["recommendation"] == "8b-h100-x2-session-affinity");
  // The report says what it assumed: the state store's reads on every candidate, and the
  // warmed fleet's 2,048-token system prompt as 4 blocks of 512.
  auto says = [](const nlohmann::json& row, const std::string& text) {
    for (const auto& a : row["assumptions"])
      if (a.get<std::string>().find(text) != std::string::npos) return true;
    return false;
  };
  for (const auto& row : c) CHECK(says(row, "lognormal p50 1 ms, p99 5 ms"));
  CHECK(says(c[2], "the system prompt's 4 block(s) of 512 tokens"));
  CHECK_FALSE(says(c[0], "cache warming"));
}

TEST_CASE("session input errors exit 2 with path:line:col", "[scenario]") {
  ScratchDir dir;
  std::string no_prompt = dir.Write(
      "warm.toml", std::string(kSessionsWorkload) + kCandidate + "warm_system_prompt = true\n");
  CliRun r = RunCli({"simulate", no_prompt});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(no_prompt +
                   ":16:22: candidate 'a': warm_system_prompt needs a system prompt of at least "
                   "one 512-token prefix block; give [workload.sessions] system_prompt_tokens") !=
        std::string::npos);
  std::string text = kSessionsWorkload;
  text.replace(text.find("think_time_s = 5"), 16, "think_time_s = -2");
  std::string negative = dir.Write("neg.toml", text + kCandidate);
  r = RunCli({"simulate", negative});
  CHECK(r.exit_code == 2);
  CHECK(
      r.err.find(negative + ":10:16: 'think_time_s' in [workload.sessions] must be >= 0, not -2") !=
      std::string::npos);
}

}  // namespace plan
