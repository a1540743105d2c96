#include <catch2/catch.hpp>

#include "sim_fakes.h"

namespace plan {
namespace {

using testing::kMs;
using testing::kUs;
using testing::RecordingObserver;
using testing::RecordingTimer;
using testing::Req;
using testing::VectorSource;

ReplicaConfig BigConfig(int64_t budget) {
  ReplicaConfig c;
  c.max_num_seqs = 8;
  c.max_batched_tokens = budget;
  c.block_size_tokens = 16;
  c.kv_capacity_tokens = 16 * 1000;
  return c;
}

using Run = testing::ReplicaRun;

TEST_CASE("continuous batching: a new request joins the running decode", "[sim]") {
  // Step = 1 ms + 10 us per prefill token + 100 us per decoding sequence.
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  // t=0      A arrives (50 in, 3 out); step 1 = prefill A(50): 1 + 0.5 = 1.5 ms
  // t=0.5    B arrives (30 in, 2 out) and waits for the step in flight
  // t=1.5    A's first token; step 2 = decode A + prefill B(30): 1 + 0.1 + 0.3 = 1.4 ms
  // t=2.9    A token 2, B's first token; step 3 = decode A + decode B: 1 + 0.2 = 1.2 ms
  // t=4.1    A token 3 (done), B token 2 (done)
  Run run({Req(0, 50, 3), Req(500 * kUs, 30, 2)}, BigConfig(1000), rec);
  REQUIRE(run.status.ok());
  const auto& a = run.obs.records[0];
  const auto& b = run.obs.records[1];
  CHECK(a.first_token_ns == 1500 * kUs);
  CHECK(a.finish_ns == 4100 * kUs);
  CHECK(a.queue_ns == 0);
  CHECK(b.queue_ns == 1000 * kUs);
  CHECK(b.first_token_ns == 2900 * kUs);
  CHECK(b.finish_ns == 4100 * kUs);
  CHECK(a.output_tokens == 3);
  CHECK(b.output_tokens == 2);
  REQUIRE(rec.shapes.size() == 3);
  CHECK(rec.shapes[1].prefill_tokens == 30);
  CHECK(rec.shapes[1].decode_seqs == 1);
  CHECK(rec.shapes[1].decode_context_tokens == 50);
  CHECK(rec.shapes[2].decode_seqs == 2);
  CHECK(rec.shapes[2].decode_context_tokens == 51 + 30);
  CHECK(run.replica->busy_ns() == 4100 * kUs);
}

TEST_CASE("chunked prefill splits a long prompt across steps within the token budget", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  // Budget 32 tokens. A: 80 in, 2 out.
  // t=0     chunk 1: 32 tokens, p=0   -> 1 + 0.32 = 1.32 ms
  // t=1.32  chunk 2: 32 tokens, p=32  -> 1.32 ms
  // t=2.64  chunk 3: 16 tokens, p=64  -> 1.16 ms; first token at 3.80
  // t=3.80  decode                    -> 1.10 ms; done at 4.90
  Run run({Req(0, 80, 2)}, BigConfig(32), rec);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].first_token_ns == 3800 * kUs);
  CHECK(run.obs.records[0].finish_ns == 4900 * kUs);
  REQUIRE(rec.shapes.size() == 4);
  CHECK(rec.shapes[0].prefill_tokens == 32);
  CHECK(rec.shapes[0].prefill_attention_pairs == 32.0 * 33 / 2);  // causal within the chunk
  CHECK(rec.shapes[1].prefill_context_tokens == 32);
  CHECK(rec.shapes[1].prefill_attention_pairs == 32.0 * 32 + 32.0 * 33 / 2);
  CHECK(rec.shapes[2].prefill_tokens == 16);
  CHECK(rec.shapes[2].prefill_attention_pairs == 16.0 * 64 + 16.0 * 17 / 2);
  CHECK(rec.shapes[3].decode_seqs == 1);
  CHECK(rec.shapes[3].decode_context_tokens == 80);
}

TEST_CASE("without chunked prefill a prompt over the budget runs whole, alone", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  ReplicaConfig config = BigConfig(32);
  config.chunked_prefill = false;
  // t=0 prefill all 80 tokens in one step: 1 + 0.8 = 1.8 ms; t=1.8 decode 1.1 ms -> 2.9
  Run run({Req(0, 80, 2)}, config, rec);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].first_token_ns == 1800 * kUs);
  CHECK(run.obs.records[0].finish_ns == 2900 * kUs);
}

TEST_CASE("KV exhaustion preempts the newest sequence, which is recomputed later", "[sim]") {
  // Every step takes 1 ms. KV: 4 blocks of 16 tokens. A and B: 16 in, 20 out, both at t=0.
  // Step s runs over [s-1, s] ms. After step s (s <= 17) each has generated s tokens and holds
  // ceil((16 + s) / 16) blocks: 1 block until s=1, 2 blocks up to 32 tokens.
  // t=17  A needs a 3rd block, none free: B (admitted last) is preempted, its 2 blocks freed.
  //       Nothing new is admitted in a step that preempted.
  // t=18  B (33 tokens to recompute) needs 3 blocks, 1 free: waits.
  // t=20  A generates token 20 and finishes, freeing 3 blocks.
  // t=20  B recomputes 16 + 17 = 33 tokens in one step -> token 18 at t=21, 19 at 22, 20 at 23.
  LinearStepTimer timer(1 * kMs, 0, 0);
  ReplicaConfig config = BigConfig(1000);
  config.kv_capacity_tokens = 64;
  Run run({Req(0, 16, 20), Req(0, 16, 20)}, config, timer);
  REQUIRE(run.status.ok());
  const auto& a = run.obs.records[0];
  const auto& b = run.obs.records[1];
  CHECK(a.first_token_ns == 1 * kMs);
  CHECK(a.finish_ns == 20 * kMs);
  CHECK(a.preemptions == 0);
  CHECK(b.first_token_ns == 1 * kMs);
  CHECK(b.finish_ns == 23 * kMs);
  CHECK(b.preemptions == 1);
  CHECK(b.output_tokens == 20);
  CHECK(run.obs.preemption_times == std::vector<TimeNs>{17 * kMs});
  CHECK(run.replica->kv().free_blocks() == 4);
  CHECK(run.replica->kv_peak_fraction() == 1.0);
}

TEST_CASE("a request longer than the whole KV cache fails instead of looping", "[sim]") {
  LinearStepTimer timer(1 * kMs, 0, 0);
  ReplicaConfig config = BigConfig(1000);
  config.kv_capacity_tokens = 64;
  Run run({Req(0, 60, 10), Req(0, 10, 2)}, config, timer);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].failed);
  CHECK_FALSE(run.obs.records[1].failed);
  CHECK(run.obs.records[1].finish_ns == 2 * kMs);
}

TEST_CASE("prefix caching serves the shared leading blocks of a later prompt", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  ReplicaConfig config = BigConfig(1000);
  config.prefix_hash_tokens = 32;  // 2 blocks of 16 per hash
  Request a = Req(0, 80, 1);
  a.prefix_hashes = {11, 12};
  a.prefix_block_tokens = 32;
  Request b = Req(5 * kMs, 80, 1);
  b.prefix_hashes = {11, 12, 13};
  b.prefix_block_tokens = 32;
  // t=0  A computes all 80 tokens: 1 + 0.8 = 1.8 ms; on finishing, hashes 11 and 12 are cached.
  // t=5  B matches 11 and 12 (64 tokens; the 3rd hash would cover the last token, which is always
  //      computed), computes 16 tokens after 64 cached: 1 + 0.16 = 1.16 ms -> done at 6.16.
  Run run({a, b}, config, rec);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].finish_ns == 1800 * kUs);
  CHECK(run.obs.records[0].cached_input_tokens == 0);
  CHECK(run.obs.records[1].finish_ns == 6160 * kUs);
  CHECK(run.obs.records[1].cached_input_tokens == 64);
  REQUIRE(rec.shapes.size() == 2);
  CHECK(rec.shapes[1].prefill_tokens == 16);
  CHECK(rec.shapes[1].prefill_context_tokens == 64);
  CHECK(run.replica->kv().hits() == 2);
}

TEST_CASE("prefix caching commits only hashes whose blocks are full", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  ReplicaConfig config = BigConfig(1000);
  config.prefix_hash_tokens = 32;  // 2 blocks of 16 per hash
  Request a = Req(0, 40, 1);
  a.prefix_hashes = {11, 12};  // 12 covers tokens 32..63, of which A has only 8
  a.prefix_block_tokens = 32;
  Request b = Req(5 * kMs, 80, 1);
  b.prefix_hashes = {11, 12, 13};
  b.prefix_block_tokens = 32;
  // t=0     A computes its 40 tokens: 1 + 0.4 = 1.4 ms; only hash 11 is full, so only it is cached.
  // t=5     B matches 11 but not 12: 32 tokens cached, 48 computed: 1 + 0.48 = 1.48 ms.
  // t=6.48  B done.
  Run run({a, b}, config, timer);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].finish_ns == 1400 * kUs);
  CHECK(run.obs.records[1].cached_input_tokens == 32);
  CHECK(run.obs.records[1].finish_ns == 6480 * kUs);
  const KvCache& kv = run.replica->kv();
  CHECK(kv.hits() == 1);
  // Cached at the end, unreferenced: 11 (by A) and 12 (by B, whose 80 tokens fill it).
  CHECK(kv.evictable_blocks() == 4);
  CHECK(kv.used_blocks() == 0);
  CHECK(kv.free_blocks() == 1000 - 4);
}

TEST_CASE("a prefill chunk that fills a hash caches it for a sequence admitted next step",
          "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  ReplicaConfig config = BigConfig(60);  // chunked prefill, 60 tokens a step
  config.prefix_hash_tokens = 32;
  Request a = Req(0, 80, 1);
  a.prefix_hashes = {11, 12};
  a.prefix_block_tokens = 32;
  Request b = Req(1 * kMs, 80, 1);
  b.prefix_hashes = {11, 12, 13};
  b.prefix_block_tokens = 32;
  // t=0    step 1: A's first 60 tokens: 1 + 0.6 = 1.6 ms. Hash 11 (tokens 0..31) is full: cached.
  // t=1    B arrives and waits for the step in flight.
  // t=1.6  step 2: A's last 20 tokens; B matches 11 (12 is not full yet: A has 60 of its 64) and
  //        computes 40 of its remaining 48 in the 40 tokens left: 1 + 0.6 = 1.6 ms.
  // t=3.2  A done, caching 12; B, now at 72 tokens, fills 12 too: its copy is freed and it
  //        references A's. Step 3: B's last 8 tokens: 1 + 0.08 = 1.08 ms.
  // t=4.28 B done.
  Run run({a, b}, config, rec);
  REQUIRE(run.status.ok());
  REQUIRE(rec.shapes.size() == 3);
  CHECK(rec.shapes[0].prefill_tokens == 60);
  CHECK(rec.shapes[1].prefill_tokens == 20 + 40);
  CHECK(rec.shapes[1].prefill_context_tokens == 60 + 32);
  CHECK(rec.shapes[2].prefill_tokens == 8);
  CHECK(run.obs.records[0].finish_ns == 3200 * kUs);
  CHECK(run.obs.records[1].cached_input_tokens == 32);
  CHECK(run.obs.records[1].finish_ns == 4280 * kUs);
  const KvCache& kv = run.replica->kv();
  CHECK(kv.hits() == 1);
  CHECK(kv.evictable_blocks() == 4);  // 11 and 12, one copy each
  CHECK(kv.used_blocks() == 0);
  CHECK(kv.free_blocks() == 1000 - 4);
}

TEST_CASE("prefix caching off computes every prompt token", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  ReplicaConfig config = BigConfig(1000);
  config.prefix_hash_tokens = 32;
  config.prefix_caching = false;
  Request a = Req(0, 80, 1);
  a.prefix_hashes = {11, 12};
  a.prefix_block_tokens = 32;
  Request b = a;
  b.arrival_ns = 5 * kMs;
  Run run({a, b}, config, timer);
  CHECK(run.obs.records[1].finish_ns == 6800 * kUs);
  CHECK(run.obs.records[1].cached_input_tokens == 0);
}

TEST_CASE("the sequence limit holds admissions back", "[sim]") {
  LinearStepTimer timer(1 * kMs, 0, 0);
  ReplicaConfig config = BigConfig(1000);
  config.max_num_seqs = 1;
  // One sequence at a time: A runs steps 1-2 (t=0..2), B steps 3-4 (t=2..4).
  Run run({Req(0, 10, 2), Req(0, 10, 2)}, config, timer);
  CHECK(run.obs.records[0].finish_ns == 2 * kMs);
  CHECK(run.obs.records[1].queue_ns == 2 * kMs);
  CHECK(run.obs.records[1].finish_ns == 4 * kMs);
}

}  // namespace
}  // namespace plan
