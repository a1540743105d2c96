// A small made-up catalog for the roofline tests: round figures so expected values can be worked
// out by hand, independent of the shipped catalog data.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "catalog/catalog.h"
#include "perf/deployment.h"

namespace plan::test {

// test-gpu: 80 GiB, 1000 GB/s HBM, 100 GB/s link, 1000 bf16 TFLOPS, 2000 fp8 TFLOPS; 8 per node,
// all-reduce: custom kernels 10 us per step, NCCL 6 us per ring step, link efficiency 0.5.
// test-engine: compute 0.5, memory 0.8, 2 us per launch, 100 us per step, KV by vLLM's rule
// (profiled peak of an 8192-token forward, 2 GiB runtime reserve), 0.9 utilisation, 16-token
// blocks.
inline constexpr const char* kPerfTestCatalog = R"toml(
[[gpu]]
id = "test-gpu"
family = "testfam"
memory_gib = 80
memory_bandwidth_gb_per_s = 1000
link_gb_per_s = 100
gpus_per_node = 8
tflops = { bf16 = 1000, fp8 = 2000 }
source = "made up for tests"
checked = "2026-01-01"
[gpu.interconnect]
custom_latency_us = 10
nccl_latency_us = 6
efficiency = 0.5
basis = "uncalibrated"
borrowed_from = "nothing"
error_pct = 50
evidence = "made up for tests"

[[gpu]]
id = "small-gpu"
family = "testfam"
memory_gib = 8
memory_bandwidth_gb_per_s = 100
tflops = { bf16 = 100 }
source = "made up for tests"
checked = "2026-01-01"

[[quant]]
id = "bf16"
weight_bits = 16
compute_dtype = "bf16"
kv_dtype = "bf16"
source = "made up for tests"
checked = "2026-01-01"

[[quant]]
id = "fp8"
weight_bits = 8
compute_dtype = "fp8"
kv_dtype = "fp8"
activation_dtype = "fp8"
source = "made up for tests"
checked = "2026-01-01"

[[engine]]
id = "test-engine"
max_num_seqs = 256
max_batched_tokens = 8192
block_size_tokens = 16
gpu_memory_utilization = 0.9
kv_rule = "profiled_peak"
runtime_reserve_gib = 2
source = "made up for tests"
checked = "2026-01-01"
[[engine.efficiency]]
family = "default"
compute = 0.5
memory = 0.8
kernel_overhead_us = 2
step_overhead_us = 100
basis = "uncalibrated"
borrowed_from = "nothing"
error_pct = 50
evidence = "made up for tests"

[[model]]
id = "tiny-dense"
params_b = 0.0002
layers = 2
hidden = 64
heads = 4
kv_heads = 2
head_dim = 16
intermediate = 128
vocab = 1000
context_tokens = 4096
source = "made up for tests"
checked = "2026-01-01"

[[model]]
id = "tiny-moe"
params_b = 0.0002
layers = 2
hidden = 64
heads = 4
kv_heads = 4
head_dim = 16
intermediate = 128
vocab = 1000
context_tokens = 4096
tied_embeddings = true
experts = 8
experts_per_token = 2
shared_experts = 1
moe_intermediate = 32
dense_layers = 1
source = "made up for tests"
checked = "2026-01-01"

[[model]]
id = "llama8b-shape"
params_b = 8.03
layers = 32
hidden = 4096
heads = 32
kv_heads = 8
head_dim = 128
intermediate = 14336
vocab = 128256
context_tokens = 131072
source = "Llama-3.1-8B config.json shape"
checked = "2026-01-01"

[[model]]
id = "mla-shape"
params_b = 0.02
layers = 4
hidden = 1024
heads = 8
kv_heads = 8
head_dim = 128
intermediate = 2048
vocab = 1000
context_tokens = 4096
attention = "mla"
q_lora_rank = 256
kv_lora_rank = 512
qk_nope_head_dim = 128
qk_rope_head_dim = 64
v_head_dim = 128
source = "made up for tests"
checked = "2026-01-01"

[[model]]
id = "sliding-shape"
params_b = 0.001
layers = 6
hidden = 256
heads = 4
kv_heads = 2
head_dim = 64
intermediate = 512
vocab = 1000
context_tokens = 8192
sliding_window = 128
global_every = 3
source = "made up for tests"
checked = "2026-01-01"
)toml";

inline const Catalog& PerfTestCatalog() {
  static const Catalog catalog = [] {
    Result<Catalog> c = LoadCatalog({{{"perf_test.toml", kPerfTestCatalog}}});
    if (!c.ok()) FAIL(c.status().message());
    return std::move(c).value();
  }();
  return catalog;
}

inline const ModelSpec& TestModel(const std::string& id) {
  const ModelSpec* m = PerfTestCatalog().FindModel(id);
  REQUIRE(m != nullptr);
  return *m;
}

inline Deployment TestDeployment(const std::string& model, int tp = 1, int pp = 1,
                                 const std::string& quant = "bf16",
                                 const std::string& gpu = "test-gpu") {
  const Catalog& c = PerfTestCatalog();
  Deployment d{
      c.FindModel(model), c.FindGpu(gpu), c.FindQuant(quant), c.FindEngine("test-engine"), tp, pp};
  REQUIRE(d.model != nullptr);
  REQUIRE(d.gpu != nullptr);
  REQUIRE(d.quant != nullptr);
  return d;
}

}  // namespace plan::test
