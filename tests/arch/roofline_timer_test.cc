// The roofline timer (arch/roofline_timer.h) remembers pure decode steps: every answer is the
// model's own, whether remembered, replaced in its slot, or asked again after a new scale.
#include <catch2/catch.hpp>

#include "arch/roofline_timer.h"
#include "perf/perf_fixture.h"

namespace plan {
namespace {

TimeNs Direct(const StepModel& model, const BatchShape& b, double scale = 1) {
  return SecondsToNs(model.StepTimeS(b) * scale);
}

TEST_CASE("A remembered decode step is the model's own time", "[arch][timer]") {
  Result<StepModel> model = StepModel::Create(test::TestDeployment("llama8b-shape"));
  REQUIRE(model.ok());
  RooflineTimer timer(&*model);
  // Batches growing one token per sequence a step, twice over (the second pass is remembered),
  // and contexts 65,536 apart, which share a slot and replace each other.
  for (int pass = 0; pass < 2; ++pass) {
    for (int64_t seqs : {1, 7, 64}) {
      for (int64_t step = 0; step < 300; ++step) {
        for (int64_t far : {int64_t{0}, int64_t{65536}}) {
          const BatchShape b = DecodeBatch(seqs, 500 + step + far / seqs);
          INFO(seqs << " seqs, context " << b.decode_context_tokens);
          REQUIRE(timer.StepNs(b) == Direct(*model, b));
        }
      }
    }
  }
  // Other shapes are timed directly.
  BatchShape mixed = DecodeBatch(4, 4000);
  mixed.prefill_tokens = 512;
  mixed.prefill_seqs = 1;
  mixed.prefill_attention_pairs = 512.0 * 513 / 2;
  CHECK(timer.StepNs(mixed) == Direct(*model, mixed));
  CHECK(timer.StepNs(PrefillBatch(2, 1000)) == Direct(*model, PrefillBatch(2, 1000)));
  CHECK(timer.StepNs(BatchShape{}) == 0);
  BatchShape lora = DecodeBatch(3, 900);
  lora.lora_adapters = 2;
  CHECK(timer.StepNs(lora) == Direct(*model, lora));

  // A new scale forgets what was remembered.
  const BatchShape b = DecodeBatch(7, 3500);
  CHECK(timer.StepNs(b) == Direct(*model, b));
  timer.set_scale(1.25);
  CHECK(timer.StepNs(b) == Direct(*model, b, 1.25));
  CHECK(timer.StepNs(b) != Direct(*model, b));
}

}  // namespace
}  // namespace plan
