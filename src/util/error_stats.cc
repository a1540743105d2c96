#include "util/error_stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace plan {

ErrorStats ComputeErrorStats(const std::vector<double>& predicted,
                             const std::vector<double>& measured) {
  assert(predicted.size() == measured.size());
  ErrorStats s;
  s.rows = static_cast<int>(predicted.size());
  if (s.rows == 0) return s;
  std::vector<double> abs_log;
  double sum_sq = 0, sum_abs = 0, sum_log = 0;
  for (size_t i = 0; i < predicted.size(); ++i) {
    assert(predicted[i] > 0 && measured[i] > 0);
    const double r = predicted[i] / measured[i];
    const double l = std::log(r);
    sum_sq += l * l;
    sum_abs += std::fabs(r - 1);
    sum_log += l;
    s.worst_ratio = std::max(s.worst_ratio, std::max(r, 1 / r));
    abs_log.push_back(std::fabs(l));
  }
  s.mape = sum_abs / s.rows;
  s.rms_log = std::sqrt(sum_sq / s.rows);
  s.mean_log = sum_log / s.rows;
  std::sort(abs_log.begin(), abs_log.end());
  const size_t rank = static_cast<size_t>(std::ceil(0.9 * s.rows));  // nearest rank, 1-based
  s.p90_abs_log = abs_log[std::max<size_t>(rank, 1) - 1];
  return s;
}

double ErrorPctFromStats(const ErrorStats& s) {
  const double pct = std::ceil(100 * (std::exp(s.p90_abs_log) - 1) - 1e-9);
  return std::max(kMinErrorPct, pct);
}

}  // namespace plan
