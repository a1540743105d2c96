// A scenario of self-hosted fleets alone is parsed and run against the catalog's fleet parts
// (models, gpus, quants, engines) only; everything else, and every error, as with the full
// catalog (cli/scenario_catalog.h).
#include <catch2/catch.hpp>

#include "cli/scenario_catalog.h"
#include "report/report.h"
#include "run/run_scenario.h"
#include "testing/embedded_catalog.h"
#include "testing/fleet_scenario.h"
#include "util/files.h"

namespace plan {
namespace {

using test::kFleetScenario;

std::string With(const std::string& extra) { return kFleetScenario + extra; }

TEST_CASE("The first look at a scenario finds the ones made of self-hosted fleets alone",
          "[scenario_catalog]") {
  CHECK(LooksFleetOnly(kFleetScenario));
  CHECK(LooksFleetOnly("name = \"search only\"\n[search]\nmodel = \"x\"\n"));
  CHECK_FALSE(LooksFleetOnly(With("cloud = \"aws\"\n")));
  CHECK_FALSE(LooksFleetOnly(With("region = \"us-east\"\n")));
  CHECK_FALSE(LooksFleetOnly(With("failover = { chain = [\"b\"] }\n")));
  CHECK_FALSE(LooksFleetOnly(With("[[candidate]]\nname = \"b\"\nkind = \"api\"\n")));
  CHECK_FALSE(LooksFleetOnly(With("[[candidate]]\nname = \"b\"\n")));  // no kind
  CHECK_FALSE(LooksFleetOnly("require = [\"hipaa\"]\n" + std::string(kFleetScenario)));
  CHECK_FALSE(LooksFleetOnly("candidate = 3\n"));
  CHECK_FALSE(LooksFleetOnly("name = \n"));  // not TOML
}

TEST_CASE("A fleet scenario reads only the fleet parts and runs as with the full catalog",
          "[scenario_catalog]") {
  Result<ScenarioWithCatalog> loaded = LoadScenarioWithCatalog(kFleetScenario, "fleet.toml", {});
  REQUIRE(loaded.ok());
  CHECK(UsesFleetPartsOnly(loaded->scenario));
  const Catalog& fleet = loaded->catalog;
  const Catalog& full = test::EmbeddedCatalog();
  CHECK(fleet.offers().empty());
  CHECK(fleet.regions().empty());
  CHECK(fleet.clouds().empty());
  CHECK(fleet.GpuIds() == full.GpuIds());
  CHECK(fleet.ModelIds() == full.ModelIds());
  CHECK(fleet.QuantIds() == full.QuantIds());
  CHECK(fleet.EngineIds() == full.EngineIds());

  Result<Scenario> scenario = ParseScenario(kFleetScenario, "fleet.toml", full);
  REQUIRE(scenario.ok());
  RunOptions run;
  run.threads = 1;
  Result<Report> from_fleet = RunScenario(loaded->scenario, fleet, run);
  Result<Report> from_full = RunScenario(*scenario, full, run);
  REQUIRE(from_fleet.ok());
  REQUIRE(from_full.ok());
  CHECK(RenderReport(*from_fleet, ReportFormat::kJson) ==
        RenderReport(*from_full, ReportFormat::kJson));
}

TEST_CASE("Any other scenario reads the whole catalog", "[scenario_catalog]") {
  Result<std::string> text = ReadFile("scenarios/api-vs-selfhost.toml");
  REQUIRE(text.ok());
  Result<ScenarioWithCatalog> loaded =
      LoadScenarioWithCatalog(*text, "scenarios/api-vs-selfhost.toml", {});
  REQUIRE(loaded.ok());
  CHECK_FALSE(UsesFleetPartsOnly(loaded->scenario));
  CHECK(loaded->catalog.OfferIds() == test::EmbeddedCatalog().OfferIds());
  CHECK(loaded->catalog.RegionIds() == test::EmbeddedCatalog().RegionIds());
}

TEST_CASE("An error in a fleet scenario reads as the full catalog reports it",
          "[scenario_catalog]") {
  // An unknown key, reported with the rest of the scenario's errors.
  const std::string text = With(
      "[[candidate]]\nname = \"b\"\nkind = \"self_hosted\"\nmodel = \"llama-3.1-8b-instruct\"\n"
      "gpu = \"h100-sxm\"\nquant = \"fp8\"\n"
      "fallback_model = 1\n");
  Result<ScenarioWithCatalog> loaded = LoadScenarioWithCatalog(text, "fleet.toml", {});
  Result<Scenario> full = ParseScenario(text, "fleet.toml", test::EmbeddedCatalog());
  REQUIRE_FALSE(loaded.ok());
  REQUIRE_FALSE(full.ok());
  CHECK(loaded.status().message() == full.status().message());

  // A model name one letter off: the suggestion is the same as the full catalog gives.
  std::string typo = kFleetScenario;
  typo.replace(typo.find("llama-3.1-8b-instruct"), 21, "llama-3.1-8b-instrct");
  Result<ScenarioWithCatalog> typo_loaded = LoadScenarioWithCatalog(typo, "fleet.toml", {});
  Result<Scenario> typo_full = ParseScenario(typo, "fleet.toml", test::EmbeddedCatalog());
  REQUIRE_FALSE(typo_loaded.ok());
  REQUIRE_FALSE(typo_full.ok());
  CHECK(typo_loaded.status().message() == typo_full.status().message());
  CHECK(typo_loaded.status().message() ==
        "fleet.toml:18:9: candidate 'fleet': unknown model 'llama-3.1-8b-instrct'; did you mean "
        "'llama-3.1-8b-instruct'?\n"
        "  model = \"llama-3.1-8b-instrct\"\n"
        "          ^");
}

TEST_CASE("Every shipped fleet scenario passes both looks", "[scenario_catalog]") {
  for (const char* path : {"scenarios/default.toml", "scenarios/search.toml",
                           "scenarios/offline-batch.toml", "bench/startup-one-request.toml"}) {
    INFO(path);
    Result<std::string> text = ReadFile(path);
    REQUIRE(text.ok());
    CHECK(LooksFleetOnly(*text));
    Result<ScenarioWithCatalog> loaded = LoadScenarioWithCatalog(*text, path, {});
    REQUIRE(loaded.ok());
    CHECK(UsesFleetPartsOnly(loaded->scenario));
    CHECK(loaded->catalog.offers().empty());
  }
}

}  // namespace
}  // namespace plan
