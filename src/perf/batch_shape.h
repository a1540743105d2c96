// What one engine iteration computes: a fused batch of prefill chunks and decode tokens.
#pragma once

#include <cstdint>

namespace plan {

struct BatchShape {
  int64_t prefill_tokens = 0;  // new prompt tokens computed this step (sum of chunk sizes)
  int64_t prefill_seqs = 0;    // sequences with a prefill chunk this step
  // Sum over chunks of c*p + c*(c+1)/2 (causal query-key pairs), where c = chunk tokens and
  // p = tokens of that sequence already in the KV cache.
  double prefill_attention_pairs = 0;
  int64_t prefill_context_tokens = 0;  // sum over chunks of p (cached KV the chunk must read)
  int64_t decode_seqs = 0;             // sequences generating one token each
  int64_t decode_context_tokens = 0;   // sum of their context lengths (KV read)
  // Of prefill_seqs, the chunks of requests with no output (embeddings): pooled, never
  // through the LM head.
  int64_t pooled_seqs = 0;
  // LoRA: distinct adapters among the batch's sequences (each one's weights read once); every
  // token runs through its adapter. 0 = no adapters.
  int64_t lora_adapters = 0;

  // Tokens that pass through the layers this step.
  int64_t tokens() const { return prefill_tokens + decode_seqs; }
  // Rows that reach the LM head: every decode plus one per prefill chunk (the model computes
  // logits for a chunk's last token whether or not the prompt ends there), pooled ones aside.
  int64_t logit_rows() const { return decode_seqs + prefill_seqs - pooled_seqs; }
  bool empty() const { return tokens() == 0; }
};

// B fresh prompts of P tokens each, computed in one step with nothing cached.
inline BatchShape PrefillBatch(int64_t seqs, int64_t prompt_tokens) {
  BatchShape b;
  b.prefill_seqs = seqs;
  b.prefill_tokens = seqs * prompt_tokens;
  b.prefill_attention_pairs =
      static_cast<double>(seqs) * static_cast<double>(prompt_tokens) * (prompt_tokens + 1) / 2.0;
  return b;
}

// B sequences each decoding one token with `context_tokens` already in the cache.
inline BatchShape DecodeBatch(int64_t seqs, int64_t context_tokens) {
  BatchShape b;
  b.decode_seqs = seqs;
  b.decode_context_tokens = seqs * context_tokens;
  return b;
}

}  // namespace plan
