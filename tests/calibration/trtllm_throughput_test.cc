// The simulator against published measurements: TensorRT-LLM's offline max-throughput tables
// (shared/data/calibration/README.md, table 1a: trtllm-bench, PyTorch backend, FP8 ModelOpt
// checkpoints with an FP8 KV cache, fixed ISL/OSL, all requests at t=0, total output tokens/s).
//
// Each row runs as an offline scenario through the whole stack: catalog, roofline step model,
// the replica scheduler (TensorRT-LLM profile: guaranteed-no-evict admission, 8192-token budget,
// 32-token blocks) and the metrics. 2,000 requests per row (the published runs used 1,000 to
// 30,000); the ramp-up and drain of a finite job are part of the measured span, as in
// trtllm-bench. The 20000/2000 rows enable chunked prefill: a 20,000-token context exceeds the
// 8,192-token budget, which TensorRT-LLM only runs with chunked context.
//
// Tolerance: every row within 20% of the published figure, and the root-mean-square log error
// over all 40 rows under 0.07 (tightened from 25% and 0.10 in issue 10, when the Hopper
// efficiencies were fitted by plan fidelity --fit to these rows and NIM's; the interconnect
// model replaced a flat 10 us per all-reduce). Measured at commit: rms 0.054, rows from 0.87x to
// 1.07x of the published figures (it was 0.068 and up to 1.19x).
#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <cmath>

#include "run/run_scenario.h"

namespace plan {
namespace {

struct Row {
  const char* model;
  const char* gpu;
  int tp;
  int isl, osl;
  double published_tokens_per_s;
};

// clang-format off
const Row kRows[] = {
  {"llama-3.1-8b-instruct", "h100-sxm", 1, 128, 128, 28312}, {"llama-3.1-8b-instruct", "h100-sxm", 1, 128, 2048, 22714},
  {"llama-3.1-8b-instruct", "h100-sxm", 1, 128, 4096, 14325}, {"llama-3.1-8b-instruct", "h100-sxm", 1, 500, 2000, 17660},
  {"llama-3.1-8b-instruct", "h100-sxm", 1, 1000, 1000, 15220}, {"llama-3.1-8b-instruct", "h100-sxm", 1, 1000, 2000, 13899},
  {"llama-3.1-8b-instruct", "h100-sxm", 1, 2048, 128, 3450}, {"llama-3.1-8b-instruct", "h100-sxm", 1, 2048, 2048, 9305},
  {"llama-3.1-8b-instruct", "h100-sxm", 1, 5000, 500, 3459}, {"llama-3.1-8b-instruct", "h100-sxm", 1, 20000, 2000, 1351},
  {"llama-3.1-8b-instruct", "h200", 1, 128, 128, 27911}, {"llama-3.1-8b-instruct", "h200", 1, 128, 2048, 26221},
  {"llama-3.1-8b-instruct", "h200", 1, 128, 4096, 18027}, {"llama-3.1-8b-instruct", "h200", 1, 500, 2000, 20770},
  {"llama-3.1-8b-instruct", "h200", 1, 1000, 1000, 17744}, {"llama-3.1-8b-instruct", "h200", 1, 1000, 2000, 16828},
  {"llama-3.1-8b-instruct", "h200", 1, 2048, 128, 3538}, {"llama-3.1-8b-instruct", "h200", 1, 2048, 2048, 12194},
  {"llama-3.1-8b-instruct", "h200", 1, 5000, 500, 3902}, {"llama-3.1-8b-instruct", "h200", 1, 20000, 2000, 1804},
  {"llama-3.3-70b-instruct", "h200", 1, 128, 128, 3803}, {"llama-3.3-70b-instruct", "h200", 1, 128, 2048, 4336},
  {"llama-3.3-70b-instruct", "h200", 1, 128, 4096, 2872}, {"llama-3.3-70b-instruct", "h200", 1, 500, 2000, 3666},
  {"llama-3.3-70b-instruct", "h200", 1, 1000, 1000, 2909}, {"llama-3.3-70b-instruct", "h200", 1, 1000, 2000, 2994},
  {"llama-3.3-70b-instruct", "h200", 1, 2048, 128, 442}, {"llama-3.3-70b-instruct", "h200", 1, 2048, 2048, 2003},
  {"llama-3.3-70b-instruct", "h200", 1, 5000, 500, 566}, {"llama-3.3-70b-instruct", "h200", 1, 20000, 2000, 283},
  {"llama-3.3-70b-instruct", "h100-sxm", 2, 128, 128, 6378}, {"llama-3.3-70b-instruct", "h100-sxm", 2, 128, 2048, 6651},
  {"llama-3.3-70b-instruct", "h100-sxm", 2, 128, 4096, 4199}, {"llama-3.3-70b-instruct", "h100-sxm", 2, 500, 2000, 5222},
  {"llama-3.3-70b-instruct", "h100-sxm", 2, 1000, 1000, 4205}, {"llama-3.3-70b-instruct", "h100-sxm", 2, 1000, 2000, 4146},
  {"llama-3.3-70b-instruct", "h100-sxm", 2, 2048, 128, 762}, {"llama-3.3-70b-instruct", "h100-sxm", 2, 2048, 2048, 3082},
  {"llama-3.3-70b-instruct", "h100-sxm", 2, 5000, 500, 898}, {"llama-3.3-70b-instruct", "h100-sxm", 2, 20000, 2000, 437},
};
// clang-format on

constexpr int kRequestsPerRow = 2000;

double SimulatedOutputTokensPerS(const Catalog& catalog, const Row& row) {
  std::string text = fmt::format(R"(name = "trtllm-{model}-{gpu}-tp{tp}-{isl}-{osl}"
seed = 1
[workload.generator]
arrival = "offline"
requests = {n}
input_tokens = {{ dist = "fixed", value = {isl} }}
output_tokens = {{ dist = "fixed", value = {osl} }}
[[candidate]]
name = "trtllm"
kind = "self_hosted"
model = "{model}"
gpu = "{gpu}"
quant = "fp8"
engine = "tensorrt-llm"
tp = {tp}
chunked_prefill = {chunked}
)",
                                 fmt::arg("model", row.model), fmt::arg("gpu", row.gpu),
                                 fmt::arg("tp", row.tp), fmt::arg("isl", row.isl),
                                 fmt::arg("osl", row.osl), fmt::arg("n", kRequestsPerRow),
                                 fmt::arg("chunked", row.isl > 8192 ? "true" : "false"));
  Result<Scenario> scenario = ParseScenario(text, "calibration.toml", catalog);
  REQUIRE(scenario.ok());
  Result<Report> report = RunScenario(*scenario, catalog, RunOptions{});
  REQUIRE(report.ok());
  REQUIRE(report->candidates.size() == 1);
  const CandidateRow& c = report->candidates[0];
  REQUIRE(c.requests.completed == kRequestsPerRow);
  return c.throughput.output_tokens_per_s;
}

TEST_CASE("offline throughput reproduces TensorRT-LLM's published tables within 20%",
          "[calibration]") {
  Result<Catalog> catalog = LoadCatalog({EmbeddedCatalogSources()});
  REQUIRE(catalog.ok());
  double sum_sq_log = 0;
  for (const Row& row : kRows) {
    double simulated = SimulatedOutputTokensPerS(*catalog, row);
    double ratio = simulated / row.published_tokens_per_s;
    INFO(fmt::format("{} {} tp{} {}/{}: simulated {:.0f} vs published {:.0f} tok/s ({:.2f}x)",
                     row.model, row.gpu, row.tp, row.isl, row.osl, simulated,
                     row.published_tokens_per_s, ratio));
    CHECK(ratio > 0.80);
    CHECK(ratio < 1.20);
    sum_sq_log += std::log(ratio) * std::log(ratio);
  }
  double rms = std::sqrt(sum_sq_log / std::size(kRows));
  INFO("rms log error " << rms);
  CHECK(rms < 0.07);
}

}  // namespace
}  // namespace plan
