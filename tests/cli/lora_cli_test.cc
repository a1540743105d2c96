// Fine-tuned model serving through the CLI: the worked scenario's three alternatives.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "testing/run_cli.h"

namespace plan {

using test::CliRun;
using test::RunCli;

TEST_CASE("lora-adapters: multi-LoRA, dedicated and hosted fine-tunes on the same requests",
          "[scenario][lora]") {
  CliRun r = RunCli({"simulate", std::string(PLAN_SOURCE_DIR) + "/scenarios/lora-adapters.toml",
                     "--no-bounds", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& c = j["candidates"];
  REQUIRE(c.size() == 4);
  REQUIRE(c[0]["name"] == "multi-lora-1xh100");
  REQUIRE(c[1]["name"] == "dedicated-50xh100");
  for (const auto& row : c) CHECK(row["requests"]["total"] == c[0]["requests"]["total"]);
  // The shared base loads adapters (8 GPU slots for 50 Zipf adapters); all 50 stay on the host.
  REQUIRE(c[0].contains("lora"));
  CHECK(c[0]["lora"]["adapters"] == 50);
  CHECK(c[0]["lora"]["loads"].get<int64_t>() > 8);
  CHECK(c[0]["lora"]["disk_loads"] == 0);
  // Dedicated: 50 merged replicas, no LoRA loads, every replica paid for.
  CHECK_FALSE(c[1].contains("lora"));
  CHECK(c[1]["resources"]["replicas"] == 50);
  CHECK(c[1]["cost"]["usd_per_month"].get<double>() ==
        Approx(50 * c[0]["cost"]["usd_per_month"].get<double>()).epsilon(1e-3));
  CHECK(j["recommendation"] == "multi-lora-1xh100");
}

TEST_CASE("lora-adapters: break-even keeps the dedicated fleet at one replica per adapter",
          "[breakeven][lora]") {
  CliRun r = RunCli(
      {"breakeven", std::string(PLAN_SOURCE_DIR) + "/scenarios/lora-adapters.toml", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& curve : j["curves"]) {
    if (curve["name"] != "dedicated-50xh100") continue;
    found = true;
    CHECK_FALSE(curve["resized"].get<bool>());
    for (const auto& p : curve["points"]) {
      CHECK(p["gpus"] == 50);
      CHECK(p["usd_per_month"] == curve["points"][0]["usd_per_month"]);
    }
  }
  CHECK(found);
}

}  // namespace plan
