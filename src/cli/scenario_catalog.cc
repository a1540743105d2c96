#include "cli/scenario_catalog.h"

#include <optional>

#include "cli/calibration_overlay.h"
#include "util/toml_reader.h"

namespace plan {

bool LooksFleetOnly(const std::string& text) {
  Diagnostics ignored;
  std::optional<toml::table> doc = ParseToml(text, "", &ignored);
  if (!doc || doc->contains("require")) return false;
  const toml::node* candidates = doc->get("candidate");
  if (!candidates) return true;
  const toml::array* list = candidates->as_array();
  if (!list) return false;
  for (const toml::node& c : *list) {
    const toml::table* t = c.as_table();
    const toml::value<std::string>* kind = t ? t->get_as<std::string>("kind") : nullptr;
    if (!kind || **kind != "self_hosted" || t->contains("cloud") || t->contains("region") ||
        t->contains("failover"))
      return false;
  }
  return true;
}

bool UsesFleetPartsOnly(const Scenario& scenario) {
  if (!scenario.require.empty()) return false;
  for (const CandidateSpec& c : scenario.candidates)
    if (c.kind != CandidateKind::kSelfHosted || !c.self_hosted.cloud.empty() ||
        !c.self_hosted.region.empty() || c.failover.enabled)
      return false;
  return true;
}

Result<ScenarioWithCatalog> LoadScenarioWithCatalog(
    const std::string& text, const std::string& path, const std::vector<std::string>& catalog_dirs,
    const std::vector<std::string>& calibration_files) {
  if (catalog_dirs.empty() && calibration_files.empty() && LooksFleetOnly(text)) {
    Result<Catalog> fleet = LoadCatalogWithOverlays({}, kFleetCatalogParts);
    if (!fleet.ok()) return fleet.status();
    Result<Scenario> scenario = ParseScenario(text, path, *fleet);
    if (scenario.ok() && UsesFleetPartsOnly(*scenario))
      return ScenarioWithCatalog{std::move(fleet).value(), std::move(scenario).value()};
  }
  Result<Catalog> catalog = LoadCatalogWithCalibration(catalog_dirs, calibration_files);
  if (!catalog.ok()) return catalog.status();
  Result<Scenario> scenario = ParseScenario(text, path, *catalog);
  if (!scenario.ok()) return scenario.status();
  return ScenarioWithCatalog{std::move(catalog).value(), std::move(scenario).value()};
}

}  // namespace plan
