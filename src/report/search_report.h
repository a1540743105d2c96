// The configuration-search report: every configuration simulated (as plan.report/v1
// candidates, so `plan diff` and `plan report` read it), what was pruned before simulating and
// why, the cheapest configuration meeting the SLO, and the Pareto frontiers of cost vs
// p99 TTFT and vs p99 TPOT. The JSON is a plan.report/v1 document with a "search" object added.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "report/report.h"

namespace plan {

// One point of the search space. Engine limits of 0 keep the engine's default.
struct SearchConfig {
  std::string gpu;
  std::string quant;
  std::string engine;
  int32_t tp = 1;
  int32_t pp = 1;
  int32_t replicas = 1;
  int32_t max_num_seqs = 0;
  int32_t max_batched_tokens = 0;

  // "h100-sxm/fp8/vllm/tp2/x4", with "/pp2", "/seqs128", "/tok4096" when set.
  std::string Name() const;
  bool operator==(const SearchConfig&) const = default;
};

struct PrunedConfig {
  std::string name;
  std::string reason;  // e.g. "does not fit: needs 12.3 GiB more per GPU"
  bool operator==(const PrunedConfig&) const = default;
};

struct FailedConfig {
  std::string name;
  std::string error;  // the simulation's error message
  bool operator==(const FailedConfig&) const = default;
};

struct SearchSummary {
  std::string model;
  std::string pricing;                // "on_demand", ...
  int64_t space_size = 0;             // every combination of the [search] lists
  std::vector<SearchConfig> configs;  // the ones simulated (report.candidates, same order)
  std::vector<PrunedConfig> pruned;   // enumeration order
  std::vector<FailedConfig> failed;   // simulated but erred; not in report.candidates
  // Names, by ascending cost of serving the workload (cost.total_usd); each has a lower p99
  // than every cheaper one. Only configurations that completed every request take part.
  std::vector<std::string> pareto_ttft;
  std::vector<std::string> pareto_tpot;

  bool operator==(const SearchSummary&) const = default;
};

struct SearchReport {
  // Candidates: the simulated configurations; recommendation: the cheapest meeting the SLO.
  Report report;
  SearchSummary search;
  bool operator==(const SearchReport&) const = default;
};

// "table" (best, cheapest meeting the SLO, frontiers, pruning), "json", "csv" (one row per
// simulated configuration), "md".
std::string RenderSearch(const SearchReport& report, ReportFormat format);

// Reads the JSON back; errors as "path: /json/pointer: message".
Result<SearchReport> ReadSearchJson(const std::string& text, const std::string& path);

}  // namespace plan
