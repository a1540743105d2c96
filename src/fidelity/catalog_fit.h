// plan fidelity --fit: every GPU's interconnect fitted to its all-reduce rows, then every
// engine x family pair with serving rows fitted to them (with the fitted interconnects), and
// every catalog entry without rows given borrowed figures with a widened error. The result is
// printed as TOML for catalog/gpus.toml and catalog/engines.toml.
//
// Borrowing (issue 10): an uncalibrated engine row takes the nearest fitted pair's figures:
// the same engine on the nearest family (kFamilyOrder), else the same family on the nearest
// engine (kEngineOrder). Its error_pct is the larger of the donor's and the transfer error:
// the 90th-percentile error of the donor's figures applied to the engine's other fitted
// families' rows (to other engines' rows of the donor's family when the engine has no other),
// which measures how far such figures travel. An uncalibrated interconnect borrows the
// nearest fitted GPU on the same kind of link the same way.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "fidelity/fidelity_report.h"

namespace plan {

struct FittedInterconnect {
  std::string gpu;
  Interconnect interconnect;
  ErrorStats stats;  // over its own rows (fitted) or the transfer rows (borrowed)
};

struct FittedEfficiency {
  std::string engine;
  Efficiency efficiency;
  ErrorStats stats;
};

struct CatalogFit {
  std::vector<FittedInterconnect> interconnects;
  std::vector<FittedEfficiency> efficiencies;
  std::map<std::string, int> skipped;
};

// `log` (optional) gets one progress line per group.
Result<CatalogFit> FitCatalog(const Catalog& catalog, const std::vector<EvidenceRow>& rows,
                              std::ostream* log);

// The fitted figures as [gpu.interconnect] and [[engine.efficiency]] blocks.
std::string CatalogFitToml(const CatalogFit& fit);

}  // namespace plan
