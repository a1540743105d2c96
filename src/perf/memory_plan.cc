#include "perf/memory_plan.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "catalog/dtype.h"
#include "perf/model_size.h"
#include "perf/perf_constants.h"

namespace plan {

double PeakActivationBytesPerGpu(const Deployment& d, int64_t tokens, int64_t logit_rows) {
  assert(d.model && d.quant && d.tp >= 1);
  const ModelSpec& m = *d.model;
  const double ab = std::max(perf::kMinActivationBytes, DtypeBytes(d.quant->activation_dtype));
  // The widest MLP a token passes through: the dense one, or its routed and shared experts.
  double width = m.layers > m.moe_layers() ? double(m.intermediate) : 0.0;
  if (m.is_moe())
    width = std::max(width, double(m.experts_per_token + m.shared_experts) * m.moe_intermediate);
  const double per_token =
      perf::kActivationHiddenCopies * m.hidden + perf::kActivationMlpWidths * width / d.tp;
  const double forward = static_cast<double>(tokens) * per_token * ab;
  const double logits =
      static_cast<double>(logit_rows) * double(m.vocab) * perf::kSamplerBytesPerLogit;
  return std::max(forward, logits);
}

namespace {

// SGLang's mem_fraction_static for `tp`: the entry of the largest degree not above it.
double StaticFraction(const EngineProfile& e, int tp) {
  double fraction = e.gpu_memory_utilization;
  for (const auto& [degree, f] : e.static_fraction_by_tp)
    if (degree <= tp) fraction = f;
  return fraction;
}

}  // namespace

MemoryPlan PlanMemory(const Deployment& d) {
  assert(d.model && d.gpu && d.quant && d.engine && d.tp >= 1 && d.pp >= 1);
  const ModelSpec& m = *d.model;
  const EngineProfile& e = *d.engine;
  const double memory = d.gpu->memory_bytes;
  MemoryPlan p;
  p.weights_bytes_per_gpu = WeightBytes(m, *d.quant) / d.gpus();
  const double per_layer = KvBytesPerTokenPerLayerPerGpu(m, *d.quant, d.tp);
  p.kv_bytes_per_token_per_gpu = per_layer * m.layers / d.pp;
  p.kv_bytes_per_token = p.kv_bytes_per_token_per_gpu * d.gpus();
  if (e.kv_rule != KvRule::kStaticFraction) {
    const int64_t tokens = e.max_batched_tokens;
    p.activation_bytes_per_gpu =
        PeakActivationBytesPerGpu(d, tokens, std::min<int64_t>(e.max_num_seqs, tokens));
    p.runtime_reserve_bytes_per_gpu = e.runtime_reserve_bytes;
  }
  if (d.lora.enabled())
    p.lora_bytes_per_gpu = d.lora.max_loras * LoraAdapterBytes(m, d.lora) / d.gpus();
  const double held = p.weights_bytes_per_gpu + p.activation_bytes_per_gpu +
                      p.runtime_reserve_bytes_per_gpu + p.lora_bytes_per_gpu;
  double free_bytes = 0;
  switch (e.kv_rule) {
    case KvRule::kProfiledPeak:
    case KvRule::kContext:
      p.usable_bytes_per_gpu = memory * e.gpu_memory_utilization;
      free_bytes = p.usable_bytes_per_gpu - held;
      if (e.kv_rule == KvRule::kContext)
        free_bytes = std::min(free_bytes, double(m.context_tokens) * p.kv_bytes_per_token_per_gpu);
      break;
    case KvRule::kStaticFraction:
      p.usable_bytes_per_gpu = memory * StaticFraction(e, d.tp);
      free_bytes = p.usable_bytes_per_gpu - held;
      break;
    case KvRule::kFreeFraction:
      p.usable_bytes_per_gpu = memory;
      free_bytes = e.gpu_memory_utilization * (memory - held);
      break;
  }
  const double block_bytes = p.kv_bytes_per_token_per_gpu * e.block_size_tokens;
  const double blocks = free_bytes > 0 ? std::floor(free_bytes / block_bytes) : 0;
  p.kv_capacity_bytes_per_gpu = free_bytes > 0 ? free_bytes : 0;
  p.kv_capacity_tokens = static_cast<int64_t>(blocks) * e.block_size_tokens;
  p.fits = blocks >= 1;
  p.shortfall_bytes_per_gpu = p.fits ? 0 : block_bytes - free_bytes;
  return p;
}

}  // namespace plan
