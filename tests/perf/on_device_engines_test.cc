// On-device engines (issue 14): the weight formats each loads, and ExecuTorch's published phone
// figures reproduced within the band its catalog efficiency states.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "catalog/catalog.h"
#include "catalog/resolve_engine.h"
#include "perf/step_model.h"
#include "testing/embedded_catalog.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Decode tokens/s and time to first token (s) of one request on a phone, as the simulator
// prices them: a 64-token prompt in one forward, decode at a 128-token context.
struct PhoneFigures {
  double decode_tok_per_s = 0;
  double ttft_s = 0;
};

PhoneFigures Predict(const std::string& model, const std::string& device) {
  const Catalog& c = EmbeddedCatalog();
  const GpuSpec* gpu = c.FindGpu(device);
  REQUIRE(gpu != nullptr);
  const EngineProfile engine = ResolveEngine(*c.FindEngine("executorch"), *gpu, "").engine;
  Result<StepModel> sm =
      StepModel::Create({c.FindModel(model), gpu, c.FindQuant("8da4w"), &engine, 1, 1});
  REQUIRE(sm.ok());
  return {1 / sm->StepTimeS(DecodeBatch(1, 128)), sm->StepTimeS(PrefillBatch(1, 64))};
}

// `predicted` lies within `error_pct` of `measured`, the band read as a ratio either way.
bool WithinBand(double predicted, double measured, double error_pct) {
  return std::max(predicted / measured, measured / predicted) <= 1 + error_pct / 100;
}

TEST_CASE("ExecuTorch's published Llama 3.2 figures on a Snapdragon 8 Gen 3 lie in its band",
          "[perf][edge]") {
  // examples/models/llama/README.md (pytorch/executorch@007485696ccb): OnePlus 12, SpinQuant
  // 8da4w, 64-token prompt. 1B: decode 50.2 tok/s, prefill 260.5 tok/s (TTFT 64 / 260.5 =
  // 0.2457 s); 3B: 19.7 tok/s, 89.7 tok/s (0.7135 s).
  const Efficiency& eff = EmbeddedCatalog().FindEngine("executorch")->EfficiencyFor("mobile");
  REQUIRE(eff.family == "mobile");
  CHECK(eff.basis == "fitted");
  const PhoneFigures one = Predict("llama-3.2-1b-instruct", "snapdragon-8-gen-3");
  const PhoneFigures three = Predict("llama-3.2-3b-instruct", "snapdragon-8-gen-3");
  INFO("1B: " << one.decode_tok_per_s << " tok/s, TTFT " << one.ttft_s
              << " s; 3B: " << three.decode_tok_per_s << " tok/s, TTFT " << three.ttft_s
              << " s; band " << eff.error_pct << "%");
  CHECK(WithinBand(one.decode_tok_per_s, 50.2, eff.error_pct));
  CHECK(WithinBand(one.ttft_s, 64 / 260.5, eff.error_pct));
  CHECK(WithinBand(three.decode_tok_per_s, 19.7, eff.error_pct));
  CHECK(WithinBand(three.ttft_s, 64 / 89.7, eff.error_pct));
  // The 3B model has 2.6x the 1B's linear weights: its decode is slower by about as much.
  CHECK(one.decode_tok_per_s / three.decode_tok_per_s == Approx(50.2 / 19.7).epsilon(0.15));
}

TEST_CASE("A17 Pro: the bandwidth Apple's +17% for the A18 Pro implies, and its power",
          "[catalog]") {
  const GpuSpec* a17 = EmbeddedCatalog().FindGpu("apple-a17-pro");
  const GpuSpec* a18 = EmbeddedCatalog().FindGpu("apple-a18-pro");
  REQUIRE(a17 != nullptr);
  REQUIRE(a18 != nullptr);
  // LPDDR5-6400 x 64 bit = 51.2 GB/s; the A18 Pro's 60.0 is 17% more (Apple, 2024-09-09).
  CHECK(a17->memory_bandwidth_bytes_per_s == Approx(51.2e9));
  CHECK(a18->memory_bandwidth_bytes_per_s / a17->memory_bandwidth_bytes_per_s ==
        Approx(1.17).epsilon(0.005));
  CHECK(a17->tdp_w == 9.72);  // GFXBench Aztec Ruins, the review's whole-SoC draw
  CHECK(a17->kind == DeviceKind::kEdge);
}

TEST_CASE("A phone engine loads only its own weight formats", "[scenario][edge]") {
  for (const char* id : {"executorch", "mlx", "litert"}) {
    const EngineProfile* e = EmbeddedCatalog().FindEngine(id);
    REQUIRE(e != nullptr);
    CHECK_FALSE(e->quants.empty());
    CHECK_FALSE(e->Loads("q4_k_m"));
  }
  CHECK(EmbeddedCatalog().FindEngine("executorch")->Loads("8da4w"));
  CHECK(EmbeddedCatalog().FindEngine("llama.cpp")->Loads("q4_k_m"));  // no list: any
  test::ScratchDir dir;
  const std::string scenario =
      "name = \"t\"\n[workload.generator]\narrival = \"poisson\"\nrate_per_s = 1\nrequests = 5\n"
      "input_tokens = { dist = \"fixed\", value = 100 }\n"
      "output_tokens = { dist = \"fixed\", value = 10 }\n"
      "[[candidate]]\nname = \"mac\"\nkind = \"edge\"\ndevice = \"apple-m4-max\"\n"
      "model = \"qwen3-4b\"\nengine = \"mlx\"\nquant = \"mlx-4bt\"\n";
  test::CliRun r = test::RunCli({"simulate", dir.Write("a.toml", scenario)});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Catch::Contains(dir.path() + "/a.toml:14:9: candidate 'mac': unknown quant 'mlx-4bt'; "
                                          "did you mean 'mlx-4bit'?"));
  std::string q4 = scenario;
  q4.replace(q4.find("mlx-4bt"), 7, "q4_k_m");
  r = test::RunCli({"simulate", dir.Write("b.toml", q4)});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(dir.path() +
                                    "/b.toml:14:9: candidate 'mac': engine 'mlx' does not load "
                                    "'q4_k_m' weights; it loads mlx-4bit, mlx-8bit, bf16, fp16"));
}

TEST_CASE("An engine's quants must name catalog quants", "[catalog]") {
  Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources(), {{"o/engines.toml", R"([[engine]]
id = "e"
max_num_seqs = 1
max_batched_tokens = 2048
block_size_tokens = 1
gpu_memory_utilization = 1.0
quants = ["8da4w", "q4km"]
source = "test"
checked = "2026-12-05"
[[engine.efficiency]]
family = "default"
compute = 0.5
memory = 0.5
basis = "uncalibrated"
borrowed_from = "llama.cpp/hopper"
error_pct = 97
evidence = "test"
)"}}});
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.status().message(),
             Catch::StartsWith("o/engines.toml:7:10: engine 'e': quants: unknown quant 'q4km'; "
                               "did you mean 'q4_0' or 'q4_k_m'?"));
}

}  // namespace
}  // namespace plan
