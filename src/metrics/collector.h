// Collector: the Observer that turns a simulation run into one candidate's numbers.
//
// Definitions (vLLM's benchmark): TTFT = first_token - arrival; e2e = finish - arrival;
// TPOT = (e2e - TTFT) / (output_tokens - 1), only for requests with more than one output
// token; queue = queue_ns. A prefill-only request (0 output tokens: an embedding) is done
// when its prompt's last chunk is computed: its TTFT = e2e = that time - arrival, and it has
// no TPOT (a table shows "-" when no request has one). Latency distributions, token counts and
// throughput cover completed requests; counts, SLO attainment and cost cover all of them. The span
// runs from the earliest arrival to the latest finish of any request; every rate is per second of
// span and is 0 when the span is empty. Nothing allocates per event once the per-replica and
// per-tier vectors have reached their size.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "metrics/quantile_sketch.h"
#include "metrics/slo.h"
#include "metrics/verdict_watch.h"
#include "sim/observer.h"
#include "util/units.h"

namespace plan {

// The keys mirror the report's JSON ("ttft_s": {"mean", "p50", ...}); values are seconds.
struct LatencyStats {
  double mean = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;

  bool operator==(const LatencyStats&) const = default;
};

LatencyStats SummarizeSketch(const QuantileSketch& sketch);

// One point of the latency distributions of completed requests: the q-quantile of TTFT, of e2e
// and of TPOT, in seconds (the sketch's 1% relative accuracy), for charts of their CDFs. TPOT is
// absent when no completed request had a second token (and in reports before it was recorded).
struct LatencyCdfPoint {
  double q = 0;
  double ttft_s = 0;
  double e2e_s = 0;
  std::optional<double> tpot_s;

  bool operator==(const LatencyCdfPoint&) const = default;
};

// The q values every CDF lists: 0 (the minimum) to 1 (the maximum), denser in the tail.
const std::vector<double>& LatencyCdfQuantiles();

struct CandidateMetrics {
  int64_t requests_total = 0;
  int64_t requests_completed = 0;
  int64_t requests_failed = 0;
  // Requests answered by each tier of a composite (RequestRecord::tier), failed ones included.
  std::vector<int64_t> requests_per_tier;
  // With Collector::TrackTierLatency: the TTFT and TPOT of the requests each tier completed
  // (index = tier; zeros for a tier that completed none or had no second token).
  std::vector<LatencyStats> ttft_s_per_tier;
  std::vector<LatencyStats> tpot_s_per_tier;

  LatencyStats ttft_s;
  LatencyStats tpot_s;
  LatencyStats e2e_s;
  LatencyStats queue_s;
  std::vector<LatencyCdfPoint>
      latency_cdf;  // at LatencyCdfQuantiles(); empty with no request completed

  double span_s = 0;
  int64_t input_tokens = 0;         // completed requests
  int64_t output_tokens = 0;        // completed requests
  int64_t cached_input_tokens = 0;  // completed requests
  double requests_per_s = 0;        // completed / span
  double input_tokens_per_s = 0;
  double output_tokens_per_s = 0;

  int64_t slo_met = 0;
  double slo_attainment = 0;          // slo_met / requests_total; 0 with no requests
  double goodput_requests_per_s = 0;  // slo_met / span
  bool meets_slo = false;             // the candidate verdict of metrics/slo.h

  double request_cost_usd = 0;  // sum of RequestRecord::cost_usd, failed ones included

  int32_t replicas = 0;
  int64_t steps = 0;
  double busy_s = 0;                  // sum of step durations over all replicas
  double gpu_utilization = 0;         // busy_s / (replicas x span); 0 without replicas
  double kv_cache_peak_fraction = 0;  // max StepRecord::kv_used_fraction
  int64_t preemptions = 0;            // OnPreemption calls
  int64_t request_preemptions = 0;    // sum of RequestRecord::preemptions (finished requests)

  // Set once a watched verdict settled (Collector::WatchVerdict): why, and lower bounds on the
  // p99s the whole run would report (0 = none known), from the requests finished so far.
  std::string settled;
  double ttft_p99_at_least_s = 0;
  double tpot_p99_at_least_s = 0;
};

class Collector : public Observer {
 public:
  // `replicas` is the fleet size the utilisation is measured against (0 for API targets).
  explicit Collector(SloSpec slo, int32_t replicas = 0);

  void OnRequestDone(const RequestRecord& r) override;
  void OnStep(const StepRecord& s) override;
  bool wants_each_step() const override { return false; }
  void OnDecodeSteps(int32_t replica, int64_t steps, TimeNs duration_ns,
                     double kv_used_fraction) override;
  void OnPreemption(int32_t replica, TimeNs t) override;

  CandidateMetrics Summarize() const;

  // Watches the verdict over a workload of `total_requests` (metrics/verdict_watch.h) and calls
  // `on_settled` once, from OnRequestDone, when it is settled: the run may stop there.
  void WatchVerdict(int64_t total_requests, std::function<void()> on_settled);

  // Also summarizes TTFT and TPOT per tier of a composite (what each tier's users see).
  void TrackTierLatency() { track_tiers_ = true; }

 private:
  // Steps of `replica` (one, or a run in place), `duration_ns` in all.
  void CountSteps(int32_t replica, int64_t steps, TimeNs duration_ns, double kv_used_fraction);
  SloSpec slo_;
  int32_t replicas_;

  QuantileSketch ttft_s_, tpot_s_, e2e_s_, queue_s_;
  int64_t total_ = 0, completed_ = 0, failed_ = 0, slo_met_ = 0;
  int64_t input_tokens_ = 0, output_tokens_ = 0, cached_input_tokens_ = 0;
  std::vector<int64_t> per_tier_;
  bool track_tiers_ = false;
  std::vector<QuantileSketch> ttft_per_tier_, tpot_per_tier_;  // with track_tiers_
  TimeNs first_arrival_ns_ = 0;
  TimeNs last_finish_ns_ = 0;
  double cost_usd_ = 0;
  int64_t preemptions_ = 0, request_preemptions_ = 0;

  std::vector<TimeNs> busy_ns_;  // per replica
  int64_t steps_ = 0;
  double kv_peak_ = 0;

  std::optional<VerdictWatch> watch_;
  std::function<void()> on_settled_;
};

}  // namespace plan
