// Checks over every model of the embedded catalog (catalog/models.toml): the architecture fields
// must account for the parameters the model card states, and the step model must take every shape.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "perf/model_size.h"
#include "perf/step_model.h"
#include "perf_fixture.h"
#include "testing/embedded_catalog.h"

namespace plan {

namespace {
using test::EmbeddedCatalog;
}  // namespace

TEST_CASE("ParameterCount is within 2% of params_b for every catalog model", "[perf][catalog]") {
  if (EmbeddedCatalog().models().empty()) WARN("the embedded catalog has no models yet");
  for (const ModelSpec& m : EmbeddedCatalog().models()) {
    INFO(m.id << " (" << m.loc.ToString() << "): counted " << ParameterCount(m) / 1e9 << "B, card "
              << m.published_params / 1e9 << "B");
    CHECK(ParameterCount(m) == Approx(m.published_params).epsilon(0.02));
    CHECK(ActiveParameterCount(m) <= ParameterCount(m));
  }
}

TEST_CASE("Every catalog model gets a step model whose breakdown sums to its step time",
          "[perf][catalog]") {
  const Catalog& t = test::PerfTestCatalog();  // test-gpu, bf16 and test-engine
  for (const ModelSpec& m : EmbeddedCatalog().models()) {
    INFO(m.id);
    Result<StepModel> sm = StepModel::Create(
        {&m, t.FindGpu("test-gpu"), t.FindQuant("bf16"), t.FindEngine("test-engine"), 1, 1});
    REQUIRE(sm.ok());
    BatchShape b = DecodeBatch(32, 4000);
    b.prefill_tokens = 512;
    b.prefill_seqs = 1;
    b.prefill_attention_pairs = 512.0 * 1000 + 512.0 * 513 / 2;
    b.prefill_context_tokens = 1000;
    const StepBreakdown s = sm->Explain(b);
    CHECK(s.time_s == sm->StepTimeS(b));
    CHECK(s.time_s > 0);
  }
}

}  // namespace plan

namespace plan {

TEST_CASE("Qwen3 0.6B, an on-device model: parameters and KV bytes by hand", "[perf][catalog]") {
  const ModelSpec* m = test::EmbeddedCatalog().FindModel("qwen3-0.6b");
  REQUIRE(m != nullptr);
  // tied embeddings 151,936 x 1,024 = 155,582,464
  // attention q 1024x2048 + k, v 2 x 1024x1024 + o 2048x1024 = 6,291,456
  // gated MLP 3 x 1024 x 3072 = 9,437,184; norms 2 x 1024; layer 15,730,688; x 28 = 440,459,264
  // final norm 1,024: 596,042,752 (the checkpoint's 596,049,920 adds q/k norms, 28 x 256)
  CHECK(AttentionParameterCount(*m) == 6291456);
  CHECK(ParameterCount(*m) == 596042752.0);
  // K and V, 8 KV heads x 128 at 2 bytes: 4,096 B a layer, 114,688 B a token over 28 layers
  const QuantProfile& bf16 = *test::EmbeddedCatalog().FindQuant("bf16");
  CHECK(KvBytesPerTokenPerLayerPerGpu(*m, bf16, 1) == 4096);
}

}  // namespace plan
