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
