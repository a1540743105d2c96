// Tensor-parallel scaling of a 70B model against a published TP1 -> TP8 series (issue 10):
// Lambda's vLLM benchmark of Llama 3.1 70B Instruct FP8 (catalog/evidence/latency.csv, source
// lambda-vllm-benchmark: 10 ShareGPT prompts, 1,369 prompt tokens in all, ~210 generated each,
// vLLM 0.6 with 10-step multi-step scheduling, so the median ITL / 10 is a decode step), on
// H100 SXM (W8A8 FP8, BF16 KV) and A100 SXM 80GB (the same checkpoint as W8A16).
//
// Predicted here: a decode step of 10 sequences at context 137 + 105 (mid-generation), and the
// prefill step of the 10-prompt burst (its median TTFT), with the catalog's figures.
//
// Before issue 10 plan scaled far better than measured: decode 31.6 / 19.8 / 12.7 / 9.15 ms on
// H100 (TP1/TP8 3.46x against 3.21x measured), prefill 183 / 110 / 72 / 53 ms (TP8 2.06x too
// fast), because the all-reduce was 0.7 x link bandwidth + 15 us flat, every kernel cost 3 us
// whether in a CUDA graph or not, and nothing else was fixed per step. With the fitted
// interconnects and vLLM's fitted efficiencies: decode 31.7 / 19.6 / 13.2 / 10.2 ms, prefill
// 301 / 192 / 132 / 100 ms; A100 decode 29.6 / 18.6 / 13.5 ms, prefill 612 / 377 / 258 ms.
//
// Tolerance: every step within 12% of the published figure, and the speed-up from the smallest
// to the largest group (the shape of the series) within 20% of the published one. Before, the
// prefill series failed both (TP8 51% fast; speed-up 3.45x against 2.58x, +34%); the decode
// series of this configuration was already within them (TP8 -5%, speed-up +8%): the issue's
// "2.5x too fast at TP8 decode" is not what the old model gives for these rows.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "catalog/resolve_engine.h"
#include "perf/perf.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

struct Point {
  int tp;
  double decode_ms;   // median ITL / 10
  double prefill_ms;  // median TTFT
};

struct Series {
  const char* gpu;
  const char* quant;
  std::vector<Point> points;
};

// latency.csv, lambda-vllm-benchmark rows (itl_ms and ttft_ms, median).
const Series kH100 = {
    "h100-sxm",
    "fp8-kv16",
    {{1, 30.873, 280.37}, {2, 19.159, 176.37}, {4, 12.563, 125.18}, {8, 9.612, 108.67}}};
const Series kA100 = {
    "a100-80gb", "fp8-w8a16", {{2, 28.023, 618.08}, {4, 17.334, 359.14}, {8, 13.104, 247.51}}};

constexpr double kTolerance = 0.12;
constexpr double kShapeTolerance = 0.20;

struct Step {
  double decode_ms, prefill_ms;
};

Step Predict(const Series& s, int tp) {
  const Catalog& c = test::EmbeddedCatalog();
  const GpuSpec& gpu = *c.FindGpu(s.gpu);
  const EngineProfile engine = ResolveEngine(*c.FindEngine("vllm"), gpu, "").engine;
  Result<StepModel> sm = StepModel::Create(
      {c.FindModel("llama-3.1-70b-instruct"), &gpu, c.FindQuant(s.quant), &engine, tp, 1});
  REQUIRE(sm.ok());
  return {sm->StepTimeS(DecodeBatch(10, 137 + 105)) * 1e3,
          sm->StepTimeS(PrefillBatch(10, 137)) * 1e3};
}

void CheckSeries(const Series& s) {
  std::vector<Step> predicted;
  for (const Point& p : s.points) {
    const Step got = Predict(s, p.tp);
    predicted.push_back(got);
    INFO(fmt::format("{} tp{}: decode {:.2f} ms (published {:.2f}), prefill {:.1f} ms ({:.1f})",
                     s.gpu, p.tp, got.decode_ms, p.decode_ms, got.prefill_ms, p.prefill_ms));
    CHECK(got.decode_ms == Approx(p.decode_ms).epsilon(kTolerance));
    CHECK(got.prefill_ms == Approx(p.prefill_ms).epsilon(kTolerance));
  }
  // The shape: how much faster the largest TP group is than the smallest.
  const Point& first = s.points.front();
  const Point& last = s.points.back();
  const double published_decode = first.decode_ms / last.decode_ms;
  const double published_prefill = first.prefill_ms / last.prefill_ms;
  const double decode = predicted.front().decode_ms / predicted.back().decode_ms;
  const double prefill = predicted.front().prefill_ms / predicted.back().prefill_ms;
  INFO(
      fmt::format("{}: decode speed-up tp{} -> tp{} {:.2f}x (published {:.2f}x), prefill {:.2f}x "
                  "({:.2f}x)",
                  s.gpu, first.tp, last.tp, decode, published_decode, prefill, published_prefill));
  CHECK(decode == Approx(published_decode).epsilon(kShapeTolerance));
  CHECK(prefill == Approx(published_prefill).epsilon(kShapeTolerance));
}

TEST_CASE("Llama 3.1 70B decode and prefill scale from TP1 to TP8 on H100 as published",
          "[calibration]") {
  CheckSeries(kH100);
}

TEST_CASE("Llama 3.1 70B decode and prefill scale from TP2 to TP8 on A100 as published",
          "[calibration]") {
  CheckSeries(kA100);
}

}  // namespace
}  // namespace plan
