#include <catch2/catch.hpp>

#include "arch/failover_target.h"
#include "composite_fixture.h"

namespace plan {
namespace {

using namespace plan::testing;

// primary: TTFT 0.5 s, 100 tokens/s, $1/M in, $5/M out; fallback: TTFT 0.3 s, 50 tokens/s,
// $2/M in, $10/M out. Neither has an RTT or retries of its own unless a test says so.
ApiTargetConfig Primary() { return FixedApi(0.5, 100, 1, 5); }
ApiTargetConfig Fallback() { return FixedApi(0.3, 50, 2, 10); }

struct Run {
  RecordingObserver obs;
  FailoverStats stats;
  TierStats primary, fallback;
};

Run Simulate(const ApiTargetConfig& primary, const ApiTargetConfig& fallback, FailoverConfig config,
             std::vector<Request> requests) {
  Simulation sim;
  Leaves leaves(&sim);
  std::vector<Target*> chain = {leaves.Add(primary), leaves.Add(fallback)};
  config.degraded_tier = 2;
  FailoverTarget failover(&sim, config, chain);
  VectorSource source(std::move(requests));
  Run run;
  Driver driver(&sim, &source, &failover, &run.obs);
  REQUIRE(driver.Run().ok());
  run.stats = failover.stats();
  run.primary = leaves.tier(0);
  run.fallback = leaves.tier(1);
  return run;
}

}  // namespace

TEST_CASE("An outage of the primary moves exactly its requests to the fallback", "[failover]") {
  ApiTargetConfig p = Primary();
  p.outages = {{10 * kS, 20 * kS}};
  const TimeNs arrivals[] = {0, 5 * kS, 10 * kS, 15 * kS, 20 * kS - 1, 20 * kS, 25 * kS};
  std::vector<Request> requests;
  for (TimeNs t : arrivals) requests.push_back(Req(t, 1000, 101));
  Run r = Simulate(p, Fallback(), {}, requests);
  // Sent inside [10, 20): refused at once (no RTT, no retries), re-sent to the fallback at
  // the same instant; its first token 0.3 s later.
  const int expected_tier[] = {0, 0, 1, 1, 1, 0, 0};
  for (int i = 0; i < 7; ++i) {
    INFO("request " << i);
    CHECK_FALSE(r.obs.records[i].failed);
    CHECK(r.obs.records[i].tier == expected_tier[i]);
  }
  CHECK(r.obs.records[2].first_token_ns == 10 * kS + 300 * kMs);
  CHECK(r.obs.records[0].first_token_ns == 500 * kMs);
  CHECK(r.stats.answered == std::vector<int64_t>{4, 3});
  CHECK(r.stats.failures == std::vector<int64_t>{3, 0});
  CHECK(r.stats.failed == 0);
  // A refused attempt costs nothing: the fallback's three answers, (1,000 x 2 + 101 x 10) / 1e6.
  CHECK(r.fallback.cost_usd == Approx(3 * 0.00301).epsilon(1e-12));
}

TEST_CASE("A timeout abandons the attempt, its late answer is discarded but paid", "[failover]") {
  ApiTargetConfig slow = Primary();
  slow.offer.latency.ttft_fixed_s = 5.0;
  FailoverConfig c;
  c.timeout_ns = 3 * kS;  // on the whole answer: the fallback's takes 2.3 s, within it
  Run r = Simulate(slow, Fallback(), c, {Req(0, 1000, 101)});
  // t=0    sent to the primary (first token would come at 5.0, last at 6.0)
  // t=3    timeout: abandoned, sent to the fallback
  // t=3.3  fallback's first token; t=5.3 its last (100 more at 50/s)
  // t=6    the primary's answer arrives, stale: discarded, its $0.001505 still paid
  const RequestRecord& a = r.obs.records[0];
  CHECK(a.first_token_ns == 3300 * kMs);
  CHECK(a.finish_ns == 5300 * kMs);
  CHECK(a.tier == 1);
  CHECK(a.cost_usd == Approx(0.00301).epsilon(1e-12));
  CHECK(r.stats.timeouts == std::vector<int64_t>{1, 0});
  CHECK(r.stats.late_answers == 1);
  CHECK(r.stats.abandoned_cost_usd == Approx(0.001505).epsilon(1e-12));
  CHECK(r.primary.sent == 1);
}

TEST_CASE("Retries try the same target again before moving on", "[failover]") {
  ApiTargetConfig down = Primary();
  down.availability = 0;
  down.rtt_ns = 100 * kMs;
  FailoverConfig c;
  c.retries = 1;
  Run r = Simulate(down, Fallback(), c, {Req(0, 1000, 101)});
  // t=0 attempt 1, refused; error back at 0.1. t=0.1 attempt 2, error at 0.2.
  // t=0.2 the fallback; first token at 0.5.
  CHECK(r.obs.records[0].first_token_ns == 500 * kMs);
  CHECK(r.stats.attempts == std::vector<int64_t>{2, 1});
  CHECK(r.stats.failures == std::vector<int64_t>{2, 0});
  CHECK(r.primary.sent == 2);
}

TEST_CASE("When the whole chain fails: an error, or the cached-response last resort",
          "[failover]") {
  ApiTargetConfig down = Primary();
  down.availability = 0;
  ApiTargetConfig also_down = Fallback();
  also_down.availability = 0;
  also_down.rtt_ns = 40 * kMs;
  Run failed = Simulate(down, also_down, {}, {Req(0, 1000, 101)});
  CHECK(failed.obs.records[0].failed);
  CHECK(failed.obs.records[0].finish_ns == 40 * kMs);
  CHECK(failed.stats.failed == 1);

  FailoverConfig cached;
  cached.cached_last_resort = true;
  Run degraded = Simulate(down, also_down, cached, {Req(0, 1000, 101)});
  // The fallback's error reaches the client at 0.04; the stored answer is served then, whole.
  const RequestRecord& a = degraded.obs.records[0];
  CHECK_FALSE(a.failed);
  CHECK(a.tier == 2);
  CHECK(a.first_token_ns == 40 * kMs);
  CHECK(a.finish_ns == 40 * kMs);
  CHECK(a.output_tokens == 101);
  CHECK(a.cost_usd == 0);
  CHECK(degraded.stats.degraded == 1);
}

}  // namespace plan
