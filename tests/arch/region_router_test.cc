#include <catch2/catch.hpp>

#include "arch/region_router.h"
#include "composite_fixture.h"

namespace plan {
namespace {

using namespace plan::testing;

// Users 0 (us) and 1 (eu); deployments 0 us-east, 1 eu-west, 2 eu-central. Round trips:
//            us-east  eu-west  eu-central
//   user us     0 ms    80 ms      90 ms
//   user eu    80 ms    20 ms      30 ms
// Residency: eu users never in us-east (-1). Every deployment answers with TTFT 0.3 s at
// 50 tokens/s and has no RTT of its own.
RegionRouterConfig Config(RegionRouting routing) {
  RegionRouterConfig c;
  c.users_from_trace = true;
  c.users = 2;
  c.rtt_ns = {{0, 80 * kMs, 90 * kMs}, {-1, 20 * kMs, 30 * kMs}};
  c.routing = routing;
  c.health_check_ns = 10 * kS;
  return c;
}

struct Run {
  RecordingObserver obs;
  RegionRouterStats stats;
};

Run Simulate(RegionRouterConfig config, std::vector<ApiTargetConfig> deployments,
             std::vector<Request> requests) {
  Simulation sim;
  Leaves leaves(&sim);
  std::vector<Target*> targets;
  for (const ApiTargetConfig& d : deployments) targets.push_back(leaves.Add(d));
  RegionRouter router(&sim, std::move(config), targets, Rng(5));
  VectorSource source(std::move(requests));
  Run run;
  Driver driver(&sim, &source, &router, &run.obs);
  REQUIRE(driver.Run().ok());
  run.stats = router.stats();
  return run;
}

std::vector<ApiTargetConfig> ThreeAlike() {
  return {FixedApi(0.3, 50, 1, 5), FixedApi(0.3, 50, 1, 5), FixedApi(0.3, 50, 1, 5)};
}

}  // namespace

TEST_CASE("Nearest: the lowest allowed round trip, added to the answer", "[multiregion]") {
  Run r = Simulate(Config(RegionRouting::kNearest), ThreeAlike(),
                   {FromRegion(0, 0), FromRegion(kS, 1)});
  // us user -> us-east, no round trip: first token 0.3, last 0.3 + 100/50 = 2.3.
  CHECK(r.obs.records[0].tier == 0);
  CHECK(r.obs.records[0].first_token_ns == 300 * kMs);
  // eu user -> eu-west: arrives there at 1.01, first token leaves 1.31, reaches the user 1.32.
  CHECK(r.obs.records[1].tier == 1);
  CHECK(r.obs.records[1].first_token_ns == 1320 * kMs);
  CHECK(r.obs.records[1].finish_ns == 3320 * kMs);
  CHECK(r.stats.answered == std::vector<std::vector<int64_t>>{{1, 0, 0}, {0, 1, 0}});
}

TEST_CASE("Failover routing: a failed region is skipped, residency still holds", "[multiregion]") {
  std::vector<ApiTargetConfig> d = ThreeAlike();
  d[1].outages = {{0, 100 * kS}};  // eu-west down for the first 100 s
  std::vector<Request> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(FromRegion(i * kS, static_cast<int16_t>(i % 2)));
  Run r = Simulate(Config(RegionRouting::kFailover), d, requests);
  // Request 1 (eu, t=1): eu-west refuses; the error is back at the router at 1.02, and the
  // request reaches eu-central at 1.035: first token 1.335, at the user 1.35.
  CHECK(r.obs.records[1].tier == 2);
  CHECK(r.obs.records[1].first_token_ns == 1350 * kMs);
  // eu-west is then marked down for 10 s: the eu requests at t=3..9 go straight to
  // eu-central; at t=11 it is tried again and refuses again, and so on. Never us-east.
  for (int i = 0; i < 20; ++i) {
    INFO("request " << i);
    CHECK_FALSE(r.obs.records[i].failed);
    CHECK(r.obs.records[i].tier == (i % 2 == 0 ? 0 : 2));
  }
  CHECK(r.stats.answered[1][0] == 0);
  CHECK(r.stats.failovers == 2);  // at t=1 and t=11
}

TEST_CASE("A user no deployment may serve fails at once, counted", "[multiregion]") {
  RegionRouterConfig c = Config(RegionRouting::kNearest);
  c.rtt_ns[1] = {-1, -1, -1};
  Run r = Simulate(c, ThreeAlike(), {FromRegion(0, 1), FromRegion(kS, 0)});
  CHECK(r.obs.records[0].failed);
  CHECK(r.obs.records[0].finish_ns == 0);
  CHECK_FALSE(r.obs.records[1].failed);
  CHECK(r.stats.refused == std::vector<int64_t>{0, 1});
}

TEST_CASE("Lowest latency: a slow region sheds traffic to a farther one", "[multiregion]") {
  std::vector<ApiTargetConfig> d = ThreeAlike();
  d[1].offer.latency.ttft_fixed_s = 2.0;  // eu-west answers slowly
  Run r = Simulate(Config(RegionRouting::kLowestLatency), d,
                   {FromRegion(0, 1), FromRegion(10 * kS, 1), FromRegion(20 * kS, 1)});
  // t=0: no answers yet, both means 0: eu-west (20 ms) beats eu-central (30 ms).
  // Its answer (TTFT 2.0 s at eu-west) makes eu-west's mean 0.2 x 2.0 = 0.4 s: at t=10,
  // 0.02 + 0.4 > 0.03 + 0, so eu-central; its 0.3 s makes that mean 0.06: at t=20,
  // 0.03 + 0.06 < 0.42, eu-central again.
  CHECK(r.obs.records[0].tier == 1);
  CHECK(r.obs.records[1].tier == 2);
  CHECK(r.obs.records[2].tier == 2);
}

TEST_CASE("Lowest latency: requests in flight scale a deployment's estimate", "[multiregion]") {
  RegionRouterConfig c = Config(RegionRouting::kLowestLatency);
  c.prior_ttft_s = {0.3, 0.3, 0.3};
  Run r = Simulate(c, ThreeAlike(), {FromRegion(0, 1), FromRegion(0, 1)});
  // Both eu requests arrive at t=0. First: eu-west 0.02 + 0.3 x 1 = 0.32 beats eu-central
  // 0.03 + 0.3 = 0.33. Second, with one in flight at eu-west: 0.02 + 0.3 x 2 = 0.62 > 0.33.
  CHECK(r.obs.records[0].tier == 1);
  CHECK(r.obs.records[1].tier == 2);
}

TEST_CASE("User shares are drawn once per request from the router's stream", "[multiregion]") {
  RegionRouterConfig c = Config(RegionRouting::kNearest);
  c.users_from_trace = false;
  c.user_shares = {0.6, 0.4};
  std::vector<Request> requests;
  for (int i = 0; i < 300; ++i) requests.push_back(Req(i * kS, 100, 11));
  Run r = Simulate(c, ThreeAlike(), requests);
  Rng replay(5);
  int64_t us = 0;
  for (int i = 0; i < 300; ++i) us += replay.Uniform() < 0.6;
  CHECK(r.stats.requests == std::vector<int64_t>{us, 300 - us});
  CHECK(r.stats.answered[0][0] == us);
  CHECK(r.stats.answered[1][1] == 300 - us);
}

}  // namespace plan
