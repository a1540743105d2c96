// Search throughput: configurations evaluated per second of wall time, with 1 and with N
// threads, on a scenario's [search] space. Evaluating = simulating and pricing one
// configuration on the whole workload (pruning costs microseconds and is not counted).
//
//   ./build/search_bench                               # scenarios/search.toml, 1 and 2 threads
//   ./build/search_bench scenarios/search.toml 1 2 4   # threads to try
//
// Prints, per thread count: configurations, wall seconds, CPU seconds (all threads; on a shared
// machine wall time also counts other people's work), configurations/s of wall time, speed-up
// over the first count, and whether the report was byte-identical to the first count's. Also
// the 1-minute load average before each run, since the machine is shared.
#include <fmt/format.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "decide/search_result.h"
#include "decide/search_shard.h"
#include "decide/search_space.h"
#include "run/evaluate_candidate.h"
#include "util/files.h"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : PLAN_SOURCE_DIR "/scenarios/search.toml";
  std::vector<int> thread_counts;
  for (int i = 2; i < argc; ++i) thread_counts.push_back(std::atoi(argv[i]));
  if (thread_counts.empty()) thread_counts = {1, 2};

  plan::Result<plan::Catalog> catalog = plan::LoadCatalog({plan::EmbeddedCatalogSources()});
  plan::Result<std::string> text = plan::ReadFile(path);
  if (!catalog.ok() || !text.ok()) return 1;
  plan::Result<plan::Scenario> scenario = plan::ParseScenario(*text, path, *catalog);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", scenario.status().message().c_str());
    return 1;
  }
  plan::Result<plan::SearchSpaceSpec> spec = plan::ParseSearchSpace(*text, *scenario, *catalog);
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", spec.status().message().c_str());
    return 1;
  }
  plan::EnumeratedSpace space = plan::EnumerateSpace(*spec, *catalog);
  const plan::SearchSpaceInfo info = plan::DescribeSpace(*scenario, *spec, space);
  plan::ConfigEvaluator evaluate = [&](const plan::SearchConfig& c) {
    return plan::EvaluateCandidate(*scenario, plan::ConfigCandidate(*spec, c), *catalog);
  };

  std::printf("%s: %lld configurations, %zu pruned, %zu to simulate\n", path.c_str(),
              static_cast<long long>(space.size), space.pruned.size(), space.configs.size());
  std::printf(
      "threads  configs  wall_s  cpu_s  configs_per_s  speedup  same_report  load_before\n");
  double first_rate = 0;
  std::string first_report;
  for (int threads : thread_counts) {
    plan::ShardRunOptions options;
    options.threads = threads;
    double load[1] = {0};
    getloadavg(load, 1);
    const std::clock_t cpu_start = std::clock();
    const auto start = std::chrono::steady_clock::now();
    plan::Result<std::vector<plan::PointResult>> results = plan::RunShard(info, evaluate, options);
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    if (!results.ok()) {
      std::fprintf(stderr, "%s\n", results.status().message().c_str());
      return 1;
    }
    const std::string report =
        plan::RenderSearch(plan::BuildSearchReport(info, *results), plan::ReportFormat::kJson);
    const double rate = results->size() / wall_s;
    if (first_rate == 0) {
      first_rate = rate;
      first_report = report;
    }
    std::printf("%7d  %7zu  %6.2f  %5.2f  %13.2f  %7.2f  %11s  %11.2f\n", threads, results->size(),
                wall_s, cpu_s, rate, rate / first_rate, report == first_report ? "yes" : "NO",
                load[0]);
  }
  return 0;
}
