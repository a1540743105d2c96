// A scenario loaded with the catalog the binary carries (its image, where there is no overlay)
// runs and fails exactly as it does against the catalog parsed from the embedded TOML
// (cli/scenario_catalog.h).
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

TEST_CASE("A scenario runs against the image as against the TOML catalog", "[scenario_catalog]") {
  for (const char* path : {"scenarios/default.toml", "scenarios/api-vs-selfhost.toml",
                           "scenarios/multi-region.toml", "scenarios/hipaa.toml"}) {
    INFO(path);
    Result<std::string> text = ReadFile(path);
    REQUIRE(text.ok());
    Result<ScenarioWithCatalog> loaded = LoadScenarioWithCatalog(*text, path, {});
    REQUIRE(loaded.ok());
    CHECK(loaded->catalog == test::EmbeddedCatalog());
    Result<Scenario> scenario = ParseScenario(*text, path, test::EmbeddedCatalog());
    REQUIRE(scenario.ok());
    RunOptions run;
    run.threads = 1;
    Result<Report> from_image = RunScenario(loaded->scenario, loaded->catalog, run);
    Result<Report> from_toml = RunScenario(*scenario, test::EmbeddedCatalog(), run);
    REQUIRE(from_image.ok());
    REQUIRE(from_toml.ok());
    CHECK(RenderReport(*from_image, ReportFormat::kJson) ==
          RenderReport(*from_toml, ReportFormat::kJson));
  }
}

TEST_CASE("An error in a scenario reads as it does against the TOML catalog",
          "[scenario_catalog]") {
  // A model name one letter off: the suggestion comes from the image's ids.
  std::string typo = kFleetScenario;
  typo.replace(typo.find("llama-3.1-8b-instruct"), 21, "llama-3.1-8b-instrct");
  Result<ScenarioWithCatalog> loaded = LoadScenarioWithCatalog(typo, "fleet.toml", {});
  Result<Scenario> full = ParseScenario(typo, "fleet.toml", test::EmbeddedCatalog());
  REQUIRE_FALSE(loaded.ok());
  REQUIRE_FALSE(full.ok());
  CHECK(loaded.status().message() == full.status().message());
  CHECK(loaded.status().message() ==
        "fleet.toml:18:9: candidate 'fleet': unknown model 'llama-3.1-8b-instrct'; did you mean "
        "'llama-3.1-8b-instruct'?\n"
        "  model = \"llama-3.1-8b-instrct\"\n"
        "          ^");
}

}  // namespace
}  // namespace plan
