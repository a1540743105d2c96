// StepModel::Create: validation and the per-configuration constants of the roofline.
#include <fmt/format.h>
#include <cassert>
#include <cmath>
#include <limits>

#include "catalog/dtype.h"
#include "perf/allreduce.h"
#include "perf/model_size.h"
#include "perf/perf_constants.h"
#include "perf/step_model.h"

namespace plan {

namespace {

Status Validate(const Deployment& d) {
  const ModelSpec& m = *d.model;
  if (d.tp < 1 || d.pp < 1)
    return Status::Invalid(
        fmt::format("tp and pp must be at least 1, not tp={} pp={}", d.tp, d.pp));
  if (m.heads % d.tp != 0)
    return Status::Invalid(fmt::format("tp={} does not divide the {} attention heads of model '{}'",
                                       d.tp, m.heads, m.id));
  if (m.attention == AttentionKind::kGqa && m.kv_heads % d.tp != 0 && d.tp % m.kv_heads != 0)
    return Status::Invalid(
        fmt::format("tp={} neither divides nor is a multiple of the {} KV heads of model '{}'",
                    d.tp, m.kv_heads, m.id));
  if (m.layers % d.pp != 0)
    return Status::Invalid(
        fmt::format("pp={} does not divide the {} layers of model '{}'", d.pp, m.layers, m.id));
  const Dtype compute = d.quant->compute_dtype;
  if (d.gpu->peak_flops_per_s[static_cast<int>(compute)] <= 0)
    return Status::Invalid(fmt::format("gpu '{}' has no {} peak, the compute dtype of quant '{}'",
                                       d.gpu->id, DtypeName(compute), d.quant->id));
  if (d.gpus() > 1 && d.gpu->link_bandwidth_bytes_per_s <= 0)
    return Status::Invalid(
        fmt::format("gpu '{}' has no link bandwidth (link_gb_per_s), which tp={} "
                    "pp={} needs",
                    d.gpu->id, d.tp, d.pp));
  if (d.tp > d.gpu->gpus_per_node)
    return Status::Invalid(fmt::format(
        "tp={} exceeds the {} GPU{} of one {} node (gpus_per_node): tensor parallelism across "
        "nodes would run its all-reduces over the inter-node network, which plan does not "
        "model; use tp <= {} and pp to span nodes",
        d.tp, d.gpu->gpus_per_node, d.gpu->gpus_per_node == 1 ? "" : "s", d.gpu->id,
        d.gpu->gpus_per_node));
  return Status::Ok();
}

// Attention and the unquantized LM head run 16-bit math; a device without 16-bit units uses fp32.
double WidePeakFlopsPerS(const GpuSpec& g) {
  for (Dtype t : {Dtype::kBf16, Dtype::kFp16, Dtype::kFp32})
    if (g.peak_flops_per_s[static_cast<int>(t)] > 0) return g.peak_flops_per_s[static_cast<int>(t)];
  return 0;
}

GemmCoefficients Gemm(double params, double bytes_per_param, double activations_per_token,
                      double activation_bytes) {
  return {2.0 * params, params * bytes_per_param, activations_per_token * activation_bytes};
}

}  // namespace

Result<StepModel> StepModel::Create(const Deployment& d) {
  assert(d.model && d.gpu && d.quant && d.engine);
  PLAN_RETURN_IF_ERROR(Validate(d));
  const double wide_peak = WidePeakFlopsPerS(*d.gpu);
  if (wide_peak <= 0)
    return Status::Invalid(fmt::format("gpu '{}' has no fp32, bf16 or fp16 peak", d.gpu->id));

  const ModelSpec& m = *d.model;
  const Efficiency& eff = d.engine->EfficiencyFor(d.gpu->family);
  StepModel model;
  model.deployment_ = d;
  model.memory_ = PlanMemory(d);
  StepCoefficients& k = model.k_;

  k.s_per_gemm_flop =
      1.0 / (d.gpu->peak_flops_per_s[static_cast<int>(d.quant->compute_dtype)] * eff.compute);
  k.s_per_wide_flop = 1.0 / (wide_peak * eff.compute);
  k.s_per_byte = 1.0 / (d.gpu->memory_bandwidth_bytes_per_s * eff.memory);
  k.kernel_overhead_s = eff.kernel_overhead_s;
  k.eager_kernel_overhead_s =
      eff.eager_kernel_overhead_s > 0 ? eff.eager_kernel_overhead_s : eff.kernel_overhead_s;
  k.step_overhead_s = eff.step_overhead_s;
  k.graph_max_tokens = d.engine->cuda_graph_max_tokens;
  k.graph_decode_only = d.engine->graph_decode_only;

  k.layers = m.layers;
  k.sliding_attention_layers = m.sliding_layers();
  k.global_attention_layers = m.layers - m.sliding_layers();
  k.sliding_window_tokens = m.sliding_window;
  k.moe_layers = m.moe_layers();
  k.dense_mlp_layers = m.layers - m.moe_layers();

  const double tp = d.tp, h = m.hidden;
  const double wb = d.quant->weight_bytes_per_param();
  const double wide_bytes = perf::kEmbeddingBitsPerParam / 8.0;  // unquantized weights
  const double ab = std::max(perf::kMinActivationBytes, DtypeBytes(d.quant->activation_dtype));
  const double q_heads = m.heads / tp;  // per GPU

  k.kv_bytes_per_token = KvBytesPerTokenPerLayerPerGpu(m, *d.quant, d.tp);
  if (m.attention == AttentionKind::kGqa) {
    const double kv_heads = KvHeadsPerGpu(m, d.tp), hd = m.head_dim;
    k.qkv = Gemm(h * (q_heads + 2 * kv_heads) * hd, wb, h + (q_heads + 2 * kv_heads) * hd, ab);
    k.o_proj = Gemm(q_heads * hd * h, wb, q_heads * hd + h, ab);
    // QK^T and PV: 2 FLOPs per multiply-add, head_dim each, per query-key pair and query head.
    k.prefill_flops_per_pair = 4.0 * hd * q_heads;
    k.decode_flops_per_context_token = 4.0 * hd * q_heads;
    k.attention_activation_bytes_per_token = 2.0 * q_heads * hd * ab;
  } else {
    // MLA. Prefill runs it uncompressed: new tokens' latents are expanded to per-head K and V by
    // the kv up-projection (in qkv_proj), cached context latents are expanded inside the attention
    // kernel (prefill_flops_per_context_token), then standard attention with qk_nope+qk_rope key
    // and v_head_dim value dims. Decode absorbs the up-projections into the query and output
    // (weight absorption, as FlashMLA / vLLM do): each query head scores the cached
    // (kv_lora_rank + qk_rope_head_dim) latent directly and sums kv_lora_rank-wide values, so only
    // the latent is read from HBM. The up-projection FLOPs are per token either way and stay in
    // qkv_proj. The latent is not split by heads: every tensor-parallel GPU reads all of it.
    const double qk_head = m.qk_nope_head_dim + m.qk_rope_head_dim;
    const double o_params = double(m.heads) * m.v_head_dim * h;
    const double latent = m.kv_lora_rank + m.qk_rope_head_dim;
    k.qkv =
        Gemm((AttentionParameterCount(m) - o_params) / tp, wb, h + q_heads * qk_head + latent, ab);
    k.o_proj = Gemm(o_params / tp, wb, q_heads * m.v_head_dim + h, ab);
    k.prefill_flops_per_pair = q_heads * (2.0 * qk_head + 2.0 * m.v_head_dim);
    k.prefill_flops_per_context_token =
        2.0 * m.kv_lora_rank * q_heads * (m.qk_nope_head_dim + m.v_head_dim);
    k.decode_flops_per_context_token = q_heads * 2.0 * (2.0 * m.kv_lora_rank + m.qk_rope_head_dim);
    k.attention_activation_bytes_per_token = q_heads * (qk_head + m.v_head_dim) * ab;
  }

  // Gate/up (or fc1) in, activation in and out, down out: 2h + (gated ? 6 : 4) x width activations.
  const double mlp_passes = m.gated_mlp ? 6.0 : 4.0;
  if (k.dense_mlp_layers > 0)
    k.mlp = Gemm(DenseMlpParameterCount(m) / tp, wb, 2 * h + mlp_passes * m.intermediate / tp, ab);
  if (m.is_moe()) {
    // Experts are sharded tensor-parallel (each GPU holds 1/tp of every expert), vLLM's default
    // without expert parallelism. The router is replicated.
    k.router = Gemm(h * m.experts, wb, h + m.experts, ab);
    k.expert =
        Gemm(ExpertParameterCount(m) / tp, wb, 2 * h + mlp_passes * m.moe_intermediate / tp, ab);
    k.shared = Gemm(m.shared_experts * ExpertParameterCount(m) / tp, wb,
                    m.shared_experts * (2 * h + mlp_passes * m.moe_intermediate / tp), ab);
    k.experts = m.experts;
    k.experts_per_token = m.experts_per_token;
    k.log_expert_miss = m.experts_per_token < m.experts
                            ? std::log1p(-double(m.experts_per_token) / m.experts)
                            : -std::numeric_limits<double>::infinity();
  }

  k.norm_flops_per_token = perf::kNormFlopsPerElement * h;
  k.norm_bytes_per_token = perf::kNormActivationPasses * h * ab;
  k.norm_weight_bytes = h * wide_bytes;
  k.embedding_bytes_per_token = h * (wide_bytes + ab);
  // Vocabulary-parallel LM head: each GPU computes vocab/tp logits (plus the final norm's read).
  k.lm_head = Gemm(double(m.vocab) * h / tp, wide_bytes, h + m.vocab / tp, ab);
  if (d.lora.enabled()) {
    k.lora = Gemm(LoraParamsPerLayer(m, d.lora) / tp, kLoraWeightBytes,
                  LoraActivationWidthPerLayer(m, d.lora) / tp, ab);
    k.lora_launches = kLoraLaunchesPerMatrix * LoraMatricesPerLayer(m, d.lora);
  }

  if (d.tp > 1) {
    // An all-reduce after attention and after the MLP, of each token's hidden state.
    k.allreduces = 2.0 * m.layers;
    k.allreduce_bytes_per_token = h * ab;
    AllReduceCost costs[3];
    k.allreduce_algorithms = AllReduceCosts(*d.gpu, d.engine->custom_allreduce, d.tp, costs);
    for (int i = 0; i < k.allreduce_algorithms; ++i) {
      k.allreduce_fixed_s[i] = costs[i].fixed_s;
      k.allreduce_s_per_token[i] = costs[i].s_per_byte * k.allreduce_bytes_per_token;
    }
  }
  k.pp_sends = d.pp - 1;
  k.pp_bytes_per_token = perf::kPipelineTensorsPerToken * h * ab;
  if (d.pp > 1) {
    const Interconnect& ic = d.gpu->interconnect;
    k.pp_send_fixed_s = ic.nccl_base_latency_s + ic.nccl_latency_s;
    k.pp_s_per_token = k.pp_bytes_per_token / (d.gpu->link_bandwidth_bytes_per_s * ic.efficiency);
  }
  return model;
}

}  // namespace plan
