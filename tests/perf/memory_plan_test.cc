#include <catch2/catch.hpp>

#include "perf/memory_plan.h"
#include "perf/step_model.h"
#include "perf_fixture.h"

namespace plan {
using test::TestDeployment;

TEST_CASE("Memory plan of the Llama-3.1-8B shape on an 80 GiB GPU", "[perf]") {
  const MemoryPlan p = PlanMemory(TestDeployment("llama8b-shape"));
  // KV per token: 2 (K, V) x 32 layers x 8 heads x 128 x 2 bytes = 131,072
  CHECK(p.kv_bytes_per_token == 131072);
  CHECK(p.kv_bytes_per_token_per_gpu == 131072);
  CHECK(p.weights_bytes_per_gpu == 16060522496.0);  // 8,030,261,248 params x 2 bytes
  // Activations of the 8192-token profiling forward: 8,192 x (3 x 4,096 + 3 x 14,336) x 2 bytes =
  // 905,969,664, above the sampler's 256 rows x 128,256 x 10 bytes = 328,335,360.
  CHECK(p.activation_bytes_per_gpu == 905969664.0);
  CHECK(p.runtime_reserve_bytes_per_gpu == 2147483648.0);
  // usable 80 GiB x 0.9 = 77,309,411,328; minus weights, activations and the 2 GiB reserve =
  // 58,195,435,520 bytes = 27,749.6 blocks of 16 x 131,072 bytes -> 27,749 blocks = 443,984 tokens
  CHECK(p.usable_bytes_per_gpu == 77309411328.0);
  CHECK(p.kv_capacity_bytes_per_gpu == 58195435520.0);
  CHECK(p.kv_capacity_tokens == 443984);
  CHECK(p.fits);
  CHECK(p.shortfall_bytes_per_gpu == 0);
}

TEST_CASE("A model too big for the GPU does not fit, and says by how much", "[perf]") {
  const Deployment d = TestDeployment("llama8b-shape", 1, 1, "bf16", "small-gpu");
  const MemoryPlan p = PlanMemory(d);
  // 8 GiB x 0.9 = 7,730,941,132.8 - 16,060,522,496 - 905,969,664 - 2,147,483,648 =
  // -11,383,034,675.2; one 16-token block more (2,097,152): short by 11,385,131,827.2 per GPU.
  CHECK_FALSE(p.fits);
  CHECK(p.kv_capacity_tokens == 0);
  CHECK(p.kv_capacity_bytes_per_gpu == 0);
  CHECK(p.shortfall_bytes_per_gpu == Approx(11385131827.2).epsilon(1e-12));
  // Not an error for the step model: callers decide.
  Result<StepModel> sm = StepModel::Create(d);
  REQUIRE(sm.ok());
  CHECK_FALSE(sm->memory().fits);
}

TEST_CASE("Tensor and pipeline splits divide weights and KV per GPU", "[perf]") {
  const MemoryPlan tp2 = PlanMemory(TestDeployment("llama8b-shape", 2));
  CHECK(tp2.weights_bytes_per_gpu == 8030261248.0);
  CHECK(tp2.kv_bytes_per_token_per_gpu == 65536);  // 4 of the 8 KV heads
  CHECK(tp2.kv_bytes_per_token == 131072);
  const MemoryPlan pp2 = PlanMemory(TestDeployment("llama8b-shape", 1, 2));
  CHECK(pp2.weights_bytes_per_gpu == 8030261248.0);
  CHECK(pp2.kv_bytes_per_token_per_gpu == 65536);  // 16 of the 32 layers
  CHECK(pp2.kv_bytes_per_token == 131072);
}

TEST_CASE("MLA caches the latent plus the RoPE key, whole on every tensor-parallel GPU", "[perf]") {
  // 4 layers x (512 + 64) x 2 bytes = 4,608 per token
  CHECK(PlanMemory(TestDeployment("mla-shape")).kv_bytes_per_token == 4608);
  const MemoryPlan tp2 = PlanMemory(TestDeployment("mla-shape", 2));
  CHECK(tp2.kv_bytes_per_token_per_gpu == 4608);
  CHECK(tp2.kv_bytes_per_token == 9216);
  // fp8 KV: 1 byte per element
  CHECK(PlanMemory(TestDeployment("mla-shape", 1, 1, "fp8")).kv_bytes_per_token == 2304);
}

}  // namespace plan
