// How far predictions are from measurements, summarised the way the catalog records it
// (engines.toml [[engine.efficiency]], gpus.toml [gpu.interconnect]) and plan fidelity prints it.
#pragma once

#include <vector>

namespace plan {

struct ErrorStats {
  int rows = 0;
  double mape = 0;         // mean |predicted / measured - 1|
  double rms_log = 0;      // sqrt(mean(log(predicted / measured)^2))
  double worst_ratio = 1;  // max over rows of max(r, 1/r), r = predicted / measured
  double p90_abs_log = 0;  // 90th percentile of |log(predicted / measured)| (nearest rank)
  double mean_log = 0;     // mean log ratio: > 0 when predictions run high
};

// REQUIRES: predicted and measured the same size, every value > 0.
ErrorStats ComputeErrorStats(const std::vector<double>& predicted,
                             const std::vector<double>& measured);

// The band half-width in percent that reports apply to a fitted pair's predictions: the 90th
// percentile absolute error, 100 x (exp(p90 |log error|) - 1), rounded up to a whole percent,
// at least kMinErrorPct (no fit is better than the scatter of repeated runs of one benchmark).
inline constexpr double kMinErrorPct = 5;
double ErrorPctFromStats(const ErrorStats& s);

}  // namespace plan
