// What the simulator predicts for one evidence row, in the row's own unit (issue 10, item 1):
//   offline static batch     B prompts of ISL tokens prefilled (whole prompts within the token
//                            budget per step), then OSL - 1 decode steps of B sequences; the
//                            batch's seconds, or tokens/s over it
//   offline, all at once     the steady state of a saturated engine (SteadyOfflineTokensPerS)
//   online, fixed concurrency the steady-state level model of plan calibrate (PredictLevel):
//                            TTFT, TPOT; throughput = C x OSL / e2e
//   online burst (10 prompts) a prefill step of the burst (TTFT), a decode step of 10 (TPOT;
//                            x10 for vLLM 0.6's 10-token multi-step ITL)
//   single request, llama-bench  the step model at that shape: pp N = N prompt tokens in
//                            micro-batches of 512, tg N = N decode steps of one sequence
//   all-reduce               the communication model (perf/allreduce.h)
// Rows the model cannot represent are skipped with a reason (SkipReason).
#pragma once

#include <map>
#include <string>

#include "catalog/catalog.h"
#include "fidelity/evidence.h"
#include "util/status.h"

namespace plan {

class Predictor {
 public:
  explicit Predictor(const Catalog& catalog) : catalog_(catalog) {}

  // "" when `row` maps onto the model; else why not (an id the catalog lacks, lengths given
  // as a dataset, a configuration plan refuses, ...).
  std::string SkipReason(const EvidenceRow& row) const;

  // The prediction for a serving row with `engine` (the catalog's, or a copy with trial
  // efficiencies). REQUIRES: SkipReason(row) empty, row.set != "allreduce".
  Result<double> Predict(const EvidenceRow& row, const EngineProfile& engine) const;

  // The prediction for an all-reduce row on `gpu` (the catalog's, or a copy with a trial
  // interconnect), microseconds. REQUIRES: SkipReason(row) empty, row.set == "allreduce".
  double PredictAllReduceUs(const EvidenceRow& row, const GpuSpec& gpu) const;

  const Catalog& catalog() const { return catalog_; }
  // Predictions use `gpu` in place of the catalog's entry with its id (a fitted interconnect).
  void OverrideGpu(const GpuSpec& gpu) { gpus_[gpu.id] = gpu; }
  const GpuSpec* FindGpu(const std::string& id) const;

 private:
  const Catalog& catalog_;
  std::map<std::string, GpuSpec> gpus_;
};

// Whether an all-reduce row times an engine's custom kernel replayed from a CUDA graph (as
// opposed to NCCL); eager launches of those kernels are skipped.
bool IsCustomAllReduce(const EvidenceRow& row);

}  // namespace plan
