#include "perf/capacity_bound.h"

#include <algorithm>
#include <cmath>

namespace plan {

CapacityBound ReplicaCapacity(const StepModel& model, const ReplicaLimits& limits,
                              const RequestMix& mix) {
  CapacityBound c;
  const double in = std::max(0.0, mix.input_tokens), out = std::max(0.0, mix.output_tokens);
  if (in + out <= 0 || limits.max_num_seqs <= 0 || limits.max_batched_tokens <= 0) return c;

  // Prefill-only requests: each step is prompts only, as many as the token budget and the
  // sequence limit allow (each prompt's KV held for the step alone).
  if (out <= 0) {
    double seqs = std::min<double>(limits.max_num_seqs, limits.max_batched_tokens / in);
    c.limit = seqs == limits.max_num_seqs ? "max_num_seqs" : "token budget";
    if (limits.kv_capacity_tokens > 0 && seqs * in > limits.kv_capacity_tokens) {
      seqs = limits.kv_capacity_tokens / in;
      c.limit = "KV cache";
    }
    if (seqs <= 0) return c;
    BatchShape b;
    b.prefill_tokens = std::max<int64_t>(1, std::llround(seqs * in));
    b.prefill_seqs = std::max<int64_t>(1, std::llround(seqs));
    b.pooled_seqs = b.prefill_seqs;  // no output: no LM head
    b.prefill_attention_pairs = seqs * in * (in + 1) / 2;
    c.batch_seqs = seqs;
    c.step_s = model.StepTimeS(b);
    if (c.step_s > 0) c.requests_per_s = seqs / c.step_s;
    return c;
  }

  const double held = in + (limits.reserve_full_sequence ? out : out / 2);
  double seqs = static_cast<double>(limits.max_num_seqs);
  c.limit = "max_num_seqs";
  if (limits.kv_capacity_tokens > 0 && seqs * held > limits.kv_capacity_tokens) {
    seqs = limits.kv_capacity_tokens / held;
    c.limit = "KV cache";
  }
  // Each step: seqs decodes plus the prompts of the seqs / out sequences that replace those
  // finishing.
  const double tokens_per_seq = 1 + in / out;
  if (seqs * tokens_per_seq > limits.max_batched_tokens) {
    seqs = limits.max_batched_tokens / tokens_per_seq;
    c.limit = "token budget";
  }
  seqs = std::floor(seqs);
  if (seqs < 1) return c;
  const double arriving = seqs / out;  // prompts prefilled per step
  BatchShape b;
  b.decode_seqs = static_cast<int64_t>(seqs);
  b.decode_context_tokens = std::llround(seqs * (in + out / 2));
  b.prefill_tokens = std::llround(arriving * in);
  b.prefill_seqs = b.prefill_tokens > 0 ? std::max<int64_t>(1, std::llround(arriving)) : 0;
  b.prefill_attention_pairs = arriving * in * (in + 1) / 2;
  c.batch_seqs = seqs;
  c.step_s = model.StepTimeS(b);
  if (c.step_s > 0) c.requests_per_s = arriving / c.step_s;
  return c;
}

ReplicaLimits EngineLimits(const StepModel& model) {
  const EngineProfile& e = *model.deployment().engine;
  return {.max_num_seqs = e.max_num_seqs,
          .max_batched_tokens = e.max_batched_tokens,
          .kv_capacity_tokens = model.memory().kv_capacity_tokens,
          .reserve_full_sequence =
              e.capacity_policy == EngineProfile::CapacityPolicy::kGuaranteedNoEvict};
}

}  // namespace plan
