// Requests with no output (embeddings, classification): prefill only, done with the prompt.
#include <catch2/catch.hpp>

#include "metrics/collector.h"
#include "sim_fakes.h"

namespace plan {
namespace {

using testing::kMs;
using testing::kUs;
using testing::RecordingObserver;
using testing::RecordingTimer;
using testing::Req;
using testing::VectorSource;

ReplicaConfig SmallConfig(int64_t budget) {
  ReplicaConfig c;
  c.max_num_seqs = 8;
  c.max_batched_tokens = budget;
  c.block_size_tokens = 16;
  c.kv_capacity_tokens = 16 * 100;
  return c;
}

TEST_CASE("a prefill-only request is done when its prompt is: TTFT = e2e, no decode step",
          "[sim][embedding]") {
  // Step = 1 ms + 10 us per prefill token + 100 us per decoding sequence.
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  Simulation sim;
  RecordingObserver obs;
  Replica recorded(&sim, 0, SmallConfig(64), &rec, &obs);
  // Budget 64 tokens.
  // t=0     A arrives (100 in, 0 out); step 1 = A's chunk of 64: 1 + 0.64 = 1.64 ms
  // t=0.2   B arrives (30 in, 0 out) and waits for the step in flight
  // t=1.64  step 2 = A's last 36 + B's 28 of 30 (budget 64): 1 + 0.64 = 1.64 ms
  // t=3.28  A done (TTFT = e2e = 3.28 ms); step 3 = B's last 2: 1 + 0.02 = 1.02 ms
  // t=4.30  B done (TTFT = e2e = 4.10 ms from its arrival at 0.2)
  VectorSource source({Req(0, 100, 0), Req(200 * kUs, 30, 0)});
  Driver driver(&sim, &source, &recorded, &obs);
  REQUIRE(driver.Run().ok());
  REQUIRE(obs.records.size() == 2);
  const RequestRecord& a = obs.records[0];
  const RequestRecord& b = obs.records[1];
  CHECK(a.first_token_ns == 3280 * kUs);
  CHECK(a.finish_ns == 3280 * kUs);
  CHECK(a.output_tokens == 0);
  CHECK_FALSE(a.failed);
  CHECK(b.queue_ns == 1440 * kUs);
  CHECK(b.first_token_ns == 4300 * kUs);
  CHECK(b.finish_ns == 4300 * kUs);
  CHECK(b.output_tokens == 0);
  REQUIRE(rec.shapes.size() == 3);  // no decode step
  CHECK(rec.shapes[0].prefill_tokens == 64);
  CHECK(rec.shapes[1].prefill_tokens == 64);
  CHECK(rec.shapes[1].prefill_seqs == 2);
  CHECK(rec.shapes[2].prefill_tokens == 2);
  CHECK(rec.shapes[1].pooled_seqs == 2);  // no LM head for either
  CHECK(rec.shapes[1].logit_rows() == 0);
  for (const BatchShape& s : rec.shapes) CHECK(s.decode_seqs == 0);
  CHECK(recorded.busy_ns() == 4300 * kUs);
  // Conservation: both finished, nothing left running, and every KV block given back.
  CHECK(recorded.outstanding() == 0);
  CHECK(recorded.kv().used_blocks() == 0);
  CHECK(driver.totals().completed == 2);
  CHECK(driver.totals().output_tokens_served == 0);
}

TEST_CASE("prefill-only requests have no TPOT, and their TTFT equals their e2e",
          "[sim][embedding][metrics]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  Simulation sim;
  Collector collector(SloSpec{}, /*replicas=*/1);
  Replica replica(&sim, 0, SmallConfig(1000), &timer, &collector);
  // t=0 A (100 in) and B (200 in, same instant) in one step: 1 + 3.0 = 4.0 ms; both done at 4.0
  VectorSource source({Req(0, 100, 0), Req(0, 200, 0)});
  Driver driver(&sim, &source, &replica, &collector);
  REQUIRE(driver.Run().ok());
  CandidateMetrics m = collector.Summarize();
  CHECK(m.requests_completed == 2);
  CHECK(m.output_tokens == 0);
  CHECK(m.input_tokens == 300);
  CHECK(m.ttft_s.p50 == Approx(0.004));
  CHECK(m.e2e_s.p50 == Approx(0.004));
  CHECK(m.tpot_s == LatencyStats{});  // none: a table shows "-"
}

TEST_CASE("a prefill-only prompt may fill the context window whole", "[sim][embedding]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  Simulation sim;
  RecordingObserver obs;
  ReplicaConfig config = SmallConfig(1000);
  config.max_context_tokens = 512;
  Replica replica(&sim, 0, config, &timer, &obs);
  // 512 in, 0 out fits a 512-token context; 512 in, 1 out leaves no room for the token; 513
  // in, 0 out is over.
  VectorSource source({Req(0, 512, 0), Req(0, 512, 1), Req(0, 513, 0)});
  Driver driver(&sim, &source, &replica, &obs);
  REQUIRE(driver.Run().ok());
  CHECK_FALSE(obs.records[0].failed);
  CHECK(obs.records[1].failed);
  CHECK(obs.records[2].failed);
  CHECK(replica.rejected_over_context() == 2);
}

TEST_CASE("a fleet serves a mixed stream of prefill-only and chat requests, losing none",
          "[sim][embedding]") {
  // Two replicas, round robin; 1 ms per step + 10 us per prefill token + 100 us per decode.
  FleetConfig f;
  f.replicas = 2;
  f.gpus_per_replica = 1;
  f.policy = RoutePolicy::kRoundRobin;
  f.replica = SmallConfig(256);
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  Simulation sim;
  RecordingObserver obs;
  Fleet fleet(&sim, f, &timer, &obs);
  // 200 requests, one every 0.5 ms: even ids embed 300 tokens (no output), odd ones ask 20 in,
  // 5 out. Round robin puts every embedding on replica 0 and every chat request on replica 1.
  std::vector<Request> requests;
  for (int i = 0; i < 200; ++i)
    requests.push_back(i % 2 == 0 ? Req(i * 500 * kUs, 300, 0) : Req(i * 500 * kUs, 20, 5));
  VectorSource source(std::move(requests));
  Driver driver(&sim, &source, &fleet, &obs);
  REQUIRE(driver.Run().ok());
  const DriverTotals& t = driver.totals();
  CHECK(t.submitted == 200);
  CHECK(t.completed == 200);
  CHECK(t.failed == 0);
  CHECK(t.output_tokens_asked == 100 * 5);
  CHECK(t.output_tokens_served == 100 * 5);
  CHECK(t.input_tokens == 100 * 300 + 100 * 20);
  for (int32_t i = 0; i < 2; ++i) {
    CHECK(fleet.replica(i).outstanding() == 0);
    CHECK(fleet.replica(i).kv().used_blocks() == 0);
  }
  for (const RequestRecord& r : obs.records) {
    INFO("request " << r.id);
    CHECK(r.replica == static_cast<int16_t>(r.id % 2));
    if (r.id % 2 == 0) {
      CHECK(r.output_tokens == 0);
      CHECK(r.first_token_ns == r.finish_ns);
    } else {
      CHECK(r.output_tokens == 5);
      CHECK(r.finish_ns > r.first_token_ns);
    }
  }
  // The first embedding: t=0 arrives, 256 of its 300 tokens (the budget) in 1 + 2.56 ms; t=3.56
  // the last 44 with request 2's first 212 (arrived t=1): 1 + 2.56 ms; done at t=7.12.
  CHECK(obs.records[0].finish_ns == 7120 * kUs);
}

}  // namespace
}  // namespace plan
