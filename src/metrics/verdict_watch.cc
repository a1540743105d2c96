#include "metrics/verdict_watch.h"

#include <fmt/format.h>

#include <cmath>

#include "metrics/quantile_sketch.h"

namespace plan {

namespace {
constexpr double kGamma2 = QuantileSketch::kBucketRatio * QuantileSketch::kBucketRatio;
double Over(const std::optional<double>& bound) { return bound ? *bound * kGamma2 : 0.0; }
}  // namespace

int64_t TailCount(int64_t n) {
  if (n <= 0) return 0;
  // The same expression as QuantileSketch::Quantile's rank.
  const auto rank = static_cast<int64_t>(std::floor(0.99 * static_cast<double>(n - 1)));
  return n - rank;
}

VerdictWatch::VerdictWatch(const SloSpec& slo, int64_t total_requests)
    : slo_(slo),
      total_(total_requests),
      need_(TailCount(total_requests)),
      ttft_over_(Over(slo.ttft_p99_s)),
      tpot_over_(Over(slo.tpot_p99_s)),
      e2e_over_(Over(slo.e2e_p99_s)) {}

bool VerdictWatch::Observe(bool failed, double ttft_s, std::optional<double> tpot_s, double e2e_s) {
  if (failed) {
    if (settled()) return false;
    reason_ = "a request failed";
    return true;
  }
  bool newly = false;
  auto count = [&](double over, double value, int64_t* past, const char* what,
                   const std::optional<double>& bound) {
    if (over <= 0 || value <= over) return false;
    if (++*past != need_) return false;
    if (!settled()) {
      reason_ = fmt::format("{} over {:g} s for {} requests, more than p99 allows of {}", what,
                            *bound, *past, total_);
      newly = true;
    }
    return true;
  };
  if (count(ttft_over_, ttft_s, &ttft_past_, "TTFT", slo_.ttft_p99_s)) ttft_settled_ = true;
  if (tpot_s && count(tpot_over_, *tpot_s, &tpot_past_, "TPOT", slo_.tpot_p99_s))
    tpot_settled_ = true;
  count(e2e_over_, e2e_s, &e2e_past_, "e2e", slo_.e2e_p99_s);
  return newly;
}

}  // namespace plan
