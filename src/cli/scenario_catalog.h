// The catalog and the scenario of a command that runs one (plan simulate, search, breakeven),
// loaded together: the embedded catalog (from its image where there is no overlay), each
// --catalog directory and each --calibration file, then the scenario parsed against them.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "scenario/scenario.h"
#include "util/status.h"

namespace plan {

struct ScenarioWithCatalog {
  Catalog catalog;
  Scenario scenario;
};

// The embedded catalog overlaid by each of `catalog_dirs` then each of `calibration_files`
// (each a layer: later entries replace earlier ones with the same id), and `text` parsed
// against it as the scenario at `path`.
Result<ScenarioWithCatalog> LoadScenarioWithCatalog(
    const std::string& text, const std::string& path, const std::vector<std::string>& catalog_dirs,
    const std::vector<std::string>& calibration_files = {});

}  // namespace plan
