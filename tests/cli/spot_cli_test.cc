// plan simulate with spot candidates: a missing interruption model exits 2 with path:line:col,
// and the report carries the interruptions in JSON and under the table.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "testing/run_cli.h"

namespace plan {
namespace {

const std::string kScenario = R"(name = "spot"
seed = 3
[workload.generator]
arrival = "offline"
requests = 40
input_tokens = { dist = "fixed", value = 500 }
output_tokens = { dist = "fixed", value = 50 }
[[candidate]]
name = "s"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
pricing = "spot"
)";

TEST_CASE("spot without an interruption model exits 2", "[cli][spot]") {
  const test::CliRun run = test::RunCliWithStdin({"simulate", "-"}, kScenario);
  CHECK(run.exit_code == 2);
  CHECK(run.out == "");
  CHECK(run.err ==
        "<stdin>:14:11: candidate 's': spot capacity can be reclaimed; say how often with a "
        "[candidate.interruptions] table (rate_per_hour, notice_s, replacement_s; published "
        "figures in catalog/evidence/spot_interruptions.toml), or price it without "
        "interruptions with "
        "interruptions = \"none\"\n"
        "  pricing = \"spot\"\n"
        "            ^\n");
}

TEST_CASE("a spot report counts interruptions in JSON and under the table", "[cli][spot]") {
  const std::string text =
      kScenario + "[candidate.interruptions]\nrate_per_hour = 0\nreplacement_s = 60\n";
  const test::CliRun json = test::RunCliWithStdin({"simulate", "-", "-f", "json"}, text);
  REQUIRE(json.exit_code == 0);
  const nlohmann::json r = nlohmann::json::parse(json.out);
  const nlohmann::json& in = r["candidates"][0]["interruptions"];
  CHECK(in["count"] == 0);
  CHECK(in["requests_restarted"] == 0);
  CHECK(in["recomputed_prefill_tokens"] == 0);
  CHECK(in["recomputed_decode_tokens"] == 0);
  CHECK(in["recomputed_cost_usd"] == 0.0);
  const test::CliRun table = test::RunCliWithStdin({"simulate", "-", "--no-bounds"}, text);
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("\nSpot interruptions (a reclaimed replica's requests restart from "
                       "scratch; the cost is the engine time thrown away):\n  s: 0 interruptions, "
                       "0 requests restarted, 0 prompt + 0 output tokens recomputed, $0 (0.0% of "
                       "its cost)\n") != std::string::npos);
  // interruptions = "none": no interruptions object at all.
  const test::CliRun none = test::RunCliWithStdin({"simulate", "-", "-f", "json"},
                                                  kScenario + "interruptions = \"none\"\n");
  REQUIRE(none.exit_code == 0);
  CHECK_FALSE(nlohmann::json::parse(none.out)["candidates"][0].contains("interruptions"));
}

}  // namespace
}  // namespace plan
