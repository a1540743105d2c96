// KV capacity as each engine computes it at start-up (perf/memory_plan.h), against what vLLM
// logged and by hand for the rules of SGLang and TensorRT-LLM.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "catalog/resolve_engine.h"
#include "perf/memory_plan.h"
#include "testing/embedded_catalog.h"
#include "util/units.h"

namespace plan {
namespace {

// Llama 3.1 8B in bf16 on `gpu` with `engine` (already resolved).
MemoryPlan Plan(const GpuSpec& gpu, const EngineProfile& engine, int tp = 1) {
  const Catalog& c = test::EmbeddedCatalog();
  return PlanMemory(
      {c.FindModel("llama-3.1-8b-instruct"), &gpu, c.FindQuant("bf16"), &engine, tp, 1});
}

TEST_CASE("vLLM's profiled KV capacity for Llama 3.1 8B on an RTX 3090 is reproduced", "[perf]") {
  // github.com/vllm-project/vllm/issues/10517 (2024-12-02): vLLM V0 on an RTX 3090,
  // total_gpu_memory=23.58GiB, gpu_memory_utilization=0.90, non_torch_memory=0.35GiB,
  // max_model_len 20000 (chunked prefill off, so max_num_batched_tokens = 20000):
  // kv_cache_size=3.81GiB, "# GPU blocks: 1952"; with 29000: 2.89GiB, 1478 blocks.
  GpuSpec rtx3090;
  rtx3090.id = "rtx-3090";
  rtx3090.name = "NVIDIA GeForce RTX 3090";
  rtx3090.family = "ampere";
  rtx3090.memory_bytes = 23.58 * kBytesPerGiB;
  EngineProfile v0 = *test::EmbeddedCatalog().FindEngine("vllm");
  v0.max_num_seqs = 256;
  v0.max_batched_tokens = 20000;
  v0.runtime_reserve_bytes = 0.35 * kBytesPerGiB;  // V0 did not yet reserve CUDA-graph memory
  // usable 23.58 GiB x 0.9 = 22,786,948,988.9; weights 16,060,522,496; activations 20,000 x
  // (3 x 4,096 + 3 x 14,336) x 2 B = 2,211,840,000 (above 256 x 128,256 x 10 B of logits);
  // reserve 375,809,638.4: KV 4,138,776,854.5 B = 3.855 GiB -> 1,973 blocks of 2,097,152 B.
  MemoryPlan p = Plan(rtx3090, v0);
  CHECK(p.activation_bytes_per_gpu == 2211840000.0);
  CHECK(p.kv_capacity_bytes_per_gpu == Approx(4138776854.5).epsilon(1e-9));
  CHECK(p.kv_capacity_tokens == 1973 * 16);
  CHECK(p.kv_capacity_bytes_per_gpu / kBytesPerGiB == Approx(3.81).epsilon(0.02));  // 1.2% high
  CHECK(p.kv_capacity_tokens / 16.0 == Approx(1952).epsilon(0.02));                 // 1.1% high
  v0.max_batched_tokens = 29000;  // activations 3,207,168,000: KV 3,143,448,854.5 B = 2.928 GiB
  p = Plan(rtx3090, v0);
  CHECK(p.kv_capacity_bytes_per_gpu / kBytesPerGiB == Approx(2.89).epsilon(0.02));  // 1.3% high
  CHECK(p.kv_capacity_tokens / 16.0 == Approx(1478).epsilon(0.02));                 // 1.4% high
}

TEST_CASE("Llama 3.1 8B on a 24 GB RTX 4090 with vLLM's defaults: the KV cache it profiles",
          "[perf]") {
  // The newest vLLM the catalog knows runs a < 70 GiB GPU at 256 sequences and 2048 batched
  // tokens. usable 23.99 GiB x 0.9 = 23,183,159,721.98 bytes;
  //   weights                      16,060,522,496  (8,030,261,248 parameters x 2 B)
  //   activations, the larger of   2,048 x 110,592 B = 226,492,416 (one forward)
  //                and              256 x 128,256 x 10 B = 328,335,360 (the sampler's logits)
  //   runtime reserve                  644,245,094.4 (0.6 GiB: non-torch memory + CUDA graphs)
  //   KV                            6,150,056,771.58 -> 2,932 blocks of 16 x 131,072 B = 46,912
  // The fixed 2 GiB reserve of before left 4,975,153,577.98 -> 2,372 blocks = 37,952 tokens:
  // 19% fewer. (Issue 10 measured the old figure as ~8% low against a vLLM it profiled; that
  // measurement is not published. The rule above reproduces vLLM's own log within 1.4%, above.)
  const GpuSpec& gpu = *test::EmbeddedCatalog().FindGpu("rtx-4090");
  const ResolvedEngine vllm = ResolveEngine(*test::EmbeddedCatalog().FindEngine("vllm"), gpu, "");
  REQUIRE(vllm.engine.max_num_seqs == 256);
  REQUIRE(vllm.engine.max_batched_tokens == 2048);
  const MemoryPlan p = Plan(gpu, vllm.engine);
  CHECK(p.usable_bytes_per_gpu == Approx(23183159721.984).epsilon(1e-12));
  CHECK(p.weights_bytes_per_gpu == 16060522496.0);
  CHECK(p.activation_bytes_per_gpu == 328335360.0);
  CHECK(p.runtime_reserve_bytes_per_gpu == Approx(644245094.4).epsilon(1e-12));
  CHECK(p.kv_capacity_bytes_per_gpu == Approx(6150056771.584).epsilon(1e-9));
  CHECK(p.kv_capacity_tokens == 46912);
}

TEST_CASE("SGLang keeps mem_fraction_static of the memory by tp, TensorRT-LLM 0.9 of the rest",
          "[perf]") {
  const GpuSpec& h100 = *test::EmbeddedCatalog().FindGpu("h100-sxm");  // 79.65 GiB
  // SGLang at tp 1: 79.65 GiB = 85,523,536,281.6 B x 0.88 - 16,060,522,496 = 59,200,189,431.808.
  const EngineProfile sglang =
      ResolveEngine(*test::EmbeddedCatalog().FindEngine("sglang"), h100, "").engine;
  MemoryPlan p = Plan(h100, sglang);
  CHECK(p.activation_bytes_per_gpu == 0);
  CHECK(p.kv_capacity_bytes_per_gpu == Approx(59200189431.808).epsilon(1e-12));
  // At tp 2 the fraction is 0.87: 74,405,476,565.0 - 8,030,261,248 per GPU.
  p = Plan(h100, sglang, 2);
  CHECK(p.kv_capacity_bytes_per_gpu == Approx(66375215316.992).epsilon(1e-12));
  // TensorRT-LLM: 0.9 x (79.65 GiB - weights - activations of its 8192-token dry run
  // (8,192 x 110,592 B = 905,969,664; the logits of 2,048 rows are 2,626,682,880 B, larger) -
  // 0.35 GiB runtime) = 0.9 x (85,523,536,281.6 - 16,060,522,496 - 2,626,682,880 -
  // 375,809,638.4) = 59,814,469,140.48
  const EngineProfile trt =
      ResolveEngine(*test::EmbeddedCatalog().FindEngine("tensorrt-llm"), h100, "").engine;
  p = Plan(h100, trt);
  CHECK(p.activation_bytes_per_gpu == 2626682880.0);
  CHECK(p.kv_capacity_bytes_per_gpu == Approx(59814469140.48).epsilon(1e-9));
}

}  // namespace
}  // namespace plan
