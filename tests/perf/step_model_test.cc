#include <catch2/catch.hpp>

#include "perf/model_size.h"
#include "perf/step_model.h"
#include "perf_fixture.h"

namespace plan {
using test::TestDeployment;
using test::TestModel;

namespace {

StepModel MakeModel(const Deployment& d) {
  Result<StepModel> sm = StepModel::Create(d);
  if (!sm.ok()) FAIL(sm.status().message());
  return std::move(sm).value();
}

const KernelCost* FindKernel(const StepBreakdown& s, const std::string& name) {
  for (const KernelCost& k : s.kernels)
    if (k.name == name) return &k;
  return nullptr;
}

// One prefill chunk of 300 tokens after 200 cached, plus 5 decodes at 700 context each.
BatchShape MixedBatch() {
  BatchShape b;
  b.prefill_tokens = 300;
  b.prefill_seqs = 1;
  b.prefill_attention_pairs = 300.0 * 200 + 300.0 * 301 / 2;
  b.prefill_context_tokens = 200;
  b.decode_seqs = 5;
  b.decode_context_tokens = 5 * 700;
  return b;
}

}  // namespace

TEST_CASE("Decode at batch 1 is bandwidth-bound: weights / (bandwidth x efficiency) + overheads",
          "[perf]") {
  const StepModel sm = MakeModel(TestDeployment("llama8b-shape"));
  const BatchShape b = DecodeBatch(1, 1);
  // Every weight but the embedding table (one row of it is read) streams once:
  // 16,060,522,496 - 1,050,673,152 = 15,009,849,344 bytes at 1000 GB/s x 0.8 = 18.7623 ms.
  // Launches: embedding 1 + 32 layers x (qkv 2 + attention 1 + o 1 + MLP 3 + norms 2) + LM head 2
  // = 291 x 2 us = 582 us; step overhead 100 us. Activations and KV add < 0.1%.
  const double weights_read =
      WeightBytes(TestModel("llama8b-shape"), *sm.deployment().quant) - 128256.0 * 4096 * 2;
  const double expected_s = weights_read / (1000e9 * 0.8) + 291 * 2e-6 + 100e-6;
  CHECK(sm.StepTimeS(b) == Approx(expected_s).epsilon(0.01));
  const StepBreakdown s = sm.Explain(b);
  CHECK(s.bound == "memory");
  CHECK(FindKernel(s, "mlp")->bound == "memory");
  CHECK(FindKernel(s, "attention_prefill") == nullptr);  // no prefill work, no kernel
}

TEST_CASE("Prefill of a large batch is compute-bound", "[perf]") {
  const StepModel sm = MakeModel(TestDeployment("llama8b-shape"));
  const StepBreakdown s = sm.Explain(PrefillBatch(16, 1024));
  CHECK(s.bound == "compute");
  const KernelCost* qkv = FindKernel(s, "qkv_proj");
  REQUIRE(qkv != nullptr);
  // 16,384 tokens x 2 x (4096 x 6144) = 824,633,720,832 FLOPs per layer at 1000 TFLOPS x 0.5
  // = 1.649267441664 ms; its bytes (50,331,648 weights + 16,384 x 10,240 x 2 activations
  // = 385,875,968) take 0.48 ms. 32 layers x (1.649267441664 ms + 2 launches x 2 us)
  // = 52.904558133248 ms.
  CHECK(qkv->bound == "compute");
  CHECK(qkv->count == 32);
  CHECK(qkv->flops == 32 * 824633720832.0);
  CHECK(qkv->time_s == Approx(0.052904558133248).epsilon(1e-12));
}

TEST_CASE("MoE reads only the distinct experts the batch touches", "[perf]") {
  const StepModel sm = MakeModel(TestDeployment("tiny-moe"));
  const StepBreakdown s = sm.Explain(DecodeBatch(3, 10));
  const KernelCost* experts = FindKernel(s, "moe_experts");
  REQUIRE(experts != nullptr);
  // One MoE layer. 3 tokens, 8 experts, top-2: 8 x (1 - 0.75^3) = 4.625 distinct experts of
  // 6,144 bf16 params (12,288 bytes) = 56,832 bytes; 6 routed tokens x (2 x 64 + 6 x 32)
  // activations x 2 bytes = 3,840 bytes. FLOPs: 6 x 2 x 6,144 = 73,728.
  CHECK(experts->count == 1);
  CHECK(experts->bytes == Approx(60672).epsilon(1e-12));
  CHECK(experts->flops == 73728);
  CHECK(FindKernel(s, "moe_shared") != nullptr);
  CHECK(FindKernel(s, "moe_router") != nullptr);
  CHECK(FindKernel(s, "mlp")->count == 1);  // the leading dense layer
}

TEST_CASE("tp=2 halves weight bytes and adds two all-reduces per layer", "[perf]") {
  const StepModel tp1 = MakeModel(TestDeployment("llama8b-shape", 1));
  const StepModel tp2 = MakeModel(TestDeployment("llama8b-shape", 2));
  CHECK(tp2.memory().weights_bytes_per_gpu == tp1.memory().weights_bytes_per_gpu / 2);
  const StepBreakdown s1 = tp1.Explain(DecodeBatch(1, 1));
  const StepBreakdown s2 = tp2.Explain(DecodeBatch(1, 1));
  CHECK(FindKernel(s1, "tp_allreduce") == nullptr);
  // QKV per GPU: weights 4096 x (32 + 2 x 8) x 128 x 2 bytes = 50,331,648 at tp=1, 25,165,824 at
  // tp=2; one token's activations (4096 + 6144) x 2 = 20,480 and (4096 + 3072) x 2 = 14,336 bytes.
  CHECK(FindKernel(s1, "qkv_proj")->bytes == 32 * (50331648.0 + 20480));
  CHECK(FindKernel(s2, "qkv_proj")->bytes == 32 * (25165824.0 + 14336));
  const KernelCost* ar = FindKernel(s2, "tp_allreduce");
  REQUIRE(ar != nullptr);
  // 2 x 32 layers, each one token's 4096 x 2 = 8,192 bytes. One-shot (custom kernel): 10 us +
  // (2-1) x 8,192 B at 100 GB/s x 0.5 (163.84 ns) = 10.16384 us; two-shot 20.16384 us; NCCL ring
  // 2 x 6 us + 2 x 1/2 x 8,192 B / 50 GB/s = 12.16384 us. The cheapest, plus one kernel launch
  // (2 us: the test engine has no CUDA graphs, so every step runs eagerly): 64 x 12.16384 us =
  // 778.48576 us.
  CHECK(ar->count == 64);
  CHECK(ar->bytes == 64 * 8192.0);
  CHECK(ar->bound == "link");
  CHECK(ar->time_s == Approx(778.48576e-6).epsilon(1e-12));
}

TEST_CASE("pp=2 costs the same layers plus one send, and halves weights per GPU", "[perf]") {
  const StepModel pp1 = MakeModel(TestDeployment("llama8b-shape", 1, 1));
  const StepModel pp2 = MakeModel(TestDeployment("llama8b-shape", 1, 2));
  CHECK(pp2.memory().weights_bytes_per_gpu == pp1.memory().weights_bytes_per_gpu / 2);
  // One token's hidden state and residual: 2 x 4096 x 2 bytes = 16,384 at 50 GB/s = 0.32768 us,
  // plus one NCCL step (6 us) and one eager kernel launch (2 us).
  const BatchShape b = DecodeBatch(1, 100);
  CHECK(pp2.StepTimeS(b) == Approx(pp1.StepTimeS(b) + 8.32768e-6).epsilon(1e-12));
}

TEST_CASE("Sliding-window layers read at most the window of KV per sequence", "[perf]") {
  const StepModel sm = MakeModel(TestDeployment("sliding-shape"));
  const StepBreakdown s = sm.Explain(DecodeBatch(2, 1000));
  // 6 layers, every 3rd global: 2 global, 4 sliding (window 128). KV per token per layer
  // 2 x 2 heads x 64 x 2 bytes = 512; query + output activations 2 x 4 x 64 x 2 = 1,024 bytes.
  // global: 2,000 context tokens x 512 + 2 seqs x (512 new KV + 1,024) = 1,027,072 per layer
  // sliding: min(2,000, 2 x 128) = 256 x 512 + 3,072 = 134,144 per layer
  CHECK(FindKernel(s, "attention_decode")->bytes == 2 * 1027072.0);
  CHECK(FindKernel(s, "attention_decode_sliding")->bytes == 4 * 134144.0);
}

TEST_CASE("Explain sums exactly to StepTimeS", "[perf]") {
  struct Case {
    const char* model;
    int tp, pp;
    const char* quant;
  };
  for (const Case& c : {Case{"llama8b-shape", 2, 2, "fp8"}, Case{"llama8b-shape", 1, 1, "bf16"},
                        Case{"tiny-moe", 2, 1, "bf16"}, Case{"mla-shape", 4, 2, "fp8"},
                        Case{"sliding-shape", 2, 3, "bf16"}}) {
    const StepModel sm = MakeModel(TestDeployment(c.model, c.tp, c.pp, c.quant));
    for (const BatchShape& b : {MixedBatch(), PrefillBatch(4, 512), DecodeBatch(64, 3000)}) {
      INFO(c.model << " tp=" << c.tp << " pp=" << c.pp << " tokens=" << b.tokens());
      const StepBreakdown s = sm.Explain(b);
      double sum = 0;
      for (const KernelCost& k : s.kernels) sum += k.time_s;
      CHECK(sum == sm.StepTimeS(b));
      CHECK(s.time_s == sm.StepTimeS(b));
      CHECK(s.time_s > 0);
    }
  }
}

TEST_CASE("An empty batch takes no time", "[perf]") {
  const StepModel sm = MakeModel(TestDeployment("tiny-dense"));
  CHECK(sm.StepTimeS(BatchShape{}) == 0);
  const StepBreakdown s = sm.Explain(BatchShape{});
  CHECK(s.kernels.empty());
  CHECK(s.bound == "");
}

TEST_CASE("MLA decode reads the latent and spends absorbed-attention FLOPs", "[perf]") {
  const StepModel sm = MakeModel(TestDeployment("mla-shape"));
  const StepBreakdown breakdown = sm.Explain(DecodeBatch(1, 1000));  // outlives the pointer below
  const KernelCost* attn = FindKernel(breakdown, "attention_decode");
  REQUIRE(attn != nullptr);
  // Per layer: 1,000 cached x 576 x 2 bytes + 1 new latent 1,152 + query/output 8 x (192 + 128) x 2
  // = 1,152,000 + 1,152 + 5,120 = 1,158,272 bytes; FLOPs 1,000 x 8 heads x 2 x (2 x 512 + 64)
  // = 17,408,000. 4 layers.
  CHECK(attn->bytes == 4 * 1158272.0);
  CHECK(attn->flops == 4 * 17408000.0);
}

TEST_CASE("StepModel::Create rejects splits the model cannot take, with exact messages", "[perf]") {
  auto error = [](const Deployment& d) { return StepModel::Create(d).status().message(); };
  CHECK(error(TestDeployment("llama8b-shape", 3)) ==
        "tp=3 does not divide the 32 attention heads of model 'llama8b-shape'");
  CHECK(error(TestDeployment("llama8b-shape", 1, 3)) ==
        "pp=3 does not divide the 32 layers of model 'llama8b-shape'");
  CHECK(error(TestDeployment("llama8b-shape", 0)) == "tp and pp must be at least 1, not tp=0 pp=1");
  CHECK(error(TestDeployment("tiny-dense", 1, 1, "fp8", "small-gpu")) ==
        "gpu 'small-gpu' has no fp8 peak, the compute dtype of quant 'fp8'");
  CHECK(error(TestDeployment("tiny-dense", 2, 1, "bf16", "small-gpu")) ==
        "gpu 'small-gpu' has no link bandwidth (link_gb_per_s), which tp=2 pp=1 needs");
  CHECK(StepModel::Create(TestDeployment("llama8b-shape", 3)).status().code() ==
        StatusCode::kInvalidInput);
}

}  // namespace plan
