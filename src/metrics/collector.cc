#include "metrics/collector.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <optional>

namespace plan {

namespace {
// Per second of span, 0 when the span is empty (one instant, or no requests at all).
double PerSecond(double amount, double span_s) { return span_s > 0 ? amount / span_s : 0.0; }
}  // namespace

LatencyStats SummarizeSketch(const QuantileSketch& sketch) {
  LatencyStats s;
  s.mean = sketch.Mean();
  s.p50 = sketch.Quantile(0.50);
  s.p90 = sketch.Quantile(0.90);
  s.p99 = sketch.Quantile(0.99);
  s.max = sketch.Max();
  return s;
}

Collector::Collector(SloSpec slo, int32_t replicas) : slo_(slo), replicas_(replicas) {
  assert(replicas >= 0);
  busy_ns_.assign(static_cast<size_t>(replicas), 0);
  per_tier_.reserve(8);
}

void Collector::OnRequestDone(const RequestRecord& r) {
  if (total_ == 0) {
    first_arrival_ns_ = r.arrival_ns;
    last_finish_ns_ = r.finish_ns;
  } else {
    first_arrival_ns_ = std::min(first_arrival_ns_, r.arrival_ns);
    last_finish_ns_ = std::max(last_finish_ns_, r.finish_ns);
  }
  ++total_;
  cost_usd_ += r.cost_usd;
  request_preemptions_ += r.preemptions;
  assert(r.tier >= 0);
  if (r.tier >= 0) {
    const size_t t = static_cast<size_t>(r.tier);
    if (t >= per_tier_.size()) per_tier_.resize(t + 1, 0);
    ++per_tier_[t];
  }
  if (r.failed) {
    ++failed_;
    if (watch_ && watch_->Observe(true, 0, std::nullopt, 0)) on_settled_();
    return;
  }
  ++completed_;
  input_tokens_ += r.input_tokens;
  output_tokens_ += r.output_tokens;
  cached_input_tokens_ += r.cached_input_tokens;

  const TimeNs ttft_ns = r.first_token_ns - r.arrival_ns;
  const TimeNs e2e_ns = r.finish_ns - r.arrival_ns;
  const double ttft_s = NsToSeconds(ttft_ns);
  const double e2e_s = NsToSeconds(e2e_ns);
  std::optional<double> tpot_s;
  if (r.output_tokens > 1) {
    tpot_s = NsToSeconds(e2e_ns - ttft_ns) / static_cast<double>(r.output_tokens - 1);
    tpot_s_.Add(*tpot_s);
  }
  ttft_s_.Add(ttft_s);
  if (track_tiers_ && r.tier >= 0) {
    const size_t t = static_cast<size_t>(r.tier);
    if (t >= ttft_per_tier_.size()) {
      ttft_per_tier_.resize(t + 1);
      tpot_per_tier_.resize(t + 1);
    }
    ttft_per_tier_[t].Add(ttft_s);
    if (tpot_s) tpot_per_tier_[t].Add(*tpot_s);
  }
  e2e_s_.Add(e2e_s);
  queue_s_.Add(NsToSeconds(r.queue_ns));
  if (RequestMeetsSlo(slo_, /*failed=*/false, ttft_s, tpot_s, e2e_s)) ++slo_met_;
  if (watch_ && watch_->Observe(false, ttft_s, tpot_s, e2e_s)) on_settled_();
}

void Collector::WatchVerdict(int64_t total_requests, std::function<void()> on_settled) {
  watch_.emplace(slo_, total_requests);
  on_settled_ = std::move(on_settled);
}

void Collector::OnStep(const StepRecord& s) {
  CountSteps(s.replica, 1, s.duration_ns, s.kv_used_fraction);
}

void Collector::OnDecodeSteps(int32_t replica, int64_t steps, TimeNs duration_ns,
                              double kv_used_fraction) {
  CountSteps(replica, steps, duration_ns, kv_used_fraction);
}

void Collector::CountSteps(int32_t replica, int64_t steps, TimeNs duration_ns,
                           double kv_used_fraction) {
  assert(replica >= 0);
  if (replica < 0) return;
  const size_t i = static_cast<size_t>(replica);
  if (i >= busy_ns_.size()) busy_ns_.resize(i + 1, 0);
  busy_ns_[i] += duration_ns;
  steps_ += steps;
  kv_peak_ = std::max(kv_peak_, kv_used_fraction);
}

void Collector::OnPreemption(int32_t replica, TimeNs t) { ++preemptions_; }

const std::vector<double>& LatencyCdfQuantiles() {
  static const std::vector<double> q = {0,   0.01, 0.05, 0.1, 0.2,  0.3,  0.4,   0.5,
                                        0.6, 0.7,  0.8,  0.9, 0.95, 0.99, 0.999, 1};
  return q;
}

CandidateMetrics Collector::Summarize() const {
  CandidateMetrics m;
  m.requests_total = total_;
  m.requests_completed = completed_;
  m.requests_failed = failed_;
  m.requests_per_tier = per_tier_;
  for (size_t t = 0; t < ttft_per_tier_.size(); ++t) {
    m.ttft_s_per_tier.push_back(SummarizeSketch(ttft_per_tier_[t]));
    m.tpot_s_per_tier.push_back(SummarizeSketch(tpot_per_tier_[t]));
  }

  m.ttft_s = SummarizeSketch(ttft_s_);
  m.tpot_s = SummarizeSketch(tpot_s_);
  m.e2e_s = SummarizeSketch(e2e_s_);
  m.queue_s = SummarizeSketch(queue_s_);
  if (ttft_s_.Count() > 0)
    for (double q : LatencyCdfQuantiles())
      m.latency_cdf.push_back(
          {q, ttft_s_.Quantile(q), e2e_s_.Quantile(q),
           tpot_s_.Count() > 0 ? std::optional<double>(tpot_s_.Quantile(q)) : std::nullopt});

  m.span_s = total_ ? NsToSeconds(last_finish_ns_ - first_arrival_ns_) : 0.0;
  m.input_tokens = input_tokens_;
  m.output_tokens = output_tokens_;
  m.cached_input_tokens = cached_input_tokens_;
  m.requests_per_s = PerSecond(static_cast<double>(completed_), m.span_s);
  m.input_tokens_per_s = PerSecond(static_cast<double>(input_tokens_), m.span_s);
  m.output_tokens_per_s = PerSecond(static_cast<double>(output_tokens_), m.span_s);

  m.slo_met = slo_met_;
  m.slo_attainment = total_ ? static_cast<double>(slo_met_) / static_cast<double>(total_) : 0.0;
  m.goodput_requests_per_s = PerSecond(static_cast<double>(slo_met_), m.span_s);
  m.meets_slo =
      CandidateMeetsSlo(slo_, completed_, failed_, m.ttft_s.p99, m.tpot_s.p99, m.e2e_s.p99);

  m.request_cost_usd = cost_usd_;
  if (watch_ && watch_->settled()) {
    m.meets_slo = false;
    m.settled = watch_->reason();
    // At least tail_count() of the final values exceed FloorOfTop: the final p99 reads at
    // least that over gamma^2 (QuantileSketch::FloorOfTop); a settled bound is exceeded.
    constexpr double kGamma2 = QuantileSketch::kBucketRatio * QuantileSketch::kBucketRatio;
    const int64_t k = watch_->tail_count();
    m.ttft_p99_at_least_s = ttft_s_.FloorOfTop(k) / kGamma2;
    m.tpot_p99_at_least_s = tpot_s_.FloorOfTop(k) / kGamma2;
    if (watch_->ttft_settled())
      m.ttft_p99_at_least_s = std::max(m.ttft_p99_at_least_s, *slo_.ttft_p99_s);
    if (watch_->tpot_settled())
      m.tpot_p99_at_least_s = std::max(m.tpot_p99_at_least_s, *slo_.tpot_p99_s);
  }

  m.replicas = replicas_;
  m.steps = steps_;
  const TimeNs busy_ns = std::accumulate(busy_ns_.begin(), busy_ns_.end(), TimeNs{0});
  m.busy_s = NsToSeconds(busy_ns);
  m.gpu_utilization = replicas_ > 0 ? PerSecond(m.busy_s, m.span_s) / replicas_ : 0.0;
  m.kv_cache_peak_fraction = kv_peak_;
  m.preemptions = preemptions_;
  m.request_preemptions = request_preemptions_;
  return m;
}

}  // namespace plan
