#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "testing/fleet_scenario.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

TEST_CASE("plan breakeven -f json sweeps the volumes asked for", "[breakeven][cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", test::kFleetScenario);
  test::CliRun r = test::RunCli({"breakeven", scenario, "--min-rate", "0.5", "--max-rate", "2",
                                 "--points", "3", "--gpu-price-factor", "0.5", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["schema"] == "plan.breakeven/v1");
  CHECK(j["grid_rps"] == nlohmann::json::array({0.5, 1.0, 2.0}));
  CHECK(j["workload"]["tokens_per_request"] == 110.0);
  REQUIRE(j["curves"].size() == 1);
  REQUIRE(j["curves"][0]["points"].size() == 3);
  // One GPU at $2/h for 730.5 h: $1,461 a month at every volume.
  for (const auto& p : j["curves"][0]["points"]) {
    CHECK(p["replicas"] == 1);
    CHECK(p["usd_per_month"] == 1461.0);
  }
  REQUIRE(j["sensitivity"].size() == 1);
  CHECK(j["sensitivity"][0]["gpu_price_factor"] == 0.5);
  CHECK(j["base"]["bands"][0]["cheapest"] == "fleet");
}

TEST_CASE("plan breakeven rejects too few points and an unknown format with exit 2",
          "[breakeven][cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", test::kFleetScenario);
  test::CliRun r = test::RunCli({"breakeven", scenario, "--points", "1"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "--points 1 is too few: a sweep needs at least 2 volumes\n");
  r = test::RunCli({"breakeven", scenario, "-f", "jsn"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown break-even format 'jsn'; did you mean 'json'?\n");
  // 0 is the default (from each fleet's capacity bound), not something to ask for.
  r = test::RunCli({"breakeven", scenario, "--max-replicas", "0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "--max-replicas: must be a number > 0, not '0'\nRun with --help for more information.\n");
}

TEST_CASE("plan breakeven leaves out candidates lacking what require asks for, and says so",
          "[breakeven][cli]") {
  test::ScratchDir dir;
  const std::string groq =
      "[[candidate]]\nname = \"groq\"\nkind = \"api\"\noffer = \"groq/llama-3.1-8b-instant\"\n";
  // The fleet on AWS (in the customer's VPC) keeps the data; Groq publishes no zero retention.
  std::string fleet = test::kFleetScenario;
  fleet.replace(fleet.find("kind = \"self_hosted\""), 0, "cloud = \"aws\"\n");
  const std::string scenario =
      dir.Write("s.toml", "require = [\"zero_data_retention\"]\n" + fleet + groq);
  test::CliRun r = test::RunCli({"breakeven", scenario, "--points", "2", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j["curves"].size() == 1);
  CHECK(j["curves"][0]["name"] == "fleet");
  CHECK(j["notes"].back() ==
        "not swept, lacking what require = [zero_data_retention] asks for: 'groq' "
        "(groq/llama-3.1-8b-instant lacks zero_data_retention (unknown))");
  // Nothing left to sweep (a fleet naming no cloud has no HIPAA statement): an input error.
  const std::string none =
      dir.Write("none.toml", "require = [\"hipaa\", \"zero_data_retention\"]\n" +
                                 std::string(test::kFleetScenario) + groq);
  r = test::RunCli({"breakeven", none, "--points", "2"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == none +
                     ": every candidate lacks what require = [hipaa, zero_data_retention] asks "
                     "for, so there is nothing to sweep: 'fleet' (the fleet lacks hipaa "
                     "(unknown)), 'groq' (groq/llama-3.1-8b-instant lacks zero_data_retention "
                     "(unknown))\n");
}

}  // namespace plan
