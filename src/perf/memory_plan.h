// What fits in one replica's GPU memory: weights, the engine's reserve, and the KV cache.
#pragma once

#include <cstdint>

#include "perf/deployment.h"

namespace plan {

// Per-GPU figures assume weights and KV split evenly over the replica's tp x pp GPUs.
struct MemoryPlan {
  double usable_bytes_per_gpu = 0;              // memory x engine.gpu_memory_utilization
  double weights_bytes_per_gpu = 0;             // all weights (embeddings included) / (tp x pp)
  double activation_reserve_bytes_per_gpu = 0;  // engine.activation_reserve_bytes
  // KV bytes of one token across the whole replica, all layers. KV heads replicated because
  // tp > kv_heads, and the MLA latent (held whole by every tensor-parallel GPU), count once per
  // GPU.
  double kv_bytes_per_token = 0;
  double kv_bytes_per_token_per_gpu = 0;  // the same, on one GPU (its layers/pp layers)
  // usable - weights - reserve, clamped at 0.
  double kv_capacity_bytes_per_gpu = 0;
  // Tokens the replica's KV cache holds: whole blocks of engine.block_size_tokens. Sliding-window
  // layers are charged full KV like global ones (vLLM without its hybrid allocator): conservative.
  int64_t kv_capacity_tokens = 0;
  // Weights and reserve fit and at least one KV block remains. It says nothing about whether a
  // max-context sequence fits (compare kv_capacity_tokens with the model's context_tokens).
  bool fits = false;
  // When !fits: the extra bytes per GPU needed to hold one KV block; else 0.
  double shortfall_bytes_per_gpu = 0;
};

// REQUIRES: every pointer of `d` set, tp >= 1 and pp >= 1 (StepModel::Create checks the rest).
MemoryPlan PlanMemory(const Deployment& d);

}  // namespace plan
