#include <catch2/catch.hpp>

#include "arch/hybrid_target.h"
#include "composite_fixture.h"

namespace plan {
namespace {

using namespace plan::testing;

// cheap: TTFT 0.3 s, 50 tokens/s, $1/M in, $5/M out. expensive: TTFT 1.1 s, 20 tokens/s,
// $3/M in, $15/M out. A request of 1,000 prompt and 101 answer tokens costs
// cheap (1,000 x 1 + 101 x 5) / 1e6 = $0.001505 and expensive (1,000 x 3 + 101 x 15) / 1e6 =
// $0.004515.
const ApiTargetConfig kCheap = FixedApi(0.3, 50, 1, 5);
const ApiTargetConfig kExpensive = FixedApi(1.1, 20, 3, 15);

struct Run {
  RecordingObserver obs;
  HybridStats stats;
  TierStats cheap, expensive;
};

Run Simulate(HybridConfig config, std::vector<Request> requests, uint64_t seed = 1) {
  Simulation sim;
  Leaves leaves(&sim);
  Target* cheap = leaves.Add(kCheap);
  Target* expensive = leaves.Add(kExpensive);
  HybridTarget hybrid(&sim, config, cheap, expensive, Rng(seed));
  VectorSource source(std::move(requests));
  Run run;
  Driver driver(&sim, &source, &hybrid, &run.obs);
  REQUIRE(driver.Run().ok());
  run.stats = hybrid.stats();
  run.cheap = leaves.tier(0);
  run.expensive = leaves.tier(1);
  return run;
}

HybridConfig Cascade(double escalate_fraction) {
  HybridConfig c;
  c.mode = HybridMode::kCascade;
  c.escalate_fraction = escalate_fraction;
  return c;
}

// One tier alone, as the baseline the cascade is measured against.
RequestRecord Alone(const ApiTargetConfig& config) {
  Simulation sim;
  ApiTarget target(&sim, config, Rng(0));
  VectorSource source({Req(0, 1000, 101)});
  RecordingObserver obs;
  Driver driver(&sim, &source, &target, &obs);
  REQUIRE(driver.Run().ok());
  return obs.records[0];
}

}  // namespace

TEST_CASE("Cascade: an escalated request waits for both tiers and pays both", "[hybrid]") {
  Run r = Simulate(Cascade(1.0), {Req(0, 1000, 101)});
  const RequestRecord& a = r.obs.records[0];
  // t=0    sent to cheap
  // t=0.3  cheap's first token; t=2.3 its last (100 more at 50/s): cheap e2e = 2.3 s
  // t=2.3  escalated: sent to expensive
  // t=3.4  expensive's first token (1.1 s): TTFT = 2.3 + 1.1
  // t=8.4  its last (100 more at 20/s): e2e = 2.3 + 1.1 + 5.0
  CHECK(a.first_token_ns == 3400 * kMs);
  CHECK(a.finish_ns == 8400 * kMs);
  CHECK(a.tier == 1);
  CHECK(a.cost_usd == Approx(0.001505 + 0.004515).epsilon(1e-12));
  // Exactly the sum of the tiers measured alone.
  const RequestRecord cheap = Alone(kCheap);
  const RequestRecord expensive = Alone(kExpensive);
  CHECK(a.first_token_ns - a.arrival_ns ==
        (cheap.finish_ns - cheap.arrival_ns) + (expensive.first_token_ns - expensive.arrival_ns));
  CHECK(a.finish_ns - a.arrival_ns ==
        (cheap.finish_ns - cheap.arrival_ns) + (expensive.finish_ns - expensive.arrival_ns));
  CHECK(r.stats.to_expensive == 1);
  CHECK(r.cheap.sent == 1);
  CHECK(r.expensive.sent == 1);
}

TEST_CASE("Cascade: a request that does not escalate is the cheap answer alone", "[hybrid]") {
  Run r = Simulate(Cascade(0.0), {Req(0, 1000, 101)});
  const RequestRecord& a = r.obs.records[0];
  CHECK(a.first_token_ns == 300 * kMs);
  CHECK(a.finish_ns == 2300 * kMs);
  CHECK(a.tier == 0);
  CHECK(a.cost_usd == Approx(0.001505).epsilon(1e-12));
  CHECK(r.expensive.sent == 0);
}

TEST_CASE("Cascade: the check of each cheap answer adds its delay and price", "[hybrid]") {
  HybridConfig c = Cascade(1.0);
  c.router_latency_ns = 50 * kMs;
  c.router_cost_usd = 0.0001;
  Run r = Simulate(c, {Req(0, 1000, 101)});
  // t=2.3 cheap done; t=2.35 checked and sent on; t=3.45 first token; t=8.45 last.
  CHECK(r.obs.records[0].first_token_ns == 3450 * kMs);
  CHECK(r.obs.records[0].finish_ns == 8450 * kMs);
  CHECK(r.obs.records[0].cost_usd == Approx(0.0001 + 0.001505 + 0.004515).epsilon(1e-12));
}

TEST_CASE("Cascade: a failed cheap answer always escalates", "[hybrid]") {
  Simulation sim;
  Leaves leaves(&sim);
  ApiTargetConfig down = kCheap;
  down.availability = 0;  // every attempt refused; no retries
  Target* cheap = leaves.Add(down);
  Target* expensive = leaves.Add(kExpensive);
  HybridTarget hybrid(&sim, Cascade(0.0), cheap, expensive, Rng(1));
  VectorSource source({Req(0, 1000, 101)});
  RecordingObserver obs;
  Driver driver(&sim, &source, &hybrid, &obs);
  REQUIRE(driver.Run().ok());
  // t=0 cheap refuses at once (no RTT); t=0 sent to expensive; t=1.1 first token.
  CHECK_FALSE(obs.records[0].failed);
  CHECK(obs.records[0].first_token_ns == 1100 * kMs);
  CHECK(hybrid.stats().escalated_after_failure == 1);
}

TEST_CASE("Cascade: the escalated share is the hybrid stream's draws", "[hybrid]") {
  std::vector<Request> requests;
  for (int i = 0; i < 1000; ++i) requests.push_back(Req(i * kS, 100, 11));
  Run r = Simulate(Cascade(0.2), requests, 42);
  // One uniform draw per request, in arrival order, from the hybrid's own stream.
  Rng replay(42);
  int64_t expected = 0;
  for (int i = 0; i < 1000; ++i) expected += replay.Uniform() < 0.2;
  CHECK(r.stats.to_expensive == expected);
  CHECK(expected == 219);
  CHECK(r.expensive.sent == 219);
  CHECK(r.cheap.sent == 1000);
}

TEST_CASE("Classify by trace label: label >= threshold goes expensive", "[hybrid]") {
  HybridConfig c;
  c.route = HybridRoute::kLabel;
  c.label_threshold = 2;
  c.router_latency_ns = 20 * kMs;
  c.router_cost_usd = 0.0001;
  std::vector<Request> requests;
  const int16_t labels[] = {-1, 0, 1, 2, 3};
  for (int i = 0; i < 5; ++i) requests.push_back(Labelled(i * 10 * kS, 1000, 101, labels[i]));
  Run r = Simulate(c, requests);
  const int expected_tier[] = {0, 0, 0, 1, 1};
  for (int i = 0; i < 5; ++i) {
    INFO("request " << i);
    CHECK(r.obs.records[i].tier == expected_tier[i]);
  }
  // Routed 20 ms after arrival: cheap TTFT 0.02 + 0.3, expensive 0.02 + 1.1.
  CHECK(r.obs.records[0].first_token_ns == 320 * kMs);
  CHECK(r.obs.records[3].first_token_ns - r.obs.records[3].arrival_ns == 1120 * kMs);
  CHECK(r.obs.records[4].cost_usd == Approx(0.0001 + 0.004515).epsilon(1e-12));
  CHECK(r.stats.to_cheap == 3);
  CHECK(r.stats.to_expensive == 2);
  CHECK(r.stats.router_cost_usd == Approx(5 * 0.0001).epsilon(1e-12));
}

TEST_CASE("Classify by rule: prompts over the threshold go expensive", "[hybrid]") {
  HybridConfig c;
  c.route = HybridRoute::kInputTokens;
  c.input_tokens_over = 4000;
  Run r = Simulate(c, {Req(0, 4000, 11), Req(kS, 4001, 11), Req(2 * kS, 100, 11)});
  CHECK(r.obs.records[0].tier == 0);  // 4,000 is not over 4,000
  CHECK(r.obs.records[1].tier == 1);
  CHECK(r.obs.records[2].tier == 0);
}

TEST_CASE("Classify by probability: the expensive share is the stream's draws", "[hybrid]") {
  HybridConfig c;
  c.route = HybridRoute::kProbability;
  c.expensive_fraction = 0.3;
  std::vector<Request> requests;
  for (int i = 0; i < 500; ++i) requests.push_back(Req(i * kS, 100, 11));
  Run r = Simulate(c, requests, 7);
  Rng replay(7);
  int64_t expected = 0;
  for (int i = 0; i < 500; ++i) expected += replay.Uniform() < 0.3;
  CHECK(r.stats.to_expensive == expected);
  CHECK(r.expensive.sent == expected);
  CHECK(r.cheap.sent == 500 - expected);
}

TEST_CASE(
    "Device then cloud: a prompt past the device's limit or an offline device goes to the "
    "cloud",
    "[hybrid]") {
  // The cheap tier stands for the device (TTFT 0.3 s), the expensive one for the cloud (1.1 s).
  HybridConfig c;
  c.route = HybridRoute::kInputTokens;
  c.input_tokens_over = 2048;
  c.offline_fraction = 0.25;
  std::vector<Request> requests = {Req(0, 2048, 101), Req(10 * kS, 2049, 101)};
  for (int i = 2; i < 400; ++i) requests.push_back(Req(i * 10 * kS, 100, 11));
  Run r = Simulate(c, requests, 3);
  // Each request draws the route's number, then whether the device is offline.
  Rng replay(3);
  std::vector<bool> offline;
  for (int i = 0; i < 400; ++i) {
    replay.Uniform();
    offline.push_back(replay.Uniform() < 0.25);
  }
  REQUIRE_FALSE(offline[0]);
  // t=0: 2,048 tokens fit the device: its first token at 0.3 s.
  CHECK(r.obs.records[0].tier == 0);
  CHECK(r.obs.records[0].first_token_ns == 300 * kMs);
  // t=10 s: 2,049 overflow: the cloud's first token 1.1 s later, at its price.
  CHECK(r.obs.records[1].tier == 1);
  CHECK(r.obs.records[1].first_token_ns == 11100 * kMs);
  CHECK(r.obs.records[1].cost_usd == Approx((2049 * 3 + 101 * 15) / 1e6).epsilon(1e-12));
  int64_t off = 0;
  for (int i = 2; i < 400; ++i) {
    INFO("request " << i);
    CHECK(r.obs.records[i].tier == (offline[i] ? 1 : 0));
    off += offline[i];
  }
  off += offline[1];  // request 1 went to the cloud for its length, offline or not
  CHECK(r.stats.offline == off);
  CHECK(r.stats.to_expensive == 1 + off - offline[1]);
  CHECK(r.stats.to_cheap == 400 - r.stats.to_expensive);
}

}  // namespace plan
