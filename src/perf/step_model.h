// The roofline model of one engine iteration (DESIGN.md "The roofline model").
//
// A step's time is the sum over its kernels of
//   max(FLOPs / (peak[dtype] x compute eff.), bytes / (HBM bandwidth x memory eff.)) + launches x
//   kernel overhead,
// plus all-reduce and pipeline transfers over the scale-up link and one step overhead. Efficiencies
// and overheads come from the engine profile for the GPU's family. Prefill chunks and decodes run
// as one fused batch (as vLLM does): GEMMs see all their tokens, attention is split into a prefill
// and a decode kernel.
//
// Pipeline parallelism: a step passes through the pp stages one after another, with no
// micro-batch overlap, so its time is the sum of every stage's layers plus pp - 1 activation
// sends; pp saves memory, not step time (vLLM overlaps pp batches with virtual engines; we don't).
#pragma once

#include "perf/batch_shape.h"
#include "perf/deployment.h"
#include "perf/memory_plan.h"
#include "perf/step_breakdown.h"
#include "perf/step_coefficients.h"
#include "util/status.h"

namespace plan {

class StepModel {
 public:
  // Precomputes every per-configuration constant. Fails (Status::Invalid) for tp/pp that do not
  // divide heads/layers, a compute dtype the GPU has no peak for, tp or pp > 1 on a GPU without a
  // link bandwidth. A model that does not fit is not a failure: see memory().fits.
  // REQUIRES: every pointer of `d` set.
  static Result<StepModel> Create(const Deployment& d);

  // Seconds for one engine iteration; 0 for an empty batch. Hot: no allocation, no virtual call.
  double StepTimeS(const BatchShape& b) const;
  // A floor under StepTimeS of every non-empty batch: what any step pays whatever its tokens
  // (the step overhead and reading the attention projections' and dense MLPs' weights), a
  // millionth less for rounding.
  double MinStepTimeS() const;

  // The same figure kernel by kernel; its time_s is exactly StepTimeS(b).
  StepBreakdown Explain(const BatchShape& b) const;

  const MemoryPlan& memory() const { return memory_; }
  const Deployment& deployment() const { return deployment_; }
  const StepCoefficients& coefficients() const { return k_; }

 private:
  StepModel() = default;
  Deployment deployment_;
  MemoryPlan memory_;
  StepCoefficients k_;
};

}  // namespace plan
