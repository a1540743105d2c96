#include "cli/calibration_overlay.h"

#include "util/files.h"

namespace plan {

Result<Catalog> LoadCatalogWithCalibration(const std::vector<std::string>& catalog_dirs,
                                           const std::vector<std::string>& calibration_files) {
  if (calibration_files.empty()) return LoadCatalogWithOverlays(catalog_dirs);
  std::vector<std::vector<CatalogSource>> layers = {EmbeddedCatalogSources()};
  for (const std::string& dir : catalog_dirs) {
    Result<std::vector<CatalogSource>> sources = ReadCatalogDir(dir);
    if (!sources.ok()) return sources.status();
    layers.push_back(std::move(sources).value());
  }
  for (const std::string& path : calibration_files) {
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    layers.push_back({CatalogSource{path, std::move(text).value()}});
  }
  return LoadCatalog(layers);
}

}  // namespace plan
