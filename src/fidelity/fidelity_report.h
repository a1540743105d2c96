// plan fidelity (issue 10, item 8): for every evidence group (an engine x GPU-family pair's
// serving rows, a GPU's all-reduce rows), predicted against measured and the error, checked
// against the tolerance the catalog records beside the figures.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "fidelity/pair_fit.h"

namespace plan {

struct GroupReport {
  EvidenceGroup group;
  std::vector<RowResult> rows;
  ErrorStats stats;
  // The recorded figures: the pair's [[engine.efficiency]] entry for the family, or the GPU's
  // [gpu.interconnect].
  std::string basis;
  int recorded_rows = 0;
  double recorded_rms_log = 0;
  double recorded_worst = 1;
  double recorded_pct = 0;
  double error_pct = 0;  // ErrorPctFromStats(stats): compared with recorded_pct
  // Why the group fails its tolerance; "" when it holds.
  std::string failure;
};

// The error over one publication's rows in one file (an evidence set), across groups.
struct SetReport {
  std::string key;  // "latency.csv: lambda-vllm-benchmark"
  ErrorStats stats;
};

struct FidelityReport {
  std::vector<GroupReport> groups;
  std::vector<SetReport> sets;         // in key order
  std::map<std::string, int> skipped;  // "set: reason" -> rows
  int rows_read = 0;
  int failures() const;
};

struct FidelityFilter {
  std::string engine;  // "" = all
  std::string family;
};

// Evaluates the catalog's figures over every group that passes the filter. A group fails when
// its error_pct or worst case grows past the recorded ones, when its row count differs from the
// recorded evidence_rows (the evidence changed: refit), or when its figures are not fitted.
Result<FidelityReport> BuildFidelityReport(const Catalog& catalog,
                                           const std::vector<EvidenceRow>& rows,
                                           const FidelityFilter& filter);

// format: table | json | md; with_rows adds every row's predicted and measured value.
std::string RenderFidelity(const FidelityReport& report, const std::string& format, bool with_rows);

}  // namespace plan
