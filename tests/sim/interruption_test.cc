// Spot interruptions in a fleet (sim/fleet.h): the reclaim, the re-sent requests recomputed
// from scratch, the replacement, and the books balancing afterwards.
#include <catch2/catch.hpp>

#include "sim_fakes.h"
#include "util/rng.h"

namespace plan {
namespace {

using testing::kMs;
using testing::RecordingObserver;
using testing::Req;
using testing::VectorSource;

FleetConfig SpotFleet(int32_t replicas, double rate_per_replica_hour, uint64_t seed) {
  FleetConfig f;
  f.replicas = replicas;
  f.gpus_per_replica = 1;
  f.replica.max_num_seqs = 8;
  f.replica.max_batched_tokens = 1000;
  f.replica.kv_capacity_tokens = 64000;
  f.interruptions.enabled = true;
  f.interruptions.rate_per_replica_hour = rate_per_replica_hour;
  f.interruptions.notice_ns = 100 * kMs;
  f.interruptions.replacement_ns = 500 * kMs;
  f.interruptions.seed = seed;
  return f;
}

TEST_CASE("an interruption mid-decode re-sends the request after the replacement", "[sim][spot]") {
  // 3600 per replica-hour: a mean gap of 1 s. Seed 12's first two draws are 0.368771609 s
  // and 1.665803329 s (Rng(12).Exponential(1.0), rounded to the ns).
  Rng check(12);
  REQUIRE(SecondsToNs(check.Exponential(1.0)) == 368'771'609);
  REQUIRE(SecondsToNs(check.Exponential(1.0)) == 1'665'803'329);

  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 0, 0);  // every step 1 ms
  Fleet fleet(&sim, SpotFleet(1, 3600, 12), &timer, &obs);
  VectorSource source({Req(0, 10, 1000), Req(300 * kMs, 10, 10)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  // t=0            A (10 in, 1000 out) starts; step k ends at k ms, one token each
  // t=268.771609   notice (reclaim - 100 ms): the replica takes no new request
  // t=300          B arrives: no replica takes requests, it waits in the fleet
  // t=368.771609   reclaim: 368 steps done (A: 10 prompt + 368 output tokens thrown away),
  //                step 369 abandoned; A waits behind B; the replacement is requested
  // t=868.771609   the replacement serves (+500 ms): B and A prefill together
  // t=869.771609   first tokens of both
  // t=878.771609   B done (10 steps)
  // t=1868.771609  A done (1000 steps after the restart)
  // The next reclaim is drawn from t=868.771609: +1665.803329 ms, its notice after A is done.
  const RequestRecord& a = obs.records[0];
  const RequestRecord& b = obs.records[1];
  CHECK(a.finish_ns == 1'868'771'609);
  CHECK(a.first_token_ns == 869'771'609);
  CHECK(a.queue_ns == 868'771'609);
  CHECK(a.output_tokens == 1000);
  CHECK(b.finish_ns == 878'771'609);
  CHECK(b.queue_ns == 868'771'609 - 300 * kMs);
  CHECK(fleet.reclaim_log() == std::vector<TimeNs>{368'771'609});
  const InterruptionStats& st = fleet.interruption_stats();
  CHECK(st.interruptions == 1);
  CHECK(st.lost.requests == 1);
  CHECK(st.lost.prefill_tokens == 10);
  CHECK(st.lost.decode_tokens == 368);
  // 368 whole steps of A plus the 0.771609 ms of step 369 cut short.
  CHECK(st.lost.busy_ns == 368'771'609);
  CHECK(fleet.busy_ns() == 368'771'609 + 1000 * kMs);
  // The replacement is paid from the reclaim on: one GPU all along.
  CHECK(fleet.GpuSeconds(1'868'771'609) == Approx(1.868771609));
}

TEST_CASE("without a notice the reclaim comes at the drawn time", "[sim][spot]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 0, 0);
  FleetConfig f = SpotFleet(1, 3600, 12);
  f.interruptions.notice_ns = 0;
  Fleet fleet(&sim, f, &timer, &obs);
  VectorSource source({Req(0, 10, 1000)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  // t=368.771609 reclaim; t=868.771609 the replacement restarts A; t=1868.771609 A done.
  CHECK(fleet.reclaim_log() == std::vector<TimeNs>{368'771'609});
  CHECK(obs.records[0].finish_ns == 1'868'771'609);
}

TEST_CASE("a reclaimed replica's requests move to the others at once", "[sim][spot]") {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 0, 0);
  FleetConfig f = SpotFleet(2, 3600, 12);
  f.interruptions.notice_ns = 0;
  Fleet fleet(&sim, f, &timer, &obs);
  // Replica 0 draws first (0.368771609 s), replica 1 second (1.665803329 s).
  VectorSource source({Req(0, 10, 1000)});
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  // t=0 A on replica 0; t=368.771609 replica 0 reclaimed, A restarts on replica 1;
  // t=1368.771609 A done there (replica 1's reclaim at 1665.803329 comes after).
  CHECK(obs.records[0].replica == 1);
  CHECK(obs.records[0].finish_ns == 1'368'771'609);
  CHECK(obs.records[0].queue_ns == 368'771'609);
}

// Many requests on a fleet interrupted often: every request finishes exactly once with all
// its tokens, the fixed fleet is paid for all its replicas over the run, and the same seed
// gives the same run.
std::vector<RequestRecord> RunBusyFleet(uint64_t seed, Fleet** out_fleet, Simulation* sim,
                                        std::unique_ptr<Fleet>* holder, RecordingObserver* obs,
                                        const LinearStepTimer* timer, DriverTotals* totals) {
  FleetConfig f = SpotFleet(3, 36000, seed);  // a reclaim every 0.1 s per replica on average
  f.interruptions.notice_ns = 20 * kMs;
  f.interruptions.replacement_ns = 50 * kMs;
  *holder = std::make_unique<Fleet>(sim, f, timer, obs);
  *out_fleet = holder->get();
  std::vector<Request> reqs;
  Rng rng(seed);
  for (int i = 0; i < 300; ++i)
    reqs.push_back(Req(i * 2 * kMs, 1 + static_cast<int32_t>(rng.Below(400)),
                       1 + static_cast<int32_t>(rng.Below(60))));
  VectorSource source(reqs);
  Driver driver(sim, &source, holder->get(), obs);
  REQUIRE(driver.Run().ok());  // completed + failed == submitted; tokens served == asked
  *totals = driver.totals();
  return obs->records;
}

TEST_CASE("interruptions lose no request and count nothing twice", "[sim][spot]") {
  LinearStepTimer timer(1 * kMs, 2'000, 50'000);
  Simulation sim1, sim2;
  RecordingObserver obs1, obs2;
  std::unique_ptr<Fleet> h1, h2;
  Fleet *f1 = nullptr, *f2 = nullptr;
  DriverTotals t1, t2;
  std::vector<RequestRecord> r1 = RunBusyFleet(7, &f1, &sim1, &h1, &obs1, &timer, &t1);
  std::vector<RequestRecord> r2 = RunBusyFleet(7, &f2, &sim2, &h2, &obs2, &timer, &t2);
  const InterruptionStats& st = f1->interruption_stats();
  CHECK(st.interruptions > 5);
  CHECK(st.lost.requests > 0);
  CHECK(t1.completed == 300);
  CHECK(t1.failed == 0);
  CHECK(f1->outstanding() == 0);
  // Each reclaimed replica was replaced: still three replicas, paid all along.
  CHECK(f1->GpuSeconds(t1.last_finish_ns) == Approx(3 * NsToSeconds(t1.last_finish_ns)));
  // Engine time: what the steps ran, less the parts of abandoned steps never run.
  TimeNs started = 0;
  for (const StepRecord& s : obs1.steps) started += s.duration_ns;
  CHECK(f1->busy_ns() <= started);
  CHECK(f1->busy_ns() + st.interruptions * 4 * kMs >= started);
  CHECK(st.lost.busy_ns <= f1->busy_ns());
  // Same seed, same run.
  REQUIRE(r1.size() == r2.size());
  for (size_t i = 0; i < r1.size(); ++i) {
    CHECK(r1[i].finish_ns == r2[i].finish_ns);
    CHECK(r1[i].replica == r2[i].replica);
  }
  CHECK(f2->reclaim_log() == f1->reclaim_log());
}

TEST_CASE("an interruption model with rate 0 changes nothing", "[sim][spot]") {
  LinearStepTimer timer(1 * kMs, 2'000, 50'000);
  auto run = [&](bool enabled) {
    Simulation sim;
    RecordingObserver obs;
    FleetConfig f = SpotFleet(2, 0, 3);
    f.interruptions.enabled = enabled;
    Fleet fleet(&sim, f, &timer, &obs);
    VectorSource source({Req(0, 100, 20), Req(1 * kMs, 300, 5), Req(2 * kMs, 50, 40)});
    Driver driver(&sim, &source, &fleet, &obs);
    REQUIRE(driver.Run().ok());
    std::vector<TimeNs> finish;
    for (const RequestRecord& r : obs.records) finish.push_back(r.finish_ns);
    return finish;
  };
  CHECK(run(true) == run(false));
}

}  // namespace
}  // namespace plan
