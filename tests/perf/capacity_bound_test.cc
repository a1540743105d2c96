// The roofline's capacity bound (perf/capacity_bound.h): which engine limit sets the batch, and
// the average step it times, worked out by hand on the made-up test catalog.
#include <catch2/catch.hpp>

#include "perf/capacity_bound.h"
#include "perf_fixture.h"

namespace plan {
using test::TestDeployment;

namespace {

StepModel Llama8b() {
  Result<StepModel> sm = StepModel::Create(TestDeployment("llama8b-shape"));
  if (!sm.ok()) FAIL(sm.status().message());
  return std::move(sm).value();
}

BatchShape Step(int64_t decodes, int64_t context, int64_t prefill, int64_t prefill_seqs,
                double pairs) {
  BatchShape b;
  b.decode_seqs = decodes;
  b.decode_context_tokens = context;
  b.prefill_tokens = prefill;
  b.prefill_seqs = prefill_seqs;
  b.prefill_attention_pairs = pairs;
  return b;
}

ReplicaLimits Limits(int64_t kv_tokens, bool reserve = false) {
  return {.max_num_seqs = 256,
          .max_batched_tokens = 8192,
          .kv_capacity_tokens = kv_tokens,
          .reserve_full_sequence = reserve};
}

}  // namespace

TEST_CASE("The KV cache sets the batch: prompt plus half the output held per sequence",
          "[perf][capacity]") {
  const StepModel sm = Llama8b();
  // 1,000 + 100 / 2 = 1,050 tokens per sequence; 100,000 / 1,050 = 95.2 -> 95 sequences (256
  // would need 268,800). 95 / 100 = 0.95 prompts of 1,000 tokens join each step.
  const CapacityBound c = ReplicaCapacity(sm, Limits(100000), {1000, 100});
  CHECK(c.limit == "KV cache");
  CHECK(c.batch_seqs == 95);
  const double step = sm.StepTimeS(Step(95, 99750, 950, 1, 0.95 * 1000 * 1001 / 2));
  CHECK(c.step_s == Approx(step).epsilon(1e-12));
  CHECK(c.requests_per_s == Approx(0.95 / step).epsilon(1e-12));

  // Blocks reserved for the whole sequence at admission: 1,100 tokens each, 90 sequences.
  const CapacityBound r = ReplicaCapacity(sm, Limits(100000, true), {1000, 100});
  CHECK(r.batch_seqs == 90);
  CHECK(r.requests_per_s < c.requests_per_s);
}

TEST_CASE("The token budget sets the batch of long prompts and short answers", "[perf][capacity]") {
  const StepModel sm = Llama8b();
  // Each decoding sequence brings 1 + 3,000 / 50 = 61 tokens a step; 8,192 / 61 = 134.3 -> 134.
  // 134 / 50 = 2.68 prompts a step: 8,040 prefill tokens in 3 sequences.
  const CapacityBound c = ReplicaCapacity(sm, Limits(10000000), {3000, 50});
  CHECK(c.limit == "token budget");
  CHECK(c.batch_seqs == 134);
  const double step = sm.StepTimeS(Step(134, 405350, 8040, 3, 2.68 * 3000 * 3001 / 2));
  CHECK(c.requests_per_s == Approx(2.68 / step).epsilon(1e-12));
}

TEST_CASE("max_num_seqs sets the batch of short prompts and long answers", "[perf][capacity]") {
  const StepModel sm = Llama8b();
  // 256 x (200 + 200) = 102,400 KV tokens fit; 256 x 1.5 = 384 tokens a step fit the budget.
  const CapacityBound c = ReplicaCapacity(sm, Limits(10000000), {200, 400});
  CHECK(c.limit == "max_num_seqs");
  CHECK(c.batch_seqs == 256);
  const double step = sm.StepTimeS(Step(256, 102400, 128, 1, 0.64 * 200 * 201 / 2));
  CHECK(c.requests_per_s == Approx(0.64 / step).epsilon(1e-12));
}

TEST_CASE("Prefill-only requests fill each step with prompts", "[perf][capacity]") {
  const StepModel sm = Llama8b();
  // 8,192 / 500 = 16.384 prompts a step (under 256 sequences), nothing decoded.
  const CapacityBound c = ReplicaCapacity(sm, Limits(10000000), {500, 0});
  CHECK(c.limit == "token budget");
  CHECK(c.batch_seqs == Approx(16.384));
  // With no output nothing reaches the LM head: the prompts are pooled.
  BatchShape shape = Step(0, 0, 8192, 16, 16.384 * 500 * 501 / 2);
  shape.pooled_seqs = 16;
  const double step = sm.StepTimeS(shape);
  CHECK(c.requests_per_s == Approx(16.384 / step).epsilon(1e-12));
}

TEST_CASE("An empty mix or a cache too small for one sequence has no capacity",
          "[perf][capacity]") {
  const StepModel sm = Llama8b();
  CHECK(ReplicaCapacity(sm, Limits(100000), {0, 0}).requests_per_s == 0);
  CHECK(ReplicaCapacity(sm, Limits(500), {1000, 100}).requests_per_s == 0);
}

}  // namespace plan
