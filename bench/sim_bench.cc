// Simulator speed: simulated requests per second of wall time and peak memory, for the Azure
// conversation trace and for generated workloads on an 8-replica fleet. One thread.
//
//   ./build/sim_bench azure                 # traces/azure_conv_2023.csv, the default scenario's
//                                           # first candidate (Llama 3.1 8B FP8, 1 x H100)
//   ./build/sim_bench generated 1000000     # N Poisson requests, 8 x H100 replicas
//   ./build/sim_bench generated 10000000
//   ./build/sim_bench generated 10000000 2000   # the same at 2,000 req/s: overloaded, the
//                                             # queue grows to millions (peak memory)
//
// Prints wall seconds, requests/s, events, and peak resident memory (getrusage ru_maxrss).
#include <fmt/format.h>
#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "run/evaluate_candidate.h"

namespace {

double PeakRssMib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;  // Linux reports KiB
}

std::string GeneratedScenario(long requests, double rate_per_s) {
  // At the default 72 req/s, 8 replicas at ~9 requests/s each: busy but stable, so the run
  // exercises batching with tens of sequences per step rather than an ever-growing queue.
  return fmt::format(R"(name = "bench-generated"
seed = 1
[workload.generator]
arrival = "poisson"
rate_per_s = {}
requests = {}
input_tokens = {{ dist = "lognormal", median = 800, sigma = 0.8 }}
output_tokens = {{ dist = "lognormal", median = 150, sigma = 0.6 }}
[[candidate]]
name = "8b-h100-x8"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
replicas = 8
)",
                     rate_per_s, requests);
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "azure";
  plan::Result<plan::Catalog> catalog = plan::LoadCatalog({plan::EmbeddedCatalogSources()});
  if (!catalog.ok()) return 1;
  plan::Result<plan::Scenario> scenario =
      mode == "azure"
          ? plan::LoadScenario(PLAN_SOURCE_DIR "/scenarios/default.toml", *catalog)
          : plan::ParseScenario(GeneratedScenario(argc > 2 ? std::atol(argv[2]) : 1000000,
                                                  argc > 3 ? std::atof(argv[3]) : 72),
                                "bench.toml", *catalog);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", scenario.status().message().c_str());
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  plan::Result<plan::CandidateRow> row =
      plan::EvaluateCandidate(*scenario, scenario->candidates[0], *catalog);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!row.ok()) {
    std::fprintf(stderr, "%s\n", row.status().message().c_str());
    return 1;
  }
  double n = static_cast<double>(row->requests.total);
  fmt::print(
      "{}: {} requests, {:.3f} s wall, {:.0f} requests/s, peak RSS {:.0f} MiB "
      "(TTFT p99 {:.3f} s, {:.0f} output tok/s simulated{})\n",
      mode, row->requests.total, wall_s, n / wall_s, PeakRssMib(), row->latency.ttft_s.p99,
      row->throughput.output_tokens_per_s, row->load.overloaded ? ", overloaded" : "");
  return 0;
}
