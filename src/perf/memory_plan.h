// What fits in one replica's GPU memory, sized the way its engine sizes it at start-up:
// weights, the activations of the engine's profiling forward, its runtime reserve, and the KV
// cache (EngineProfile::kv_rule; catalog/evidence/engine_defaults.csv).
#pragma once

#include <cstdint>

#include "perf/deployment.h"

namespace plan {

// Per-GPU figures assume weights and KV split evenly over the replica's tp x pp GPUs.
struct MemoryPlan {
  // The memory the rule budgets: memory x gpu_memory_utilization (profiled_peak, context),
  // memory x the static fraction for tp (static_fraction), all of it (free_fraction).
  double usable_bytes_per_gpu = 0;
  double weights_bytes_per_gpu = 0;  // all weights (embeddings included) / (tp x pp)
  // Peak activations of the forward the engine profiles or reserves for: max_batched_tokens
  // tokens through the widest layer, or the sampler's logits of max_num_seqs rows, whichever is
  // larger (PeakActivationBytesPerGpu). 0 under static_fraction (held outside the fraction).
  double activation_bytes_per_gpu = 0;
  // engine.runtime_reserve_bytes (CUDA context, NCCL, CUDA graphs); 0 under static_fraction.
  double runtime_reserve_bytes_per_gpu = 0;
  // LoRA: max_loras adapter slots (perf/lora_shape.h), split evenly over the GPUs like the
  // weights; 0 without adapters. Held before the KV cache is sized.
  double lora_bytes_per_gpu = 0;
  // KV bytes of one token across the whole replica, all layers. KV heads replicated because
  // tp > kv_heads, and the MLA latent (held whole by every tensor-parallel GPU), count once per
  // GPU.
  double kv_bytes_per_token = 0;
  double kv_bytes_per_token_per_gpu = 0;  // the same, on one GPU (its layers/pp layers)
  // What the rule leaves for the KV cache, clamped at 0:
  //   profiled_peak / context: usable - weights - activations - runtime reserve
  //   static_fraction:         usable - weights
  //   free_fraction:           utilisation x (memory - weights - activations - runtime reserve)
  // (context: at most the model's context window, the server's default --ctx-size), LoRA slots
  // counted with the weights.
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

// The activation peak of one forward of `tokens` tokens with `logit_rows` rows reaching the
// sampler, per GPU: max(tokens x (3 hidden + 3 MLP widths / tp) x activation bytes,
// logit_rows x vocab x perf::kSamplerBytesPerLogit). REQUIRES: every pointer of `d` set.
double PeakActivationBytesPerGpu(const Deployment& d, int64_t tokens, int64_t logit_rows);

}  // namespace plan
