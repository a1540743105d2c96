// Calibrating a self-hosted deployment: fit the engine's efficiency factors for the GPU's
// family (compute, memory, step overhead) so that the roofline (perf/StepModel) reproduces
// the TTFT and TPOT a probe measured across its load levels. This is why probe/ depends on
// perf/ as well as util/ and catalog/.
//
// Steady-state model of a level with C requests in flight (C = the concurrency, or rate x
// mean e2e by Little's law in rate mode), mean input I and output O tokens, context
// I + O/2 while decoding, D(n) = the step time of n decodes, P = the steps that prefill one
// prompt fused with C - 1 decodes (chunks of the engine's token budget):
//   X    = P - k D(C - 1)           the engine time one prefill adds (k = its chunks)
//   TTFT = P + D(C - 1) / 2 + W      the prefill, after half a running step and a wait W for
//                                    other prefills: M/D/1, W = rho / (2 (1 - rho)) X with
//                                    rho = lambda X, lambda = the other requests' arrival rate
//                                    ((C - 1) / e2e closed loop, the rate open loop)
//   TPOT = D(C) + (C - 1) X / O      the others' prefills, spread over one request's O steps
// Fit: minimise the sum of squared relative errors of mean TTFT and mean TPOT over the
// levels (least squares). The step overhead enters every prediction linearly and is solved in
// closed form for each (compute, memory); those two are searched on a 0.05 grid over
// [0.02, 1], then refined by Levenberg-Marquardt (Eigen) from the 5 best grid points. A 1e-6
// pull toward the catalog's figures breaks ties when the probe cannot tell a parameter (e.g.
// compute efficiency when every prefill is memory-bound).
#pragma once

#include <string>
#include <vector>

#include "catalog/engine_profile.h"
#include "perf/deployment.h"
#include "probe/probe_result.h"
#include "util/status.h"

namespace plan {

// Means over one level's successful requests.
struct LevelObservation {
  int level = 0;
  double in_flight = 0;
  double other_arrivals_per_s = 0;  // other requests' arrivals, as one request sees them
  double input_tokens = 0;
  double output_tokens = 0;
  double ttft_s = 0;
  double tpot_s = 0;
};

struct LevelPrediction {
  double ttft_s = 0;
  double tpot_s = 0;
};

struct RooflineFit {
  Efficiency before;  // the engine's entry for the GPU's family (or its default)
  Efficiency after;   // the same, family set to the GPU's, compute/memory/step overhead fitted
  std::vector<LevelObservation> levels;
  std::vector<LevelPrediction> predicted_before, predicted_after;
  double rms_relative_error_before = 0;  // over every level's TTFT and TPOT
  double rms_relative_error_after = 0;
  std::vector<std::string> warnings;
};

// Predicted mean TTFT and TPOT of one level. REQUIRES: every pointer of `d` set.
Result<LevelPrediction> PredictLevel(const Deployment& d, const LevelObservation& level);

// REQUIRES: every pointer of `d` set. Fails (Status::Invalid naming `probe_path`) when no
// level has a successful request with 2 or more output tokens.
Result<RooflineFit> FitRoofline(const ProbeResult& probe, const std::string& probe_path,
                                const Deployment& d);

// A catalog overlay holding a copy of `engine` whose [[engine.efficiency]] for the fitted
// family is replaced (or added) by fit.after, with the probe's endpoint and date recorded. It
// writes every key catalog/parse_engine.cc reads; a key added there must be added here (the
// overlay test compares the reloaded entry field by field).
std::string EngineOverlayToml(const EngineProfile& engine, const RooflineFit& fit,
                              const ProbeResult& probe, const Deployment& d);

}  // namespace plan
