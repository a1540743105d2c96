#include <catch2/catch.hpp>

#include "perf/model_size.h"
#include "perf_fixture.h"

namespace plan {
using test::TestModel;

TEST_CASE("ParameterCount of a small dense model", "[perf]") {
  // hidden 64, 4 heads x 16, 2 KV heads, intermediate 128, vocab 1000, 2 layers, untied.
  // embeddings 1000*64 = 64,000, x2 (untied LM head) = 128,000
  // attention: q 64*64 + k,v 2*64*32 + o 64*64 = 4,096 + 4,096 + 4,096 = 12,288
  // gated MLP: 3*64*128 = 24,576; norms 2*64 = 128; layer = 36,992; 2 layers = 73,984
  // final norm 64: total 128,000 + 73,984 + 64 = 202,048
  const ModelSpec& m = TestModel("tiny-dense");
  CHECK(AttentionParameterCount(m) == 12288);
  CHECK(ParameterCount(m) == 202048);
  CHECK(ActiveParameterCount(m) == 202048);
}

TEST_CASE("ParameterCount of a small MoE counts every expert, active counts top-k", "[perf]") {
  // tied embeddings 1000*64 = 64,000
  // per layer: attention 4*64*64 = 16,384 + norms 128 = 16,512; x2 layers = 33,024
  // layer 0 dense MLP 3*64*128 = 24,576
  // layer 1 MoE: router 64*8 = 512; (8 routed + 1 shared) experts x 3*64*32 = 9 x 6,144 = 55,296
  // final norm 64
  // total  = 64,000 + 33,024 + 24,576 + 512 + 55,296 + 64 = 177,472
  // active = 64,000 + 33,024 + 24,576 + 512 + (2 + 1) x 6,144 + 64 = 140,608
  const ModelSpec& m = TestModel("tiny-moe");
  CHECK(ExpertParameterCount(m) == 6144);
  CHECK(ParameterCount(m) == 177472);
  CHECK(ActiveParameterCount(m) == 140608);
}

TEST_CASE("ParameterCount of the Llama-3.1-8B shape is 8.03B", "[perf]") {
  // embeddings 128,256*4,096 = 525,336,576, x2 untied = 1,050,673,152
  // attention 2*4096*4096 + 2*4096*1024 = 41,943,040; MLP 3*4096*14336 = 176,160,768; norms 8,192
  // layer 218,112,000 x 32 = 6,979,584,000; + final norm 4,096 => 8,030,261,248
  const ModelSpec& m = TestModel("llama8b-shape");
  CHECK(ParameterCount(m) == 8030261248.0);
  CHECK(ParameterCount(m) == Approx(8.03e9).epsilon(0.005));
}

TEST_CASE("MLA attention parameters: low-rank query and compressed KV", "[perf]") {
  // hidden 1024, 8 heads, q_lora 256, kv_lora 512, nope 128, rope 64, v 128
  // q: 1024*256 + 256 (norm) + 256*8*(128+64) = 262,144 + 256 + 393,216 = 655,616
  // kv down: 1024*(512+64) + 512 (norm) = 590,336; kv up: 512*8*(128+128) = 1,048,576
  // o: 8*128*1024 = 1,048,576; sum 3,343,104
  CHECK(AttentionParameterCount(TestModel("mla-shape")) == 3343104);
}

TEST_CASE("Expected distinct experts touched by a batch", "[perf]") {
  // 8 experts, top-2, 3 tokens: 8 * (1 - (6/8)^3) = 8 * (1 - 0.421875) = 4.625
  CHECK(ExpectedDistinctExperts(8, 2, 3) == Approx(4.625).epsilon(1e-12));
  CHECK(ExpectedDistinctExperts(8, 2, 1) == Approx(2).epsilon(1e-12));  // one token: exactly k
  CHECK(ExpectedDistinctExperts(8, 2, 0) == 0);
  CHECK(ExpectedDistinctExperts(8, 8, 5) == 8);
  // 256 experts, top-8, 1000 tokens: 256 * (1 - (248/256)^1000) = 256 * (1 - 1.6e-14): all of them
  CHECK(ExpectedDistinctExperts(256, 8, 1000) == Approx(256).epsilon(1e-9));
}

TEST_CASE("KV bytes per token per layer: GQA heads, replication above kv_heads, MLA latent",
          "[perf]") {
  const Catalog& c = test::PerfTestCatalog();
  const QuantProfile& bf16 = *c.FindQuant("bf16");
  const QuantProfile& fp8 = *c.FindQuant("fp8");
  const ModelSpec& llama = TestModel("llama8b-shape");
  CHECK(KvBytesPerTokenPerLayerPerGpu(llama, bf16, 1) ==
        2 * 8 * 128 * 2);  // K and V, 8 heads x 128
  CHECK(KvBytesPerTokenPerLayerPerGpu(llama, fp8, 1) == 2 * 8 * 128 * 1);
  CHECK(KvBytesPerTokenPerLayerPerGpu(llama, bf16, 2) == 2 * 4 * 128 * 2);
  CHECK(KvHeadsPerGpu(llama, 16) == 1);  // 8 KV heads over 16 GPUs: each holds one copy
  CHECK(KvBytesPerTokenPerLayerPerGpu(TestModel("mla-shape"), bf16, 4) == (512 + 64) * 2);
}

TEST_CASE("WeightBytes keeps embeddings at 16 bits under 8-bit quantization", "[perf]") {
  const Catalog& c = test::PerfTestCatalog();
  const ModelSpec& m = TestModel("llama8b-shape");
  // (8,030,261,248 - 1,050,673,152) x 1 byte + 1,050,673,152 x 2 bytes = 9,080,934,400
  CHECK(WeightBytes(m, *c.FindQuant("fp8")) == 9080934400.0);
  CHECK(WeightBytes(m, *c.FindQuant("bf16")) == 2 * 8030261248.0);
}

}  // namespace plan
