// How big a model is: parameters, weight bytes and KV-cache bytes, counted from its architecture.
#pragma once

#include "catalog/model_spec.h"
#include "catalog/quant_profile.h"

namespace plan {

// Total parameters: embeddings (and an untied LM head), attention, MLP or every expert (routed and
// shared), routers, and RMSNorm weights. Biases (Qwen2 QKV, gpt-oss) and per-head q/k norms are
// not counted: under 0.1% of any catalog model.
double ParameterCount(const ModelSpec& m);

// Parameters one token passes through: as ParameterCount, with only experts_per_token routed
// experts (plus the shared ones) per MoE layer. Embedding and LM head are included, as model cards
// count them (Mixtral 8x7B: 12.9B active).
double ActiveParameterCount(const ModelSpec& m);

// Embedding table plus the LM head when it is not tied to it.
double EmbeddingParameterCount(const ModelSpec& m);

// Per-layer pieces, per whole layer (not sharded).
double AttentionParameterCount(const ModelSpec& m);  // Q, K, V, O (MLA: q/kv low-rank + norms)
double DenseMlpParameterCount(const ModelSpec& m);   // 3 matrices when gated, else 2
double ExpertParameterCount(const ModelSpec& m);     // one routed (or shared) expert

// Bytes of all weights of one replica: embeddings at 16 bits (perf_constants.h), the rest at the
// quant's weight_bits.
double WeightBytes(const ModelSpec& m, const QuantProfile& q);

// KV heads each GPU holds under tensor parallelism: kv_heads/tp, or 1 when tp > kv_heads
// (vLLM replicates a KV head across the GPUs that share it). REQUIRES: GQA attention.
int KvHeadsPerGpu(const ModelSpec& m, int tp);

// KV-cache bytes one token occupies in one layer on one GPU. GQA: 2 (K and V) x KV heads per GPU
// x head_dim. MLA: the compressed latent plus the decoupled RoPE key (kv_lora_rank +
// qk_rope_head_dim elements), which is not split by heads, so every tensor-parallel GPU holds it
// whole (as vLLM does).
double KvBytesPerTokenPerLayerPerGpu(const ModelSpec& m, const QuantProfile& q, int tp);

// Expected number of distinct experts that T tokens, each routed to k of E experts uniformly and
// independently, touch: E * (1 - (1 - k/E)^T).
double ExpectedDistinctExperts(double experts, double experts_per_token, double tokens);

}  // namespace plan
