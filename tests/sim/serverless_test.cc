// Serverless fleets (sim/fleet.h): scale to zero, a cold start on the first request, per-
// container concurrency, and GPU-seconds billed while containers are up.
#include <catch2/catch.hpp>

#include "sim_fakes.h"

namespace plan {
namespace {

using testing::kMs;
using testing::RecordingObserver;
using testing::Req;
using testing::VectorSource;
using Log = std::vector<std::pair<TimeNs, int32_t>>;

// Steps of 100 ms; a container takes 3 s to come up and stops after 5 s idle.
FleetConfig Serverless(int32_t max_containers, int32_t concurrency) {
  FleetConfig f;
  f.replicas = 0;
  f.gpus_per_replica = 2;
  f.replica.max_num_seqs = concurrency;
  f.replica.max_batched_tokens = 1000;
  f.replica.kv_capacity_tokens = 16000;
  f.autoscale.enabled = true;
  f.autoscale.min_replicas = 0;
  f.autoscale.max_replicas = max_containers;
  f.autoscale.cold_start_ns = 3000 * kMs;
  f.serverless.enabled = true;
  f.serverless.idle_timeout_ns = 5000 * kMs;
  return f;
}

TEST_CASE("serverless: a cold start after idle, scaled to zero in between", "[sim][serverless]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(100 * kMs, 0, 0);
  Fleet fleet(&sim, Serverless(2, 2), &timer, &obs);
  // 10 output tokens = 10 steps of 100 ms = 1 s once a container serves.
  // t=0    A arrives to no container: container 0 starts, ready at t=3
  // t=3    A runs: first token at 3.1, done at 4; container 0 idle from 4
  // t=9    idle 5 s: container 0 stops (scaled to zero)
  // t=20   B arrives to no container: container 1 starts, ready at 23; done at 24
  // t=24   the run ends; container 1 would stop at 29 (idle timeout): paid until then
  VectorSource source({Req(0, 10, 10), Req(20000 * kMs, 10, 10)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(obs.records[0].queue_ns == 3000 * kMs);
  CHECK(obs.records[0].first_token_ns == 3100 * kMs);
  CHECK(obs.records[0].finish_ns == 4000 * kMs);
  CHECK(obs.records[1].replica == 1);
  CHECK(obs.records[1].first_token_ns == 23100 * kMs);
  CHECK(obs.records[1].finish_ns == 24000 * kMs);
  CHECK(fleet.scale_log() == Log{{0, 1}, {9000 * kMs, 0}, {20000 * kMs, 1}});
  CHECK(fleet.replicas_created() == 2);
  // Paid: container 0 for 0..9 s, container 1 for 20..29 s, 2 GPUs each = 36 GPU-seconds.
  CHECK(fleet.GpuSeconds(24000 * kMs) == Approx(2 * (9.0 + 9.0)));
  CHECK(driver.totals().completed == 2);
}

TEST_CASE("serverless: a burst past one container's concurrency starts more, up to the cap",
          "[sim][serverless]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(100 * kMs, 0, 0);
  FleetConfig f = Serverless(2, 2);
  f.serverless.min_billed_ns = 60000 * kMs;  // a vendor minimum: 60 s per container start
  Fleet fleet(&sim, f, &timer, &obs);
  // t=0    5 requests (10 steps each), 2 slots per container, at most 2 containers:
  //        1st waits -> container 0 starts; 3rd finds 2 waiting for 2 slots -> container 1;
  //        5th: the cap, it waits
  // t=3    both ready: container 0 takes requests 0, 1; container 1 takes 2, 3; done at 4
  // t=4    request 4 takes the slot freed on container 0 (the lowest index): done at 5
  // t=9    container 1 stops (idle since 4); the run ended at 5, container 0 is paid to 10
  std::vector<Request> burst(5, Req(0, 10, 10));
  VectorSource source(burst);
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(obs.records[1].replica == 0);
  CHECK(obs.records[3].replica == 1);
  CHECK(obs.records[3].finish_ns == 4000 * kMs);
  CHECK(obs.records[4].replica == 0);
  CHECK(obs.records[4].queue_ns == 4000 * kMs);
  CHECK(obs.records[4].finish_ns == 5000 * kMs);
  CHECK(fleet.peak_replicas() == 2);
  // Up 10 s and 9 s, each billed the 60 s minimum: 2 x 60 s x 2 GPUs.
  CHECK(fleet.GpuSeconds(5000 * kMs) == Approx(240.0));
  CHECK(driver.totals().completed + driver.totals().failed == 5);
  CHECK(driver.totals().failed == 0);
}

TEST_CASE("serverless conservation: every request of a bursty stream finishes once",
          "[sim][serverless]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(10 * kMs, 0, 0);
  Fleet fleet(&sim, Serverless(3, 4), &timer, &obs);
  // Bursts of 12 every 30 s (idle past the 5 s timeout in between), 40 bursts.
  std::vector<Request> requests;
  for (int b = 0; b < 40; ++b)
    for (int i = 0; i < 12; ++i) requests.push_back(Req(b * 30000 * kMs + i * kMs, 10, 20));
  VectorSource source(requests);
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(driver.totals().completed == 480);
  CHECK(driver.totals().failed == 0);
  CHECK(fleet.outstanding() == 0);
  // Every burst finds the fleet at zero and starts 3 containers (12 waiting / 4 slots).
  CHECK(fleet.replicas_created() == 120);
  CHECK(fleet.peak_replicas() == 3);
}

TEST_CASE("autoscaling from zero replicas starts one on the first arrival", "[sim]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(100 * kMs, 0, 0);
  FleetConfig f;
  f.replicas = 0;
  f.replica.max_num_seqs = 2;
  f.replica.max_batched_tokens = 1000;
  f.replica.kv_capacity_tokens = 16000;
  f.autoscale.enabled = true;
  f.autoscale.min_replicas = 0;
  f.autoscale.max_replicas = 2;
  f.autoscale.interval_ns = 1000 * kMs;
  f.autoscale.cold_start_ns = 2000 * kMs;
  Fleet fleet(&sim, f, &timer, &obs);
  // t=0  one request to an empty fleet: replica 0 requested now (not at the tick at t=1,
  //      whose 32-per-replica rule would never add one for a single request); ready at 2
  // t=2  tick (after the ready): 1 outstanding < 4 per ready replica, above min 0 -> replica 0
  //      drains: it takes no new request but finishes its own, and stops when done at t=3
  // t=5  a second request finds no replica: replica 1 requested now, ready at 7, done at 8
  VectorSource source({Req(0, 10, 10), Req(5000 * kMs, 10, 10)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  CHECK(obs.records[0].finish_ns == 3000 * kMs);
  CHECK(obs.records[1].replica == 1);
  CHECK(obs.records[1].finish_ns == 8000 * kMs);
  CHECK(fleet.scale_log()[0] == std::pair<TimeNs, int32_t>{0, 1});
  CHECK(fleet.scale_log()[1] == std::pair<TimeNs, int32_t>{3000 * kMs, 0});
  CHECK(fleet.scale_log()[2] == std::pair<TimeNs, int32_t>{5000 * kMs, 1});
}

}  // namespace
}  // namespace plan
