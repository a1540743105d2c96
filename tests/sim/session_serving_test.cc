// Stateful serving end to end: generated sessions through a fleet, with a state store in front
// and warmed prefix caches.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/state_store.h"
#include "sim_fakes.h"
#include "workload/session_source.h"
#include "workload/workload.h"

namespace plan {
namespace {

using testing::kMs;
using testing::RecordingObserver;

constexpr TimeNs kUs = 1000;

LengthDist Fixed(int64_t v) {
  LengthDist d;
  d.kind = LengthKind::kFixed;
  d.value = v;
  return d;
}

// Sessions start at t = 0, 1 s, 2 s, ...; two turns 500 ms apart; 1,024-token messages and
// 2-token answers. Turn 0: a 1,024-token prompt (2 blocks of 512); turn 1: 1,024 + 2 + 1,024
// = 2,050 tokens (4 blocks, the first 2 those of turn 0).
WorkloadSpec TwoTurnSessions(int64_t requests, int32_t system_prompt_tokens = 0) {
  WorkloadSpec spec;
  GeneratorSpec& g = spec.generator;
  g.arrival = ArrivalKind::kConstant;
  g.rate_per_s = 1;
  g.requests = requests;
  g.input_tokens = Fixed(1024);
  g.output_tokens = Fixed(2);
  spec.sessions.enabled = true;
  spec.sessions.turns = Fixed(2);
  spec.sessions.think_time_s = 0.5;
  spec.sessions.think_exponential = false;
  spec.sessions.system_prompt_tokens = system_prompt_tokens;
  return spec;
}

// Steps cost 1 ms + 10 us per prefill token: a prefill's time shows what the cache saved.
FleetConfig Fleet2(RoutePolicy policy, int32_t replicas = 2) {
  FleetConfig f;
  f.replicas = replicas;
  f.policy = policy;
  f.replica.max_num_seqs = 8;
  f.replica.max_batched_tokens = 8192;
  f.replica.kv_capacity_tokens = 64000;
  return f;
}

struct Run {
  std::vector<RequestRecord> records;  // by request id
  uint64_t reads = 0;
};

Run Simulate(const WorkloadSpec& spec, const FleetConfig& config, double store_p50_ms = 0,
             double store_p99_ms = 0) {
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 10 * kUs, 0);
  Fleet fleet(&sim, config, &timer, &obs);
  auto source = OpenWorkload(spec, 1, 0);
  REQUIRE(source.ok());
  std::unique_ptr<StateStoreTarget> store;
  Target* root = &fleet;
  if (store_p50_ms > 0) {
    store = std::make_unique<StateStoreTarget>(&sim, &fleet, store_p50_ms, store_p99_ms, 1);
    root = store.get();
  }
  Driver driver(&sim, source->get(), root, &obs);
  REQUIRE(driver.Run().ok());
  Run run;
  run.records = obs.records;
  std::sort(run.records.begin(), run.records.end(),
            [](const RequestRecord& a, const RequestRecord& b) { return a.id < b.id; });
  if (store) run.reads = store->reads();
  return run;
}

TimeNs Ttft(const RequestRecord& r) { return r.first_token_ns - r.arrival_ns; }

}  // namespace

TEST_CASE("a session's second turn hits the prefix cache under affinity, not round robin",
          "[sim]") {
  // Requests: 0 = s1#0 at t=0, 1 = s1#1 at t=500 ms, 2 = s2#0 at t=1 s, 3 = s2#1 at t=1.5 s.
  Run affinity = Simulate(TwoTurnSessions(4), Fleet2(RoutePolicy::kSessionAffinity));
  // t=0      s1#0 -> replica 0 (idle, lowest index); prefill 1 ms + 1,024 x 10 us = 11.24 ms,
  //          its 2 blocks cached when the prompt is computed; the answer's last token at 12.24.
  // t=500    s1#1 -> replica 0 (its session's); 2 of 4 blocks hit: 1,026 tokens to prefill,
  //          1 ms + 10.26 ms = 11.26 ms.
  REQUIRE(affinity.records.size() == 4);
  CHECK(affinity.records[0].replica == 0);
  CHECK(Ttft(affinity.records[0]) == 11'240 * kUs);
  CHECK(affinity.records[1].replica == 0);
  CHECK(affinity.records[1].cached_input_tokens == 1024);
  CHECK(Ttft(affinity.records[1]) == 11'260 * kUs);
  CHECK(affinity.records[3].replica == affinity.records[2].replica);
  CHECK(affinity.records[3].cached_input_tokens == 1024);

  Run rr = Simulate(TwoTurnSessions(4), Fleet2(RoutePolicy::kRoundRobin));
  // t=500    s1#1 -> replica 1, which never saw session 1: all 2,050 tokens prefilled,
  //          1 ms + 20.5 ms = 21.5 ms.
  CHECK(rr.records[0].replica == 0);
  CHECK(rr.records[1].replica == 1);
  CHECK(rr.records[1].cached_input_tokens == 0);
  CHECK(Ttft(rr.records[1]) == 21'500 * kUs);
  CHECK(rr.records[3].replica == 1);  // s2#0 went to replica 0
  CHECK(rr.records[3].cached_input_tokens == 0);
}

TEST_CASE("affinity lost on scale-down sends a session's turn to a cold replica", "[sim]") {
  // Sessions 1 and 2 of a generated stream (1 ms apart, turn 1 five seconds after turn 0).
  WorkloadSpec spec = TwoTurnSessions(6000);
  spec.generator.rate_per_s = 1000;
  spec.sessions.think_time_s = 5;
  auto source = OpenWorkload(spec, 1, 0);
  REQUIRE(source.ok());
  std::vector<Request> two;
  for (Request r; (*source)->Next(&r);)
    if (r.session <= 2) two.push_back(r);
  REQUIRE(two.size() == 4);
  FleetConfig f = Fleet2(RoutePolicy::kSessionAffinity);
  f.autoscale.enabled = true;
  f.autoscale.min_replicas = 1;
  f.autoscale.max_replicas = 2;
  f.autoscale.interval_ns = 1000 * kMs;
  f.autoscale.scale_down_outstanding = 0.5;
  Simulation sim;
  RecordingObserver obs;
  LinearStepTimer timer(1 * kMs, 10 * kUs, 0);
  Fleet fleet(&sim, f, &timer, &obs);
  testing::VectorSource vs(two);
  Driver driver(&sim, &vs, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  std::vector<RequestRecord> rec = obs.records;
  std::sort(rec.begin(), rec.end(),
            [](const RequestRecord& a, const RequestRecord& b) { return a.id < b.id; });
  // t=0      s1#0 -> replica 0.  t=1 ms s2#0 -> replica 1 (replica 0 busy); both prompts cached.
  // t=1 s    tick: nothing outstanding -> replica 1 (the newest on a tie) drains and stops.
  // t=5 s    s1#1 -> replica 0, its session's: 1,024 tokens from the cache.
  //          Its prefill step runs 5.000 -> 5.01126 s.
  // t=5.001  s2#1: replica 1 is gone -> replica 0, which never saw session 2. It waits for
  //          that step, then all 2,050 tokens are prefilled beside s1#1's decode: 1 ms +
  //          20.5 ms, first token at 5.03276 s, TTFT 31.76 ms.
  REQUIRE(rec.size() == 4);
  CHECK(rec[0].replica == 0);
  CHECK(rec[1].replica == 1);
  CHECK(rec[2].replica == 0);
  CHECK(rec[2].cached_input_tokens == 1024);
  CHECK(rec[3].replica == 0);
  CHECK(rec[3].cached_input_tokens == 0);
  CHECK(Ttft(rec[3]) == 31'760 * kUs);
  REQUIRE(fleet.scale_log().size() >= 1);
  CHECK(fleet.scale_log().back() == std::pair<TimeNs, int32_t>{1000 * kMs, 1});
}

TEST_CASE("every later turn reads its state from the store before it is served", "[sim]") {
  // p50 = p99 = 2 ms: every read takes exactly 2 ms.
  Run run = Simulate(TwoTurnSessions(4), Fleet2(RoutePolicy::kSessionAffinity), 2, 2);
  // t=0      s1#0: a first turn, no state to read; TTFT 11.24 ms as without a store.
  // t=500    s1#1: read 500 -> 502 ms, then the 11.26 ms prefill: TTFT 13.26 ms, of which
  //          2 ms waiting for the read.
  // t=1000   s2#0: 11.24 ms.  t=1500 s2#1: 13.26 ms.
  REQUIRE(run.records.size() == 4);
  CHECK(run.reads == 2);
  CHECK(Ttft(run.records[0]) == 11'240 * kUs);
  CHECK(run.records[0].queue_ns == 0);
  CHECK(Ttft(run.records[1]) == 13'260 * kUs);
  CHECK(run.records[1].queue_ns == 2 * kMs);
  CHECK(Ttft(run.records[2]) == 11'240 * kUs);
  CHECK(Ttft(run.records[3]) == 13'260 * kUs);
}

TEST_CASE("state store reads follow the lognormal through p50 and p99", "[sim]") {
  // 20,000 sessions of 2 turns, far apart: each read's latency is the later turn's queueing.
  WorkloadSpec spec = TwoTurnSessions(40000);
  spec.generator.input_tokens = Fixed(10);
  Run run = Simulate(spec, Fleet2(RoutePolicy::kSessionAffinity), 1, 5);
  std::vector<double> reads;
  for (const RequestRecord& r : run.records)
    if (r.id % 2 == 1) reads.push_back(static_cast<double>(r.queue_ns) / kMs);
  REQUIRE(reads.size() == 20000);
  std::sort(reads.begin(), reads.end());
  CHECK(reads[10000] == Approx(1.0).epsilon(0.03));
  CHECK(reads[19800] == Approx(5.0).epsilon(0.10));
  // Same seed, same reads.
  Run again = Simulate(spec, Fleet2(RoutePolicy::kSessionAffinity), 1, 5);
  CHECK(again.records[1].queue_ns == run.records[1].queue_ns);
}

TEST_CASE("a warmed replica serves the system prompt from its cache at once", "[sim]") {
  // A 1,024-token system prompt (2 blocks) before each 1,024-token message: 2,048 tokens.
  WorkloadSpec spec = TwoTurnSessions(1, 1024);
  FleetConfig cold = Fleet2(RoutePolicy::kSessionAffinity, 1);
  FleetConfig warm = cold;
  warm.replica.warm_prefix_hashes = SystemPromptHashes(1024);
  // Cold, t=0: all 2,048 tokens prefilled, 1 ms + 20.48 ms = 21.48 ms.
  Run c = Simulate(spec, cold);
  CHECK(c.records[0].cached_input_tokens == 0);
  CHECK(Ttft(c.records[0]) == 21'480 * kUs);
  // Warmed, t=0: the system prompt's 2 blocks are cached from the start; 1,024 tokens left,
  // 1 ms + 10.24 ms = 11.24 ms.
  Run w = Simulate(spec, warm);
  CHECK(w.records[0].cached_input_tokens == 1024);
  CHECK(Ttft(w.records[0]) == 11'240 * kUs);
}

TEST_CASE("warming loads each hash once and only into free blocks", "[sim]") {
  KvCache kv(100, 32);
  CHECK(kv.Preload(7));
  CHECK(kv.Preload(7));
  CHECK(kv.evictable_blocks() == 32);
  CHECK(kv.free_blocks() == 68);
  CHECK(kv.Preload(8));
  CHECK(kv.Preload(9));  // 36 free blocks: room for one more hash
  CHECK(kv.free_blocks() == 4);
  CHECK_FALSE(kv.Preload(10));
  CHECK(kv.free_blocks() == 4);
  CHECK(kv.PeekPrefix(std::vector<uint64_t>{7, 8, 9, 10}.data(), 4) == 3);
}

}  // namespace plan
