// The roofline timer (arch/roofline_timer.h) remembers pure decode steps: every answer is the
// model's own, whether remembered, replaced in its slot, or asked again after a new scale.
#include <catch2/catch.hpp>

#include "arch/roofline_timer.h"
#include "perf/perf_fixture.h"
#include "testing/embedded_catalog.h"

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

TEST_CASE("The step floor is under every step of every catalog model, and close under a decode",
          "[arch][timer]") {
  const Catalog& c = test::EmbeddedCatalog();
  std::vector<BatchShape> shapes;
  for (int64_t seqs : {1, 3, 64, 256})
    for (int64_t context : {1, 700, 30000}) shapes.push_back(DecodeBatch(seqs, context));
  for (int64_t prompt : {1, 17, 2048}) {
    shapes.push_back(PrefillBatch(1, prompt));
    BatchShape pooled = PrefillBatch(1, prompt);  // an embedding: no LM head
    pooled.pooled_seqs = 1;
    shapes.push_back(pooled);
    BatchShape mixed = DecodeBatch(8, 1200);
    mixed.prefill_tokens = prompt;
    mixed.prefill_seqs = 1;
    mixed.prefill_attention_pairs = static_cast<double>(prompt) * (prompt + 1) / 2;
    shapes.push_back(mixed);
  }
  int models = 0;
  for (const ModelSpec& model : c.models()) {
    for (int tp : {1, 8}) {
      const Deployment d{
          &model, c.FindGpu("h100-sxm"), c.FindQuant("bf16"), c.FindEngine("vllm"), tp, 1};
      INFO(model.id << " tp" << tp);
      Result<StepModel> m = StepModel::Create(d);
      if (!m.ok()) continue;  // heads that tp does not divide
      ++models;
      const double floor_s = m->MinStepTimeS();
      RooflineTimer timer(&*m);
      for (double scale : {1.0, 0.5}) {
        timer.set_scale(scale);
        for (const BatchShape& b : shapes) {
          INFO(b.decode_seqs << " decodes, " << b.prefill_tokens << " prefill tokens");
          CHECK(floor_s <= m->StepTimeS(b));
          CHECK(timer.MinStepNs() <= timer.StepNs(b));
        }
      }
      // On one GPU dense weights dominate a lone decode step, so the floor is most of it.
      if (!model.is_moe() && tp == 1) CHECK(floor_s > 0.7 * m->StepTimeS(DecodeBatch(1, 1)));
    }
  }
  CHECK(models > static_cast<int>(c.models().size()));  // all at tp 1, most at tp 8
}

// Replica::PublishQuiet promises a pure decode batch's next steps take at least the one in
// flight: each has the same sequences and more context. Walked over every catalog model on two
// GPUs, one and eight ways, at contexts from one token a sequence to 128k, dense near each
// point (the next step's context) and across the range.
TEST_CASE("A decode step never takes less time with more context, for every catalog model",
          "[arch][timer]") {
  const Catalog& c = test::EmbeddedCatalog();
  int walked = 0;
  for (const ModelSpec& model : c.models()) {
    for (const char* gpu : {"h100-sxm", "a100-80gb"}) {
      for (int tp : {1, 8}) {
        const Deployment d{&model, c.FindGpu(gpu), c.FindQuant("bf16"), c.FindEngine("vllm"), tp,
                           1};
        Result<StepModel> m = StepModel::Create(d);
        if (!m.ok()) continue;  // heads that tp does not divide
        RooflineTimer timer(&*m);
        CHECK(timer.DecodeGrowsWithContext());
        ++walked;
        for (int64_t seqs : {1, 3, 16, 64, 256}) {
          TimeNs before = 0;
          for (int64_t per_seq = 1; per_seq <= 131072; per_seq += 1 + per_seq / 16) {
            const int64_t context = seqs * per_seq;
            const TimeNs now = timer.StepNs(DecodeBatch(seqs, context));
            const TimeNs next = timer.StepNs(DecodeBatch(seqs, context + seqs));
            INFO(model.id << " on " << gpu << " tp" << tp << ", " << seqs << " seqs, context "
                          << context);
            REQUIRE(before <= now);
            REQUIRE(now <= next);
            before = next;
          }
        }
      }
    }
  }
  CHECK(walked > static_cast<int>(c.models().size()));
  CHECK(LinearStepTimer(1000, 10, 100, 0.5).DecodeGrowsWithContext());
  CHECK_FALSE(LinearStepTimer(1000, 10, 100, -0.5).DecodeGrowsWithContext());
}

}  // namespace
}  // namespace plan
