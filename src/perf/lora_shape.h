// The LoRA adapters a replica serves beside its base model (vLLM --enable-lora): each adapter
// adds a low-rank pair A (d_in x rank) and B (rank x d_out) to every targeted matrix of every
// layer, kept in 16-bit. The engine holds max_loras of them on the GPU in slots sized for the
// largest rank, taken from the memory the KV cache would get, and runs them in batched kernels
// (a "shrink" x A, then an "expand" by B) beside the base GEMMs.
#pragma once

#include <cstdint>

#include "catalog/model_spec.h"

namespace plan {

struct LoraShape {
  int32_t rank = 0;       // 0 = no adapters
  bool attention = true;  // q, k, v, o projections
  bool mlp = false;       // gate, up, down (the dense MLP)
  int32_t max_loras = 0;  // GPU slots per replica

  bool enabled() const { return rank > 0 && max_loras > 0; }
};

// Adapter weights are bf16/fp16, whatever the base model's quantization.
inline constexpr double kLoraWeightBytes = 2;
// Kernel launches per targeted matrix per layer: one shrink, one expand.
inline constexpr int kLoraLaunchesPerMatrix = 2;

// Parameters of one adapter in one layer: rank x (d_in + d_out) summed over targeted matrices.
double LoraParamsPerLayer(const ModelSpec& m, const LoraShape& s);
// Sum over targeted matrices of d_in + d_out, one layer: the activations the kernels read and
// write per token (x 16-bit bytes).
double LoraActivationWidthPerLayer(const ModelSpec& m, const LoraShape& s);
// Matrices targeted in one layer.
int LoraMatricesPerLayer(const ModelSpec& m, const LoraShape& s);
// Bytes of one whole adapter (every layer) in 16-bit.
double LoraAdapterBytes(const ModelSpec& m, const LoraShape& s);

}  // namespace plan
