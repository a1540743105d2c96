#include <catch2/catch.hpp>

#include "sim_fakes.h"
#include "util/rng.h"

namespace plan {
namespace {

using testing::kMs;
using testing::RecordingObserver;
using testing::Req;
using testing::VectorSource;

FleetConfig TwoReplicas(RoutePolicy policy) {
  FleetConfig f;
  f.replicas = 2;
  f.gpus_per_replica = 2;
  f.policy = policy;
  f.replica.max_num_seqs = 4;
  f.replica.max_batched_tokens = 1000;
  f.replica.kv_capacity_tokens = 16000;
  return f;
}

TEST_CASE("round robin alternates replicas", "[sim]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 0, 0);
  Fleet fleet(&sim, TwoReplicas(RoutePolicy::kRoundRobin), &timer, &obs);
  VectorSource source({Req(0, 10, 5), Req(0, 10, 5), Req(0, 10, 5), Req(0, 10, 5)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(obs.records[0].replica == 0);
  CHECK(obs.records[1].replica == 1);
  CHECK(obs.records[2].replica == 0);
  CHECK(obs.records[3].replica == 1);
  // Two per replica, batched together: 5 steps of 1 ms each.
  CHECK(obs.records[3].finish_ns == 5 * kMs);
}

TEST_CASE("least outstanding sends work to the idle replica", "[sim]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 0, 0);
  Fleet fleet(&sim, TwoReplicas(RoutePolicy::kLeastOutstanding), &timer, &obs);
  // t=0   A (100 tokens out) -> replica 0 (tie, lowest index)
  // t=1   B (2 out) -> replica 1; done at t=3
  // t=50  C -> replica 1 (0 outstanding) rather than replica 0 (A still running)
  VectorSource source({Req(0, 10, 100), Req(1 * kMs, 10, 2), Req(50 * kMs, 10, 2)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(obs.records[0].replica == 0);
  CHECK(obs.records[1].replica == 1);
  CHECK(obs.records[1].finish_ns == 3 * kMs);
  CHECK(obs.records[2].replica == 1);
  CHECK(fleet.GpuSeconds(100 * kMs) == Approx(2 * 2 * 0.1));
}

TEST_CASE("prefix affinity keeps a shared prefix on one replica", "[sim]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 0, 0);
  Fleet fleet(&sim, TwoReplicas(RoutePolicy::kPrefixAffinity), &timer, &obs);
  std::vector<Request> requests;
  for (int i = 0; i < 4; ++i) {
    Request r = Req(i * kMs, 1024, 2);
    r.prefix_hashes = {i % 2 == 0 ? 7u : 9u, 100u + i};
    r.prefix_block_tokens = 512;
    requests.push_back(r);
  }
  VectorSource source(requests);
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  // t=0  A (prefix 7): nothing cached anywhere -> least outstanding, replica 0; its 512-token
  //      block of hash 7 is cached when its prefill step ends at t=1.
  // t=1  B (prefix 9): replica 0 busy with A -> replica 1.
  // t=2  C (prefix 7): replica 0 holds hash 7 -> replica 0; t=3 D (prefix 9) -> replica 1.
  CHECK(obs.records[0].replica == 0);
  CHECK(obs.records[1].replica == 1);
  CHECK(obs.records[2].replica == 0);
  CHECK(obs.records[3].replica == 1);
}

TEST_CASE("autoscaling adds a replica after a cold start and drains it when idle", "[sim]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(100 * kMs, 0, 0);
  FleetConfig f = TwoReplicas(RoutePolicy::kLeastOutstanding);
  f.replicas = 1;
  f.replica.max_num_seqs = 2;
  f.autoscale.enabled = true;
  f.autoscale.min_replicas = 1;
  f.autoscale.max_replicas = 2;
  f.autoscale.interval_ns = 1000 * kMs;
  f.autoscale.cold_start_ns = 2000 * kMs;
  f.autoscale.scale_up_outstanding = 2;
  f.autoscale.scale_down_outstanding = 0.5;
  Fleet fleet(&sim, f, &timer, &obs);
  // Every step is 100 ms; a request of 100 output tokens takes 100 steps = 10 s.
  // t=0    6 requests -> replica 0 (2 at a time: done at 10, 20, 30 s)
  // t=1    tick: 6 outstanding per ready replica > 2 -> replica 1 requested, ready at t=3
  // t=4    2 requests -> replica 1 (0 outstanding); done at 14 s
  // t=31   tick: 0 outstanding < 0.5 per replica -> replica 1 (least loaded, newest) drains, stops
  std::vector<Request> requests(6, Req(0, 10, 100));
  requests.push_back(Req(4000 * kMs, 10, 100));
  requests.push_back(Req(4000 * kMs, 10, 100));
  VectorSource source(requests);
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(obs.records[1].finish_ns == 10000 * kMs);
  CHECK(obs.records[2].queue_ns == 10000 * kMs);
  CHECK(obs.records[5].finish_ns == 30000 * kMs);
  CHECK(obs.records[6].replica == 1);
  CHECK(obs.records[6].finish_ns == 14000 * kMs);
  using Log = std::vector<std::pair<TimeNs, int32_t>>;
  CHECK(fleet.scale_log() == Log{{0, 1}, {1000 * kMs, 2}, {31000 * kMs, 1}});
  CHECK(fleet.peak_replicas() == 2);
  // Paid: replica 0 for 0..30 s, replica 1 for 1..31 s, 2 GPUs each.
  CHECK(fleet.GpuSeconds(30000 * kMs) == Approx(2 * (30.0 + 30.0)));
}

TEST_CASE("conservation holds under heavy preemption across a fleet", "[sim]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(2 * kMs, 5000, 50000);
  FleetConfig f = TwoReplicas(RoutePolicy::kRoundRobin);
  f.replica.max_num_seqs = 64;
  f.replica.kv_capacity_tokens = 4096;  // tight: forces preemption
  std::vector<Request> requests;
  Rng rng(7);
  for (int i = 0; i < 2000; ++i)
    requests.push_back(Req(i * 3 * kMs, 1 + static_cast<int32_t>(rng.Below(400)),
                           1 + static_cast<int32_t>(rng.Below(300))));
  VectorSource source(requests);
  Fleet fleet(&sim, f, &timer, &obs);
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(driver.totals().completed + driver.totals().failed == 2000);
  CHECK(driver.totals().failed == 0);
  CHECK(fleet.preemptions() > 0);
  int64_t out = 0;
  for (const auto& r : obs.records) out += r.output_tokens;
  CHECK(out == driver.totals().output_tokens_asked);
  for (int i = 0; i < 2; ++i) CHECK(fleet.replica(i).kv().used_blocks() == 0);
}

}  // namespace
}  // namespace plan
