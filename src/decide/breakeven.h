// Break-even: at what traffic volume does one candidate become cheaper than another? Sweeps the
// workload's volume over a log-spaced grid, re-sizes fixed fleets at every volume
// (VolumeSweep), and finds crossovers and cheapest-candidate bands at catalog prices and under
// price changes (FindCrossovers).
#pragma once

#include <vector>

#include "decide/evaluator.h"
#include "report/breakeven_report.h"

namespace plan {

struct PriceFactors {
  double gpu = 1;  // multiplies GPU-hour prices (self-hosted fleets)
  double api = 1;  // multiplies per-request prices (api candidates)
};

// GPU -30%, GPU +30%, API -50%, API +50%.
const std::vector<PriceFactors>& DefaultSensitivity();

// Without a range, volumes span the workload's own rate divided and multiplied by this.
inline constexpr double kDefaultVolumeSpan = 10;

struct BreakevenOptions {
  double min_rps = 0;  // 0 = workload rate / kDefaultVolumeSpan
  double max_rps = 0;  // 0 = workload rate x kDefaultVolumeSpan
  int points = 9;      // log-spaced grid volumes, both ends included; >= 2
  // A fleet missing the SLO with this many is infeasible there; 0 = 4x the replicas its
  // capacity bound (or a lower volume, scaled) needs at that volume, at least kMinReplicaLimit
  // (decide/volume_sweep.h).
  int32_t max_replicas = 0;
  // Empty = DefaultSensitivity(), less the cases that change no candidate's price.
  std::vector<PriceFactors> sensitivity;
  int threads = 1;  // candidates swept at once; output does not depend on it
};

// Errors: the workload has no volume (offline), min >= max, fewer than 2 points, and any
// candidate's simulation error.
Result<BreakevenReport> RunBreakeven(const Scenario& scenario, const BreakevenOptions& options,
                                     const CandidateEvaluator& evaluate);

// `n` volumes from lo to hi, equally spaced in log volume; ends exact.
// REQUIRES: 0 < lo < hi, n >= 2.
std::vector<double> LogGrid(double lo, double hi, int n);

}  // namespace plan
