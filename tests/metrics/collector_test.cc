#include <catch2/catch.hpp>

#include "metrics/collector.h"

namespace plan {
namespace {

constexpr TimeNs kMs = 1'000'000;

RequestRecord Done(uint64_t id, TimeNs arrival_ms, TimeNs first_ms, TimeNs finish_ms,
                   TimeNs queue_ms, int32_t input, int32_t output, int16_t tier) {
  RequestRecord r;
  r.id = id;
  r.arrival_ns = arrival_ms * kMs;
  r.first_token_ns = first_ms * kMs;
  r.finish_ns = finish_ms * kMs;
  r.queue_ns = queue_ms * kMs;
  r.input_tokens = input;
  r.output_tokens = output;
  r.tier = tier;
  return r;
}

StepRecord Step(int32_t replica, TimeNs start_ms, TimeNs duration_ms, double kv) {
  StepRecord s;
  s.replica = replica;
  s.start_ns = start_ms * kMs;
  s.duration_ns = duration_ms * kMs;
  s.kv_used_fraction = kv;
  return s;
}

// Floating sums of decimal seconds differ from the decimal result in the last bit or two.
constexpr double kRounding = 1e-12;
// The sketch's quantiles are within 1% of the exact 'lower'-rank value.
constexpr double kSketch = 0.01;

}  // namespace

// SLO: TTFT p99 <= 0.5 s, TPOT p99 <= 0.05 s. Two replicas.
// t=0      R0 arrives (target 0)                 replica 0 steps 0-300 ms (kv 0.25)
// t=100    R1 arrives (target 0)
// t=200    R0 first token: TTFT 0.2
// t=300                                          replica 0 steps 300-800 ms (kv 0.50)
// t=400    R1 first token: TTFT 0.3
// t=500    R2 arrives (target 1)                 replica 1 steps 500-700 ms (kv 0.75)
// t=800    R1 done: e2e 0.7, 21 tokens -> TPOT 0.4/20 = 0.02          meets the SLO
// t=1000   R3 arrives (target 1); a preemption on replica 0
// t=1200   R0 done: e2e 1.2, 11 tokens -> TPOT 1.0/10 = 0.1           misses (TPOT)
//          R4 arrives (target 3); a preemption on replica 1
// t=1300   R3 fails                                                   misses (failed)
//          R4 first token: TTFT 0.1
// t=1500   R2 first and only token: TTFT 1.0, e2e 1.0, no TPOT       misses (TTFT)
// t=2000   R4 done: e2e 0.8, 21 tokens -> TPOT 0.7/20 = 0.035         meets the SLO
TEST_CASE("Collector summarises a hand-made run", "[metrics]") {
  SloSpec slo;
  slo.ttft_p99_s = 0.5;
  slo.tpot_p99_s = 0.05;
  Collector c(slo, /*replicas=*/2);

  c.OnStep(Step(0, 0, 300, 0.25));
  c.OnStep(Step(0, 300, 500, 0.50));
  c.OnStep(Step(1, 500, 200, 0.75));
  RequestRecord r1 = Done(1, 100, 400, 800, 100, 200, 21, 0);
  r1.cached_input_tokens = 64;
  r1.cost_usd = 0.25;
  c.OnRequestDone(r1);
  c.OnPreemption(0, 1000 * kMs);
  RequestRecord r0 = Done(0, 0, 200, 1200, 50, 100, 11, 0);
  r0.preemptions = 1;
  r0.cost_usd = 0.125;
  c.OnRequestDone(r0);
  c.OnPreemption(1, 1200 * kMs);
  RequestRecord r3 = Done(3, 1000, 0, 1300, 0, 500, 0, 1);
  r3.failed = true;
  r3.cost_usd = 0.0625;
  c.OnRequestDone(r3);
  RequestRecord r2 = Done(2, 500, 1500, 1500, 700, 300, 1, 1);
  r2.cost_usd = 0.5;
  c.OnRequestDone(r2);
  RequestRecord r4 = Done(4, 1200, 1300, 2000, 100, 400, 21, 3);
  r4.cached_input_tokens = 128;
  r4.cost_usd = 1.0;
  c.OnRequestDone(r4);

  const CandidateMetrics m = c.Summarize();
  CHECK(m.requests_total == 5);
  CHECK(m.requests_completed == 4);
  CHECK(m.requests_failed == 1);
  CHECK(m.requests_per_tier == std::vector<int64_t>{2, 2, 0, 1});

  // TTFT of completed: {0.2, 0.3, 1.0, 0.1}; sorted {0.1, 0.2, 0.3, 1.0}.
  CHECK(m.ttft_s.mean == Approx(0.4).epsilon(kRounding));  // 1.6 / 4
  CHECK(m.ttft_s.p50 == Approx(0.2).epsilon(kSketch));     // rank floor(0.5 x 3) = 1
  CHECK(m.ttft_s.p90 == Approx(0.3).epsilon(kSketch));     // rank floor(0.9 x 3) = 2
  CHECK(m.ttft_s.p99 == Approx(0.3).epsilon(kSketch));     // rank floor(0.99 x 3) = 2
  CHECK(m.ttft_s.max == 1.0);
  // TPOT of R0, R1, R4: {0.1, 0.02, 0.035}; R2 has one token and no TPOT.
  CHECK(m.tpot_s.mean == Approx(0.155 / 3).epsilon(kRounding));
  CHECK(m.tpot_s.p50 == Approx(0.035).epsilon(kSketch));  // rank floor(0.5 x 2) = 1
  CHECK(m.tpot_s.p99 == Approx(0.035).epsilon(kSketch));  // rank floor(0.99 x 2) = 1
  CHECK(m.tpot_s.max == Approx(0.1).epsilon(kRounding));
  // The CDF carries TPOT beside TTFT and e2e: 16 quantiles, TPOT's median 0.035 and max 0.1.
  REQUIRE(m.latency_cdf.size() == LatencyCdfQuantiles().size());
  CHECK(m.latency_cdf[7].q == 0.5);
  REQUIRE(m.latency_cdf[7].tpot_s.has_value());
  CHECK(*m.latency_cdf[7].tpot_s == Approx(0.035).epsilon(kSketch));
  CHECK(*m.latency_cdf.back().tpot_s == Approx(0.1).epsilon(kSketch));
  // e2e: {1.2, 0.7, 1.0, 0.8}; sorted {0.7, 0.8, 1.0, 1.2}.
  CHECK(m.e2e_s.mean == Approx(0.925).epsilon(kRounding));  // 3.7 / 4
  CHECK(m.e2e_s.p50 == Approx(0.8).epsilon(kSketch));
  CHECK(m.e2e_s.max == Approx(1.2).epsilon(kRounding));  // 1.2e9 ns x 1e-9
  // queue: {0.05, 0.1, 0.7, 0.1}.
  CHECK(m.queue_s.mean == Approx(0.2375).epsilon(kRounding));  // 0.95 / 4
  CHECK(m.queue_s.max == Approx(0.7).epsilon(kRounding));

  CHECK(m.span_s == 2.0);         // first arrival t=0 to last finish t=2000 ms
  CHECK(m.input_tokens == 1000);  // 100 + 200 + 300 + 400; the failed R3's 500 not counted
  CHECK(m.output_tokens == 54);   // 11 + 21 + 1 + 21
  CHECK(m.cached_input_tokens == 192);
  CHECK(m.requests_per_s == 2.0);        // 4 / 2 s
  CHECK(m.input_tokens_per_s == 500.0);  // 1000 / 2 s
  CHECK(m.output_tokens_per_s == 27.0);  // 54 / 2 s

  CHECK(m.slo_met == 2);                   // R1 and R4
  CHECK(m.slo_attainment == 0.4);          // 2 / 5, the failed one included
  CHECK(m.goodput_requests_per_s == 1.0);  // 2 / 2 s
  CHECK_FALSE(m.meets_slo);                // a request failed

  CHECK(m.request_cost_usd == 1.9375);  // 0.125 + 0.25 + 0.5 + 0.0625 + 1
  CHECK(m.replicas == 2);
  CHECK(m.steps == 3);
  CHECK(m.busy_s == 1.0);            // 300 + 500 + 200 ms
  CHECK(m.gpu_utilization == 0.25);  // 1.0 / (2 replicas x 2.0 s)
  CHECK(m.kv_cache_peak_fraction == 0.75);
  CHECK(m.preemptions == 2);
  CHECK(m.request_preemptions == 1);
}

TEST_CASE("Collector passes a candidate whose p99s are within the SLO and nothing failed",
          "[metrics]") {
  SloSpec slo;
  slo.ttft_p99_s = 0.5;
  slo.e2e_p99_s = 2.0;
  Collector c(slo);
  // t=0 R0 arrives, first token t=100 ms, done t=900 ms; t=500 R1 arrives, 200 ms, 1500 ms.
  c.OnRequestDone(Done(0, 0, 100, 900, 0, 10, 9, 0));
  c.OnRequestDone(Done(1, 500, 700, 1500, 0, 10, 9, 0));
  const CandidateMetrics m = c.Summarize();
  CHECK(m.meets_slo);
  CHECK(m.slo_attainment == 1.0);
  CHECK(m.span_s == 1.5);
  CHECK(m.gpu_utilization == 0.0);                        // no replicas: an API target
  CHECK(m.tpot_s.max == Approx(0.1).epsilon(kRounding));  // (0.9 - 0.1) / 8
}

TEST_CASE("A run whose requests all have one output token has no TPOT in its CDF", "[metrics]") {
  Collector c(SloSpec{}, /*replicas=*/1);
  c.OnRequestDone(Done(0, 0, 200, 200, 0, 100, 1, 0));
  const CandidateMetrics m = c.Summarize();
  REQUIRE(m.latency_cdf.size() == LatencyCdfQuantiles().size());
  CHECK(m.latency_cdf[0].ttft_s == Approx(0.2).epsilon(kSketch));
  CHECK_FALSE(m.latency_cdf[0].tpot_s.has_value());
}

TEST_CASE("Collector with no requests reports zeros and fails the SLO", "[metrics]") {
  Collector c(SloSpec{}, 1);
  const CandidateMetrics m = c.Summarize();
  CHECK(m.requests_total == 0);
  CHECK(m.span_s == 0.0);
  CHECK(m.requests_per_s == 0.0);
  CHECK(m.slo_attainment == 0.0);
  CHECK(m.gpu_utilization == 0.0);
  CHECK_FALSE(m.meets_slo);  // nothing completed
}

TEST_CASE("A request meets the SLO on its own figures, TPOT only when defined", "[metrics]") {
  SloSpec slo;
  slo.ttft_p99_s = 1.0;
  slo.tpot_p99_s = 0.05;
  slo.e2e_p99_s = 10.0;
  CHECK(RequestMeetsSlo(slo, false, 1.0, 0.05, 10.0));  // bounds are inclusive
  CHECK_FALSE(RequestMeetsSlo(slo, false, 1.01, 0.01, 2.0));
  CHECK_FALSE(RequestMeetsSlo(slo, false, 0.5, 0.06, 2.0));
  CHECK_FALSE(RequestMeetsSlo(slo, false, 0.5, 0.01, 10.5));
  CHECK(RequestMeetsSlo(slo, false, 0.5, std::nullopt, 2.0));  // one output token
  CHECK_FALSE(RequestMeetsSlo(slo, true, 0.5, 0.01, 2.0));     // failed
  CHECK(RequestMeetsSlo(SloSpec{}, false, 99.0, 99.0, 99.0));  // no bounds set

  CHECK(CandidateMeetsSlo(slo, 10, 0, 1.0, 0.05, 10.0));
  CHECK_FALSE(CandidateMeetsSlo(slo, 10, 1, 0.1, 0.01, 1.0));  // one failure
  CHECK_FALSE(CandidateMeetsSlo(slo, 0, 0, 0.0, 0.0, 0.0));    // nothing completed
  CHECK_FALSE(CandidateMeetsSlo(slo, 10, 0, 0.1, 0.051, 1.0));
}

}  // namespace plan
