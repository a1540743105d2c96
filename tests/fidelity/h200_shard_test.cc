// The step model's per-GPU share of a tensor-parallel decode step against this repository's own
// H200 measurements (catalog/evidence/h200_pytorch.csv, from bench/gpu/measure_h200.py): Llama
// 3.1 70B, bf16, batch 1 at 1,024 tokens of context, one GPU's shard at TP 1, 2, 4 and 8,
// replayed from a CUDA graph, no all-reduce.
//
// PyTorch runs ~25 unfused kernels per layer where an engine runs ~9, so its step is an upper
// bound on an engine's: the model (vLLM's Hopper figures, all-reduces and the per-step host
// overhead left out) must come in below it at every degree, and not absurdly far below (at least
// 0.6 of it). Measured: 40.3 / 23.1 / 14.5 / 10.8 ms; the model: 37.9 / 20.4 / 11.7 / 7.3 ms
// (0.94 / 0.88 / 0.81 / 0.68 of PyTorch): the fixed cost per kernel that stops a shard from
// scaling by 8 (PyTorch 3.7x from TP1 to TP8) is visible in both.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "catalog/resolve_engine.h"
#include "fidelity/csv_table.h"
#include "perf/perf.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

TEST_CASE("A tensor-parallel shard's decode step stays under PyTorch's on an H200", "[perf]") {
  Result<CsvTable> t =
      CsvTable::Read(std::string(PLAN_SOURCE_DIR) + "/catalog/evidence/h200_pytorch.csv");
  REQUIRE(t.ok());
  const Catalog& c = test::EmbeddedCatalog();
  const GpuSpec& h200 = *c.FindGpu("h200");
  const EngineProfile vllm = ResolveEngine(*c.FindEngine("vllm"), h200, "").engine;
  int checked = 0;
  for (const CsvTable::Row& r : t->rows()) {
    if (t->Get(r, "run") != "a" || t->Get(r, "section") != "step" ||
        t->Get(r, "model") != "llama-3.1-70b-instruct" || t->Get(r, "phase") != "decode" ||
        t->Get(r, "parts") != "full" || t->Get(r, "batch") != "1")
      continue;
    const int tp = std::stoi(t->Get(r, "tp"));
    const double measured_ms = t->Number(r, "ms")->value();
    const StepModel sm = StepModel::Create({c.FindModel("llama-3.1-70b-instruct"), &h200,
                                            c.FindQuant("bf16"), &vllm, tp, 1})
                             .value();
    double shard_ms = 0;
    for (const KernelCost& k : sm.Explain(DecodeBatch(1, 1024)).kernels)
      if (k.name != "tp_allreduce" && k.name != "step_overhead") shard_ms += k.time_s * 1e3;
    INFO(fmt::format("tp{}: model {:.2f} ms, PyTorch {:.2f} ms", tp, shard_ms, measured_ms));
    CHECK(shard_ms < measured_ms);
    CHECK(shard_ms > 0.6 * measured_ms);
    ++checked;
  }
  CHECK(checked == 4);
}

}  // namespace
}  // namespace plan
