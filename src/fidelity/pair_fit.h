// Fitting the catalog to the evidence (issue 10, item 5): each engine x GPU-family pair's
// efficiencies and overheads to the serving rows of that pair, each GPU's interconnect to its
// all-reduce rows; and the error of given catalog figures over the same rows.
//
// The fit minimises the weighted sum of squared log errors, log(predicted / measured), with
// each publication (source_id) weighted 1 / sqrt(its rows in the pair) so that one large
// table does not drown the others; the solver is util/least_squares.h (Levenberg-Marquardt
// from several starts, in a box). The errors recorded are unweighted, over every row.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/engine_profile.h"
#include "catalog/gpu_spec.h"
#include "fidelity/predict.h"
#include "util/error_stats.h"

namespace plan {

struct RowResult {
  const EvidenceRow* row = nullptr;
  double predicted = 0;
};

// The rows of one engine x family pair (serving rows) or one GPU (all-reduce rows).
struct EvidenceGroup {
  std::string key;     // "vllm/hopper" or "allreduce/h100-sxm"
  std::string engine;  // "" for all-reduce groups
  std::string family;
  std::string gpu;  // all-reduce groups
  std::vector<const EvidenceRow*> rows;
  std::map<std::string, int> rows_per_source;
  std::string Description() const;  // the evidence_set text recorded in the catalog
};

// Mappable rows grouped by pair (the GPU's catalog family) and all-reduce rows by GPU, in key
// order; `skipped` (optional) gets each skip reason with its count.
std::vector<EvidenceGroup> GroupEvidence(const Predictor& predictor,
                                         const std::vector<EvidenceRow>& rows,
                                         std::map<std::string, int>* skipped = nullptr);

// Predictions and error of `engine` (its entry for the group's family) over a serving group.
Result<std::vector<RowResult>> EvaluatePair(const Predictor& predictor, const EngineProfile& engine,
                                            const EvidenceGroup& group);
// The same for an all-reduce group on `gpu`.
std::vector<RowResult> EvaluateInterconnect(const Predictor& predictor, const GpuSpec& gpu,
                                            const EvidenceGroup& group);
ErrorStats StatsOf(const std::vector<RowResult>& results);

struct PairFit {
  Efficiency efficiency;  // family = the group's, fitted figures and fidelity fields set
  ErrorStats stats;
};
// Fits compute, memory, kernel_overhead, eager_kernel_overhead and step_overhead, starting from
// `base` (its family is set to the group's); with overheads_fixed, only compute and memory, the
// overheads kept at base's (a pair with few rows cannot tell them apart).
Result<PairFit> FitPair(const Predictor& predictor, const EngineProfile& engine,
                        const EvidenceGroup& group, const Efficiency& base, bool overheads_fixed);

struct InterconnectFit {
  Interconnect interconnect;
  ErrorStats stats;
};
// Fits custom_latency, nccl_latency and efficiency (custom_max_gpus kept).
Result<InterconnectFit> FitInterconnect(const Predictor& predictor, const GpuSpec& gpu,
                                        const EvidenceGroup& group);

// `engine` with its entry for `family` replaced (or added) by `e`.
EngineProfile WithEfficiency(const EngineProfile& engine, const Efficiency& e);

}  // namespace plan
