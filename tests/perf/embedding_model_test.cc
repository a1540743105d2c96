// The catalog's embedding models through the prefill roofline: hand-computed FLOPs and bytes.
#include <catch2/catch.hpp>

#include "perf/model_size.h"
#include "perf/step_model.h"
#include "perf_fixture.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

const KernelCost& Kernel(const StepBreakdown& s, const std::string& name) {
  for (const KernelCost& k : s.kernels)
    if (k.name == name) return k;
  FAIL("no kernel " << name);
  return s.kernels.front();
}

}  // namespace

TEST_CASE("BGE-M3 embedding one 512-token chunk: FLOPs and bytes by hand", "[perf][embedding]") {
  const Catalog& t = test::PerfTestCatalog();  // test-gpu, bf16 (2 bytes per value)
  const ModelSpec* m = test::EmbeddedCatalog().FindModel("bge-m3");
  REQUIRE(m != nullptr);
  // XLM-RoBERTa large: 24 layers, hidden 1024, 16 heads of 64, plain GELU MLP of 4096.
  CHECK(ParameterCount(*m) == Approx(567.75e6).epsilon(0.02));
  Result<StepModel> sm = StepModel::Create(
      {m, t.FindGpu("test-gpu"), t.FindQuant("bf16"), t.FindEngine("test-engine"), 1, 1});
  REQUIRE(sm.ok());
  const StepBreakdown s = sm->Explain(PrefillBatch(1, 512));
  // QKV: 24 x 2 x 512 tokens x 1024 x 3072; weights 24 x 3 x 1024^2 x 2 B = 150,994,944 and
  // activations 24 x 512 x (1024 in + 3072 out) x 2 B = 100,663,296.
  CHECK(Kernel(s, "qkv_proj").flops == 77309411328.0);
  CHECK(Kernel(s, "qkv_proj").bytes == 251658240.0);
  // Output projection: 24 x 2 x 512 x 1024 x 1024.
  CHECK(Kernel(s, "o_proj").flops == 25769803776.0);
  // Plain MLP, two matrices: 24 x 2 x 512 x 2 x 1024 x 4096; weights 24 x 2 x 1024 x 4096 x 2 B
  // = 402,653,184, activations 24 x 512 x (2 x 1024 + 4 x 4096) x 2 B = 452,984,832.
  CHECK(Kernel(s, "mlp").flops == 206158430208.0);
  CHECK(Kernel(s, "mlp").bytes == 855638016.0);
  // Attention as the causal prefill counts it: 512 x 513 / 2 = 131,328 query-key pairs x 4
  // FLOPs (scores and values) x 1024 (16 heads x 64) x 24 layers. An encoder attends both ways:
  // 512^2 = 262,144 pairs, so the roofline leaves out 130,816 x 4 x 1024 x 24 = 12.86 GFLOP, 3.8%
  // of the chunk's 335.1 GFLOP (the 322.76 counted, less the 0.51 of an LM head BGE-M3 has
  // not, plus those 12.86).
  CHECK(Kernel(s, "attention_prefill").flops == 12910067712.0);
  const double missing = (512.0 * 512 - 512.0 * 513 / 2) * 4 * 1024 * 24;
  CHECK(missing == 12859736064.0);
  CHECK(s.flops() == Approx(322.76e9).epsilon(1e-4));
  const double encoder_flops = s.flops() - Kernel(s, "lm_head").flops + missing;
  CHECK(missing / encoder_flops == Approx(0.0384).epsilon(0.01));
  // Pooled (an embedding request, as the replica marks it): no LM head, whose one row of
  // 2 x 1024 x 250,002 FLOPs and 250,002 x 1024 x 2 B of weights the chat prefill pays.
  CHECK(Kernel(s, "lm_head").flops == 2.0 * 1024 * 250002);
  BatchShape pooled = PrefillBatch(1, 512);
  pooled.pooled_seqs = 1;
  const StepBreakdown p = sm->Explain(pooled);
  for (const KernelCost& k : p.kernels) CHECK(k.name != "lm_head");
  CHECK(p.flops() == s.flops() - 2.0 * 1024 * 250002);
  CHECK(s.hbm_bytes() - p.hbm_bytes() >= 250002.0 * 1024 * 2);
}

}  // namespace plan
