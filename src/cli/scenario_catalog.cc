#include "cli/scenario_catalog.h"

#include "cli/calibration_overlay.h"

namespace plan {

Result<ScenarioWithCatalog> LoadScenarioWithCatalog(
    const std::string& text, const std::string& path, const std::vector<std::string>& catalog_dirs,
    const std::vector<std::string>& calibration_files) {
  Result<Catalog> catalog = LoadCatalogWithCalibration(catalog_dirs, calibration_files);
  if (!catalog.ok()) return catalog.status();
  Result<Scenario> scenario = ParseScenario(text, path, *catalog);
  if (!scenario.ok()) return scenario.status();
  return ScenarioWithCatalog{std::move(catalog).value(), std::move(scenario).value()};
}

}  // namespace plan
