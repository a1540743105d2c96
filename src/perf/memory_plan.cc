#include "perf/memory_plan.h"

#include <cassert>
#include <cmath>

#include "perf/model_size.h"

namespace plan {

MemoryPlan PlanMemory(const Deployment& d) {
  assert(d.model && d.gpu && d.quant && d.engine && d.tp >= 1 && d.pp >= 1);
  const ModelSpec& m = *d.model;
  MemoryPlan p;
  p.usable_bytes_per_gpu = d.gpu->memory_bytes * d.engine->gpu_memory_utilization;
  p.weights_bytes_per_gpu = WeightBytes(m, *d.quant) / d.gpus();
  p.activation_reserve_bytes_per_gpu = d.engine->activation_reserve_bytes;
  const double per_layer = KvBytesPerTokenPerLayerPerGpu(m, *d.quant, d.tp);
  p.kv_bytes_per_token_per_gpu = per_layer * m.layers / d.pp;
  p.kv_bytes_per_token = p.kv_bytes_per_token_per_gpu * d.gpus();

  const double free_bytes =
      p.usable_bytes_per_gpu - p.weights_bytes_per_gpu - p.activation_reserve_bytes_per_gpu;
  const double block_bytes = p.kv_bytes_per_token_per_gpu * d.engine->block_size_tokens;
  const double blocks = free_bytes > 0 ? std::floor(free_bytes / block_bytes) : 0;
  p.kv_capacity_bytes_per_gpu = free_bytes > 0 ? free_bytes : 0;
  p.kv_capacity_tokens = static_cast<int64_t>(blocks) * d.engine->block_size_tokens;
  p.fits = blocks >= 1;
  p.shortfall_bytes_per_gpu = p.fits ? 0 : block_bytes - free_bytes;
  return p;
}

}  // namespace plan
