// Fused decode steps (Replica::FuseDecodeSteps) are an optimisation only: every request, step,
// preemption and counter must come out as they do when each step is its own event.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "sim_fakes.h"

namespace plan {
namespace {

using testing::kMs;
using testing::kUs;
using testing::RecordingObserver;
using testing::Req;
using testing::VectorSource;

using Run = testing::ReplicaRun;

ReplicaConfig Config(bool fuse) {
  ReplicaConfig c;
  c.max_num_seqs = 8;
  c.max_batched_tokens = 1000;
  c.block_size_tokens = 16;
  c.kv_capacity_tokens = 16 * 1000;
  c.fuse_decode_steps = fuse;
  return c;
}

TEST_CASE("A lone decode runs its steps in place: same timeline, fewer events", "[sim]") {
  // Step = 1 ms + 10 us per prefill token + 100 us per decoding sequence.
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  // t=0    A (10 in, 6 out) arrives; prefill 1.1 ms, first token at 1.1
  // t=1.1  five decode steps of 1.1 ms each: tokens 2..6 at 2.2, 3.3, 4.4, 5.5, 6.6
  // Unfused: arrival, kick and six step ends = 8 events. Fused: at 1.1 the decode started
  // there is followed in place by those of 2.2, 3.3, 4.4 and 5.5 (A has 5 tokens left, so
  // steps 1.1..4.4 end without finishing it); one event ends the step of 5.5: 4 events.
  Run fused({Req(0, 10, 6)}, Config(true), timer);
  Run plain({Req(0, 10, 6)}, Config(false), timer);
  REQUIRE(fused.status.ok());
  REQUIRE(plain.status.ok());
  for (const Run* r : {&fused, &plain}) {
    CHECK(r->obs.records[0].first_token_ns == 1100 * kUs);
    CHECK(r->obs.records[0].finish_ns == 6600 * kUs);
    CHECK(r->replica->steps() == 6);
    CHECK(r->replica->busy_ns() == 6600 * kUs);
    REQUIRE(r->obs.steps.size() == 6);
    CHECK(r->obs.steps[3].start_ns == 3300 * kUs);
    CHECK(r->obs.steps[3].decode_tokens == 1);
  }
  CHECK(plain.sim.events_processed() == 8);
  CHECK(fused.sim.events_processed() == 4);
}

TEST_CASE("An arrival due mid-decode stops the steps run in place before it", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  // t=0    A (10 in, 20 out): prefill to 1.1, then decodes of 1.1 ms
  // t=5.0  B (10 in, 2 out) arrives during the decode started at 4.4 (ends 5.5): the steps
  //        starting 2.2, 3.3 and 4.4 may run in place, not the one of 5.5, which admits B:
  //        decode A + prefill B = 1 + 0.1 + 0.1 = 1.2 ms, B's first token at 6.7
  // t=6.7  decode A + decode B = 1.2 ms: B done at 7.9
  Run fused({Req(0, 10, 20), Req(5000 * kUs, 10, 2)}, Config(true), timer);
  Run plain({Req(0, 10, 20), Req(5000 * kUs, 10, 2)}, Config(false), timer);
  REQUIRE(fused.status.ok());
  REQUIRE(plain.status.ok());
  for (const Run* r : {&fused, &plain}) {
    CHECK(r->obs.records[1].queue_ns == 500 * kUs);
    CHECK(r->obs.records[1].first_token_ns == 6700 * kUs);
    CHECK(r->obs.records[1].finish_ns == 7900 * kUs);
    CHECK(r->obs.steps[5].start_ns == 5500 * kUs);
    CHECK(r->obs.steps[5].prefill_tokens == 10);
    CHECK(r->obs.steps[5].decode_tokens == 1);
  }
  CHECK(fused.sim.events_processed() < plain.sim.events_processed());
}

// A seeded mix of bursts and lulls, lengths from 1 to 600 tokens (some with no output),
// shared prefixes, and a cache small enough to preempt.
std::vector<Request> Mixed(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Request> out;
  TimeNs t = 0;
  for (int i = 0; i < 400; ++i) {
    t += (rng() % 4 == 0) ? static_cast<TimeNs>(rng() % (400 * kMs))
                          : static_cast<TimeNs>(rng() % (2 * kMs));
    Request r = Req(t, 1 + static_cast<int32_t>(rng() % 600),
                    (rng() % 10 == 0) ? 0 : 1 + static_cast<int32_t>(rng() % 300));
    if (rng() % 2 == 0) {
      r.prefix_block_tokens = 64;
      for (int32_t b = 0; b < r.input_tokens / 64; ++b) r.prefix_hashes.push_back(rng() % 3 + b);
    }
    out.push_back(std::move(r));
  }
  return out;
}

void CheckSame(const Run& a, const Run& b) {
  REQUIRE(a.status.ok());
  REQUIRE(b.status.ok());
  REQUIRE(a.obs.records.size() == b.obs.records.size());
  for (size_t i = 0; i < a.obs.records.size(); ++i) {
    const RequestRecord& x = a.obs.records[i];
    const RequestRecord& y = b.obs.records[i];
    INFO("request " << i);
    CHECK(x.first_token_ns == y.first_token_ns);
    CHECK(x.finish_ns == y.finish_ns);
    CHECK(x.queue_ns == y.queue_ns);
    CHECK(x.output_tokens == y.output_tokens);
    CHECK(x.cached_input_tokens == y.cached_input_tokens);
    CHECK(x.preemptions == y.preemptions);
    CHECK(x.failed == y.failed);
  }
  REQUIRE(a.obs.steps.size() == b.obs.steps.size());
  for (size_t i = 0; i < a.obs.steps.size(); ++i) {
    const StepRecord& x = a.obs.steps[i];
    const StepRecord& y = b.obs.steps[i];
    INFO("step " << i);
    CHECK(x.start_ns == y.start_ns);
    CHECK(x.duration_ns == y.duration_ns);
    CHECK(x.prefill_tokens == y.prefill_tokens);
    CHECK(x.decode_tokens == y.decode_tokens);
    CHECK(x.running_seqs == y.running_seqs);
    CHECK(x.kv_used_fraction == y.kv_used_fraction);
  }
  CHECK(a.replica->busy_ns() == b.replica->busy_ns());
  CHECK(a.replica->steps() == b.replica->steps());
  CHECK(a.replica->preemptions() == b.replica->preemptions());
  CHECK(a.replica->kv_peak_fraction() == b.replica->kv_peak_fraction());
  CHECK(a.replica->kv().hits() == b.replica->kv().hits());
}

TEST_CASE("Fused decode steps change nothing on a mixed workload that preempts", "[sim]") {
  // Step = 1 ms + 10 us per prefill token + 100 us per decoding sequence + 0.5 ns per context
  // token read, so a fused step's time depends on its growing context.
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs, 0.5);
  const bool reserve = GENERATE(false, true);
  const uint64_t seed = GENERATE(1, 2, 3);
  ReplicaConfig fuse = Config(true), plain = Config(false);
  for (ReplicaConfig* c : {&fuse, &plain}) {
    c->max_num_seqs = 16;
    c->max_batched_tokens = 512;
    c->kv_capacity_tokens = 16 * 120;  // 1,920 tokens: preemptions (or waits, reserving)
    c->prefix_hash_tokens = 64;
    c->reserve_full_sequence = reserve;
  }
  Run a(Mixed(seed), fuse, timer);
  Run b(Mixed(seed), plain, timer);
  CheckSame(a, b);
  if (!reserve) CHECK(b.replica->preemptions() > 0);
  CHECK(a.sim.events_processed() < b.sim.events_processed());
}

// A fleet of `replicas` fed `requests` to the end, its replicas fusing steps or not.
struct FleetRun {
  Simulation sim;
  RecordingObserver obs;
  std::unique_ptr<Fleet> fleet;
  Status status;
  FleetRun(std::vector<Request> requests, const ReplicaConfig& config, int32_t replicas,
           const StepTimer& timer, bool each_step = true) {
    obs.each_step = each_step;
    FleetConfig f;
    f.replicas = replicas;
    f.policy = RoutePolicy::kLeastOutstanding;
    f.replica = config;
    fleet = std::make_unique<Fleet>(&sim, f, &timer, &obs);
    VectorSource source(std::move(requests));
    Driver driver(&sim, &source, fleet.get(), &obs);
    status = driver.Run();
  }
};

// Every request first answered and finished at the same times in both runs.
void CheckSameTimes(const RecordingObserver& x, const RecordingObserver& y) {
  REQUIRE(x.records.size() == y.records.size());
  for (size_t i = 0; i < x.records.size(); ++i) {
    INFO("request " << i);
    CHECK(x.records[i].finish_ns == y.records[i].finish_ns);
    CHECK(x.records[i].first_token_ns == y.records[i].first_token_ns);
  }
}

// Each replica's steps in its own order: replicas running ahead report theirs earlier than the
// clock would, so only the order across replicas may differ.
std::vector<StepRecord> ByReplica(std::vector<StepRecord> steps) {
  std::stable_sort(steps.begin(), steps.end(),
                   [](const StepRecord& a, const StepRecord& b) { return a.replica < b.replica; });
  return steps;
}

TEST_CASE("A fleet's replicas run ahead past each other's steps and change nothing", "[sim]") {
  // The step floor (1 ms fixed) lets a replica promise how long until a request of it can
  // finish, so the others fuse their decodes past its steps up to that promise.
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs, 0.5);
  const uint64_t seed = GENERATE(4, 5);
  const int32_t replicas = GENERATE(2, 5);
  ReplicaConfig fuse = Config(true), plain = Config(false);
  for (ReplicaConfig* c : {&fuse, &plain}) {
    c->max_num_seqs = 16;
    c->max_batched_tokens = 512;
    c->kv_capacity_tokens = 16 * 200;
    c->prefix_hash_tokens = 64;
  }
  FleetRun a(Mixed(seed), fuse, replicas, timer);
  FleetRun b(Mixed(seed), plain, replicas, timer);
  REQUIRE(a.status.ok());
  REQUIRE(b.status.ok());
  REQUIRE(a.obs.records.size() == b.obs.records.size());
  for (size_t i = 0; i < a.obs.records.size(); ++i) {
    INFO("request " << i);
    const RequestRecord& x = a.obs.records[i];
    const RequestRecord& y = b.obs.records[i];
    CHECK(x.replica == y.replica);
    CHECK(x.first_token_ns == y.first_token_ns);
    CHECK(x.finish_ns == y.finish_ns);
    CHECK(x.queue_ns == y.queue_ns);
    CHECK(x.preemptions == y.preemptions);
  }
  const std::vector<StepRecord> sa = ByReplica(a.obs.steps), sb = ByReplica(b.obs.steps);
  REQUIRE(sa.size() == sb.size());
  for (size_t i = 0; i < sa.size(); ++i) {
    INFO("step " << i);
    CHECK(sa[i].replica == sb[i].replica);
    CHECK(sa[i].start_ns == sb[i].start_ns);
    CHECK(sa[i].duration_ns == sb[i].duration_ns);
    CHECK(sa[i].decode_tokens == sb[i].decode_tokens);
    CHECK(sa[i].kv_used_fraction == sb[i].kv_used_fraction);
  }
  for (int32_t r = 0; r < replicas; ++r) {
    CHECK(a.fleet->replica(r).busy_ns() == b.fleet->replica(r).busy_ns());
    CHECK(a.fleet->replica(r).kv_peak_fraction() == b.fleet->replica(r).kv_peak_fraction());
  }
  // The steps of one replica no longer stop at the others': most run in place.
  CHECK(a.sim.events_processed() * 3 < b.sim.events_processed());

  // An observer that only sums steps hears of each run in place once: the same requests, and
  // per replica the same steps, busy time and peak cache use as every step told apart.
  FleetRun s(Mixed(seed), fuse, replicas, timer, /*each_step=*/false);
  REQUIRE(s.status.ok());
  CheckSameTimes(s.obs, b.obs);
  CHECK(!s.obs.decode_runs.empty());
  for (int32_t r = 0; r < replicas; ++r) {
    INFO("replica " << r);
    int64_t steps_s = 0, steps_b = 0;
    TimeNs busy_s = 0, busy_b = 0;
    double kv_s = 0, kv_b = 0;
    for (const StepRecord& x : s.obs.steps) {
      if (x.replica != r) continue;
      ++steps_s;
      busy_s += x.duration_ns;
      kv_s = std::max(kv_s, x.kv_used_fraction);
    }
    for (const testing::RecordingObserver::DecodeRun& x : s.obs.decode_runs) {
      if (x.replica != r) continue;
      CHECK(x.steps >= 1);
      steps_s += x.steps;
      busy_s += x.duration_ns;
      kv_s = std::max(kv_s, x.kv_used_fraction);
    }
    for (const StepRecord& x : b.obs.steps) {
      if (x.replica != r) continue;
      ++steps_b;
      busy_b += x.duration_ns;
      kv_b = std::max(kv_b, x.kv_used_fraction);
    }
    CHECK(steps_s == steps_b);
    CHECK(busy_s == busy_b);
    CHECK(kv_s == kv_b);
    CHECK(s.fleet->replica(r).busy_ns() == b.fleet->replica(r).busy_ns());
  }
}

// plan search judges max_num_seqs twins from one run (Fleet::AdoptRun): a fleet whose run never
// asked for more seats or blocks than a twin has makes the twin's very run.
TEST_CASE("A fleet's run stands for a twin's where neither limit bound it", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs, 0.5);
  ReplicaConfig roomy = Config(true);
  roomy.max_num_seqs = 64;
  roomy.max_batched_tokens = 2048;
  roomy.kv_capacity_tokens = 16 * 5000;
  roomy.prefix_hash_tokens = 64;
  FleetRun a(Mixed(4), roomy, 3, timer);
  REQUIRE(a.status.ok());
  const RunEnvelope e = a.fleet->envelope();
  CHECK(e.exact);
  CHECK(e.seats > 4);  // it did batch
  CHECK(e.seats < roomy.max_num_seqs);
  CHECK(e.blocks > 0);
  CHECK(e.blocks < 5000);

  // The tightest twin the run holds for, run for real, and the same twin taking on a's run.
  ReplicaConfig tight = roomy;
  tight.max_num_seqs = e.seats;
  tight.kv_capacity_tokens = 16 * e.blocks;
  FleetRun b(Mixed(4), tight, 3, timer);
  REQUIRE(b.status.ok());
  CheckSameTimes(b.obs, a.obs);
  auto fleet_of = [&](const ReplicaConfig& c, Simulation* sim, int32_t replicas = 3) {
    FleetConfig f;
    f.replicas = replicas;
    f.policy = RoutePolicy::kLeastOutstanding;
    f.replica = c;
    return std::make_unique<Fleet>(sim, f, &timer, nullptr);
  };
  Simulation unused;
  std::unique_ptr<Fleet> twin = fleet_of(tight, &unused);
  REQUIRE(twin->AdoptRun(*a.fleet));
  CHECK(twin->finished() == b.fleet->finished());
  for (int32_t r = 0; r < 3; ++r) {
    INFO("replica " << r);
    const Replica &x = twin->replica(r), &y = b.fleet->replica(r);
    CHECK(x.busy_ns() == y.busy_ns());
    CHECK(x.steps() == y.steps());
    CHECK(x.preemptions() == 0);
    CHECK(x.kv_peak_fraction() == y.kv_peak_fraction());
    CHECK(x.kv_peak_fraction() != a.fleet->replica(r).kv_peak_fraction());  // another cache
  }

  // One seat or one block fewer, and the run no longer stands for the twin.
  ReplicaConfig fewer_seats = tight, fewer_blocks = tight;
  fewer_seats.max_num_seqs = e.seats - 1;
  fewer_blocks.kv_capacity_tokens = 16 * (e.blocks - 1);
  CHECK_FALSE(fleet_of(fewer_seats, &unused)->AdoptRun(*a.fleet));
  CHECK_FALSE(fleet_of(fewer_blocks, &unused)->AdoptRun(*a.fleet));
  // Nor does anything else differ: the token budget, or the replica count.
  ReplicaConfig budget = roomy;
  budget.max_batched_tokens = 1024;
  CHECK_FALSE(fleet_of(budget, &unused)->AdoptRun(*a.fleet));
  CHECK_FALSE(fleet_of(tight, &unused, 2)->AdoptRun(*a.fleet));

  // A run its seat limit bound (it asked for one more) holds for no twin with more seats; one
  // its cache cut short (preemptions) for none at all.
  ReplicaConfig few = roomy;
  few.max_num_seqs = 2;
  FleetRun bound(Mixed(4), few, 3, timer);
  REQUIRE(bound.status.ok());
  CHECK(bound.fleet->envelope().seats == 3);
  CHECK(bound.fleet->envelope().exact);
  CHECK_FALSE(fleet_of(roomy, &unused)->AdoptRun(*bound.fleet));
  ReplicaConfig small = roomy;
  small.kv_capacity_tokens = 16 * 120;
  FleetRun short_kv(Mixed(4), small, 3, timer);
  REQUIRE(short_kv.status.ok());
  CHECK_FALSE(short_kv.fleet->envelope().exact);
  CHECK(short_kv.fleet->preemptions() + short_kv.fleet->rejected_over_kv() > 0);
  CHECK_FALSE(fleet_of(small, &unused)->AdoptRun(*short_kv.fleet));
}

}  // namespace
}  // namespace plan
