// The catalog and the scenario of a command that runs one (plan simulate, search, breakeven),
// loaded together so that a scenario of self-hosted fleets alone reads only the catalog files
// its fleets can use: the models, gpus, quants and engines, about half of the embedded TOML and
// half of the catalog's share of start-up (issue 15). Any other scenario, an overlay, a
// calibration file, or an error in the scenario loads the whole catalog, so that its output and
// its error messages (which suggest names from every part) are the same as a full load gives.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "scenario/scenario.h"
#include "util/status.h"

namespace plan {

// What a self-hosted fleet reads from the catalog (engines are checked against gpus and quants).
inline constexpr unsigned kFleetCatalogParts =
    kCatalogGpus | kCatalogModels | kCatalogQuants | kCatalogEngines;

// A first look at the scenario's TOML, before any catalog is read: every [[candidate]] is
// `kind = "self_hosted"` with no cloud, region or failover, and there is no top-level
// `require`. False for text that is not valid TOML. Only a guess: UsesFleetPartsOnly decides.
bool LooksFleetOnly(const std::string& text);

// Whether the parsed scenario uses no catalog part beyond kFleetCatalogParts: every candidate a
// self-hosted fleet with no cloud, region or failover chain (those name regions, clouds and
// offers), and no compliance requirement (checked against clouds, regions and offers).
bool UsesFleetPartsOnly(const Scenario& scenario);

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
