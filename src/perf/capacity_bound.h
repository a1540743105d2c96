// The roofline's bound on how many requests per second one replica can serve on a request mix:
// the steady state in which every step is as full as the engine's limits allow. B sequences
// decode together; each generates `output_tokens` tokens, so B / output_tokens of them finish
// per step and as many new prompts must be prefilled in the same fused step. The request rate
// is (B / output_tokens) / the time of that average step.
//
// B is the largest batch the limits allow: max_num_seqs; the KV cache over the mean context a
// decoding sequence holds (prompt + half its output; prompt + all of it when blocks are
// reserved at admission); and the token budget (B decodes + their prefill tokens per step).
// It is optimistic on purpose (an upper bound: no queueing, no preemption, every prompt in one
// chunk, the mean request instead of the mix, prefill computing only uncached tokens), so a
// configuration whose bound is below the offered rate cannot keep up; the simulation refines it.
#pragma once

#include <cstdint>
#include <string>

#include "perf/step_model.h"

namespace plan {

// The means of the workload's requests.
struct RequestMix {
  double input_tokens = 0;   // prompt tokens computed (those a prefix cache serves excluded)
  double output_tokens = 0;  // 0: prefill-only requests (embeddings, classification)
};

struct ReplicaLimits {
  int64_t max_num_seqs = 256;
  int64_t max_batched_tokens = 8192;
  int64_t kv_capacity_tokens = 0;
  bool reserve_full_sequence = false;  // KV for prompt + output held from admission
};

struct CapacityBound {
  double requests_per_s = 0;  // 0 when the mix is empty or nothing fits
  double batch_seqs = 0;      // B
  double step_s = 0;          // the average step's time
  std::string limit;          // which limit sets B: "max_num_seqs", "KV cache" or "token budget"
};

CapacityBound ReplicaCapacity(const StepModel& model, const ReplicaLimits& limits,
                              const RequestMix& mix);

// The limits of the model's engine profile, with the KV cache its memory plan leaves.
ReplicaLimits EngineLimits(const StepModel& model);

}  // namespace plan
