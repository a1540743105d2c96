// What one engine iteration computes: the input of the step-time model.
#pragma once

#include <cstdint>

namespace plan {

struct BatchShape {
  int64_t prefill_tokens = 0;          // new prompt tokens computed this step (sum of chunk sizes)
  int64_t prefill_seqs = 0;            // sequences with a prefill chunk this step
  double prefill_attention_pairs = 0;  // sum over chunks of c*p + c*(c+1)/2 (query-key pairs), where
                                       // c = chunk tokens, p = tokens already in the KV cache
  int64_t prefill_context_tokens = 0;  // sum over chunks of p (cached KV that must be read)
  int64_t decode_seqs = 0;             // sequences generating one token each
  int64_t decode_context_tokens = 0;   // sum of their context lengths (KV read)
};

}  // namespace plan
