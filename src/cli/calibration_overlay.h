// Catalog loading for commands that take calibration overlays (plan simulate --calibration):
// the embedded catalog, then each --catalog directory, then each calibration file, each a
// layer of its own, so a later one replaces entries of an earlier one with the same id.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "util/status.h"

namespace plan {

Result<Catalog> LoadCatalogWithCalibration(const std::vector<std::string>& catalog_dirs,
                                           const std::vector<std::string>& calibration_files);

}  // namespace plan
