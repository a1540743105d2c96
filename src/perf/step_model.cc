#include "perf/step_model.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "perf/perf_constants.h"

namespace plan {

namespace {

enum class Bound { kCompute = 0, kMemory, kLink, kOverhead };
constexpr const char* kBoundNames[] = {"compute", "memory", "link", "overhead"};

// Walks the kernels of one step in execution order, handing each one's cost to `sink`:
//   sink.Add(name, count, flops, bytes, time_s, overhead_s, bound).
// time_s is computed here, once, so that every sink sees identical figures (Explain sums to
// StepTimeS exactly). REQUIRES: !b.empty().
template <class Sink>
inline void Evaluate(const StepCoefficients& k, const BatchShape& b, Sink& sink) {
  const double tokens = static_cast<double>(b.tokens());
  const double rows = static_cast<double>(b.logit_rows());
  const double prefill = static_cast<double>(b.prefill_tokens);
  const double decodes = static_cast<double>(b.decode_seqs);
  const bool graphed = tokens <= k.graph_max_tokens && !(k.graph_decode_only && prefill > 0);
  const double launch_s = graphed ? k.kernel_overhead_s : k.eager_kernel_overhead_s;

  auto roofline = [&](const char* name, double count, double flops, double bytes, double s_per_flop,
                      int launches) {
    const double compute_s = flops * s_per_flop;
    const double memory_s = bytes * k.s_per_byte;
    const double overhead_s = launches * launch_s;
    const double time_s = count * (std::max(compute_s, memory_s) + overhead_s);
    sink.Add(name, count, count * flops, count * bytes, time_s, count * overhead_s,
             compute_s > memory_s ? Bound::kCompute : Bound::kMemory);
  };
  auto gemm = [&](const char* name, double count, const GemmCoefficients& g, double n,
                  double s_per_flop, int launches) {
    roofline(name, count, g.flops_per_token * n, g.weight_bytes + g.activation_bytes_per_token * n,
             s_per_flop, launches);
  };
  // A collective or send: its link time plus, in an eager step, one kernel launch.
  auto transfer = [&](const char* name, double count, double bytes, double link_s) {
    const double overhead_s = graphed ? 0.0 : launch_s;
    sink.Add(name, count, 0.0, count * bytes, count * (link_s + overhead_s), count * overhead_s,
             Bound::kLink);
  };

  roofline("embedding", 1, 0, tokens * k.embedding_bytes_per_token, k.s_per_wide_flop,
           perf::kEmbeddingLaunches);
  gemm("qkv_proj", k.layers, k.qkv, tokens, k.s_per_gemm_flop, perf::kQkvLaunches);

  if (prefill > 0) {
    auto prefill_attention = [&](const char* name, double count, double pairs, double context) {
      roofline(name, count,
               pairs * k.prefill_flops_per_pair + context * k.prefill_flops_per_context_token,
               (context + prefill) * k.kv_bytes_per_token +
                   prefill * k.attention_activation_bytes_per_token,
               k.s_per_wide_flop, perf::kAttentionLaunches);
    };
    const double pairs = b.prefill_attention_pairs;
    const double context = static_cast<double>(b.prefill_context_tokens);
    if (k.global_attention_layers > 0)
      prefill_attention("attention_prefill", k.global_attention_layers, pairs, context);
    if (k.sliding_attention_layers > 0) {  // each query sees at most the window
      const double w = k.sliding_window_tokens;
      prefill_attention("attention_prefill_sliding", k.sliding_attention_layers,
                        std::min(pairs, prefill * w),
                        std::min(context, static_cast<double>(b.prefill_seqs) * w));
    }
  }
  if (decodes > 0) {
    auto decode_attention = [&](const char* name, double count, double context) {
      roofline(name, count, context * k.decode_flops_per_context_token,
               context * k.kv_bytes_per_token +
                   decodes * (k.kv_bytes_per_token + k.attention_activation_bytes_per_token),
               k.s_per_wide_flop, perf::kAttentionLaunches);
    };
    const double context = static_cast<double>(b.decode_context_tokens);
    if (k.global_attention_layers > 0)
      decode_attention("attention_decode", k.global_attention_layers, context);
    if (k.sliding_attention_layers > 0)
      decode_attention("attention_decode_sliding", k.sliding_attention_layers,
                       std::min(context, decodes * k.sliding_window_tokens));
  }

  gemm("o_proj", k.layers, k.o_proj, tokens, k.s_per_gemm_flop, perf::kOProjLaunches);
  if (k.dense_mlp_layers > 0)
    gemm("mlp", k.dense_mlp_layers, k.mlp, tokens, k.s_per_gemm_flop, perf::kMlpLaunches);
  if (k.moe_layers > 0) {
    gemm("moe_router", k.moe_layers, k.router, tokens, k.s_per_gemm_flop, perf::kRouterLaunches);
    // Only the distinct experts the batch touches are read; every routed token is computed.
    const double distinct = k.experts * (1.0 - std::exp(tokens * k.log_expert_miss));
    const double routed = tokens * k.experts_per_token;
    roofline("moe_experts", k.moe_layers, routed * k.expert.flops_per_token,
             distinct * k.expert.weight_bytes + routed * k.expert.activation_bytes_per_token,
             k.s_per_gemm_flop, perf::kExpertLaunches);
    if (k.shared.weight_bytes > 0)
      gemm("moe_shared", k.moe_layers, k.shared, tokens, k.s_per_gemm_flop, perf::kMlpLaunches);
  }
  roofline("norms", k.layers * perf::kNormsPerLayer, tokens * k.norm_flops_per_token,
           k.norm_weight_bytes + tokens * k.norm_bytes_per_token, k.s_per_wide_flop, 1);
  if (k.allreduces > 0) {
    double link_s = k.allreduce_fixed_s[0] + k.allreduce_s_per_token[0] * tokens;
    for (int i = 1; i < k.allreduce_algorithms; ++i)
      link_s = std::min(link_s, k.allreduce_fixed_s[i] + k.allreduce_s_per_token[i] * tokens);
    transfer("tp_allreduce", k.allreduces, tokens * k.allreduce_bytes_per_token, link_s);
  }
  if (k.pp_sends > 0)
    transfer("pp_send", k.pp_sends, tokens * k.pp_bytes_per_token,
             k.pp_send_fixed_s + k.pp_s_per_token * tokens);
  if (b.lora_adapters > 0 && k.lora_launches > 0)
    roofline("lora", k.layers, tokens * k.lora.flops_per_token,
             b.lora_adapters * k.lora.weight_bytes + tokens * k.lora.activation_bytes_per_token,
             k.s_per_wide_flop, k.lora_launches);
  if (rows > 0) gemm("lm_head", 1, k.lm_head, rows, k.s_per_wide_flop, perf::kLmHeadLaunches);
  sink.Add("step_overhead", 1, 0.0, 0.0, k.step_overhead_s, k.step_overhead_s, Bound::kOverhead);
}

struct TimeSink {
  double total_s = 0;
  void Add(const char*, double, double, double, double time_s, double, Bound) { total_s += time_s; }
};

struct ExplainSink {
  StepBreakdown* out;
  double by_bound_s[4] = {0, 0, 0, 0};
  void Add(const char* name, double count, double flops, double bytes, double time_s,
           double overhead_s, Bound bound) {
    out->kernels.push_back({name, static_cast<int64_t>(count), flops, bytes, time_s, overhead_s,
                            kBoundNames[static_cast<int>(bound)]});
    out->time_s += time_s;
    by_bound_s[static_cast<int>(bound)] += time_s - overhead_s;
    by_bound_s[static_cast<int>(Bound::kOverhead)] += overhead_s;
  }
};

}  // namespace

double StepModel::StepTimeS(const BatchShape& b) const {
  if (b.empty()) return 0;
  TimeSink sink;
  Evaluate(k_, b, sink);
  return sink.total_s;
}

double StepModel::MinStepTimeS() const {
  // Each of these kernels runs in every step, taking at least its weights' read time.
  const double weight_bytes = k_.layers * (k_.qkv.weight_bytes + k_.o_proj.weight_bytes) +
                              k_.dense_mlp_layers * k_.mlp.weight_bytes;
  return std::max(0.0, (k_.step_overhead_s + weight_bytes * k_.s_per_byte) * (1 - 1e-6));
}

StepBreakdown StepModel::Explain(const BatchShape& b) const {
  StepBreakdown out;
  if (b.empty()) return out;
  ExplainSink sink{&out};
  Evaluate(k_, b, sink);
  const double* best = std::max_element(sink.by_bound_s, sink.by_bound_s + 4);
  out.bound = kBoundNames[best - sink.by_bound_s];
  return out;
}

double StepBreakdown::flops() const {
  double sum = 0;
  for (const KernelCost& c : kernels) sum += c.flops;
  return sum;
}

double StepBreakdown::hbm_bytes() const {
  double sum = 0;
  for (const KernelCost& c : kernels)
    if (c.bound != "link") sum += c.bytes;
  return sum;
}

}  // namespace plan
