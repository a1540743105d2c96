// Settles a candidate's SLO verdict before its run ends (issue 15): once more finished requests
// lie past a p99 bound than the whole workload's p99 can absorb, or a request failed, no later
// request can make the candidate meet the SLO, and a search may stop simulating it.
//
// Why it is safe: the p99 the verdict judges is the sketch's value at rank floor(0.99 (n - 1))
// of the n values of the full run (metrics/quantile_sketch.h), n <= the workload's requests T.
// If at least TailCount(T) >= TailCount(n) values exceed x, the value at that rank exceeds x
// too, and the sketch reads it within a factor gamma (its bucket ratio; gamma^2 here, for a
// value on a bucket's edge): a value counts as past a bound b when it exceeds b x gamma^2, so
// the p99 read is above b and CandidateMeetsSlo is false. A failed request fails the verdict
// outright (and keeps the candidate off every Pareto frontier).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "metrics/slo.h"

namespace plan {

// The fewest of n values that must exceed x for their p99 (rank floor(0.99 (n - 1))) to exceed
// x: n - floor(0.99 (n - 1)). Non-decreasing in n. 0 for n <= 0.
int64_t TailCount(int64_t n);

class VerdictWatch {
 public:
  // `total_requests`: every request the workload will submit (T above).
  VerdictWatch(const SloSpec& slo, int64_t total_requests);

  // One finished request (its figures as the Collector measures them). Returns true when this
  // request settled the verdict (once; later calls return false).
  bool Observe(bool failed, double ttft_s, std::optional<double> tpot_s, double e2e_s);

  bool settled() const { return !reason_.empty(); }
  // Why, e.g. "TTFT over 2 s for 195 requests, more than p99 allows of 19366"; "" until then.
  const std::string& reason() const { return reason_; }
  bool ttft_settled() const { return ttft_settled_; }
  bool tpot_settled() const { return tpot_settled_; }
  int64_t tail_count() const { return need_; }

 private:
  SloSpec slo_;
  int64_t total_;
  int64_t need_;
  double ttft_over_ = 0, tpot_over_ = 0, e2e_over_ = 0;  // bound x gamma^2; 0 = unbounded
  int64_t ttft_past_ = 0, tpot_past_ = 0, e2e_past_ = 0;
  bool ttft_settled_ = false, tpot_settled_ = false;
  std::string reason_;
};

}  // namespace plan
