// Per-configuration constants of a StepModel, precomputed so that a step's time is a handful of
// multiply-adds. Internal to perf/: fill with StepModel::Create, read with StepModel's methods.
#pragma once

namespace plan {

// A matrix multiply of `tokens` rows against fixed weights, per GPU, per occurrence.
struct GemmCoefficients {
  double flops_per_token = 0;
  double weight_bytes = 0;                // read once per step, whatever the batch
  double activation_bytes_per_token = 0;  // inputs read and outputs written
};

struct StepCoefficients {
  // Reciprocal achievable rates, efficiencies applied (seconds per FLOP / per byte).
  double s_per_gemm_flop = 0;          // quant compute dtype
  double s_per_wide_flop = 0;          // 16-bit math: attention and the unquantized LM head
  double s_per_byte = 0;               // HBM
  double kernel_overhead_s = 0;        // per launch in a step replayed from a CUDA graph
  double eager_kernel_overhead_s = 0;  // per launch (all-reduces included) in an eager step
  double step_overhead_s = 0;
  // Which steps replay a CUDA graph: at most graph_max_tokens tokens (0: none), and no prefill
  // chunk when graph_decode_only.
  double graph_max_tokens = 0;
  bool graph_decode_only = false;

  // Occurrences over the whole pipeline (a step passes through every stage).
  double layers = 0;
  double global_attention_layers = 0;
  double sliding_attention_layers = 0;
  double sliding_window_tokens = 0;
  double dense_mlp_layers = 0;
  double moe_layers = 0;

  GemmCoefficients qkv;  // GQA: Q, K, V; MLA: q down/up, kv down, kv up (absorbed in decode)
  GemmCoefficients o_proj;
  GemmCoefficients mlp;
  GemmCoefficients router;
  GemmCoefficients expert;  // one routed expert
  GemmCoefficients shared;  // all shared experts together
  GemmCoefficients lm_head;
  // LoRA, per layer per GPU: every targeted matrix's shrink and expand; weight_bytes is one
  // adapter's, read once per distinct adapter in the batch (BatchShape::lora_adapters).
  GemmCoefficients lora;
  int lora_launches = 0;  // per layer

  // Attention per layer per GPU.
  double prefill_flops_per_pair = 0;
  double prefill_flops_per_context_token = 0;  // MLA: decompressing cached latents for prefill
  double decode_flops_per_context_token = 0;
  double kv_bytes_per_token = 0;                    // one token, one layer, one GPU
  double attention_activation_bytes_per_token = 0;  // query in, output out

  double experts = 0;
  double experts_per_token = 0;
  double log_expert_miss = 0;  // log(1 - k/E): distinct experts = E(1 - exp(T log_expert_miss))

  double norm_flops_per_token = 0;
  double norm_bytes_per_token = 0;
  double norm_weight_bytes = 0;
  double embedding_bytes_per_token = 0;

  // Tensor-parallel all-reduces (2 per layer when tp > 1), each costing the cheapest of the
  // algorithms available (perf/allreduce.h) as a line in the step's tokens.
  double allreduces = 0;
  double allreduce_bytes_per_token = 0;  // each rank's message (hidden x activation bytes)
  int allreduce_algorithms = 0;
  double allreduce_fixed_s[3] = {0, 0, 0};
  double allreduce_s_per_token[3] = {0, 0, 0};
  double pp_sends = 0;  // pp - 1, each a point-to-point send: latency + bytes over the link
  double pp_bytes_per_token = 0;
  double pp_send_fixed_s = 0;
  double pp_s_per_token = 0;
};

}  // namespace plan
