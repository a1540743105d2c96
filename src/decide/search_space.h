// The configuration search space: the scenario's [search] table, enumerated in a fixed order
// and pruned with the roofline memory model before anything is simulated.
//
//   [search]
//   model = "llama-3.1-8b-instruct"     # default: the first self_hosted candidate's model
//   gpus = ["h100-sxm", "l40s"]         # default: every datacenter GPU priced under `pricing`
//   tp = [1, 2, 4, 8]                   # default [1, 2, 4, 8]
//   pp = [1]                            # default [1]
//   quant = ["bf16", "fp8"]             # default ["bf16", "fp8"]
//   engines = ["vllm"]                  # default ["vllm"]
//   replicas = [1, 2, 4, 8]             # default [1, 2, 4, 8]
//   max_num_seqs = [128, 256]           # default: the engine's own
//   max_batched_tokens = [2048, 8192]   # default: the engine's own
//   pricing = "on_demand"               # default on_demand
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "decide/search_part.h"
#include "decide/workload_volume.h"
#include "report/search_report.h"
#include "scenario/scenario.h"
#include "util/source_loc.h"

namespace plan {

struct SearchSpaceSpec {
  std::string model;
  std::vector<std::string> gpus;
  std::vector<int32_t> tp = {1, 2, 4, 8};
  std::vector<int32_t> pp = {1};
  std::vector<std::string> quants = {"bf16", "fp8"};
  std::vector<std::string> engines = {"vllm"};
  std::vector<int32_t> replicas = {1, 2, 4, 8};
  std::vector<int32_t> max_num_seqs;        // empty = {0}: the engine's default
  std::vector<int32_t> max_batched_tokens;  // empty = {0}
  PriceModel pricing = PriceModel::kOnDemand;
  SourceLoc loc;  // the [search] table, or the scenario when it has none
};

// Reads [search] from the scenario file's text (defaults when absent). Unknown keys, wrong types,
// empty lists, values below 1 and unknown catalog ids are reported as path:line:col with the
// nearest id suggested.
Result<SearchSpaceSpec> ParseSearchSpace(const std::string& text, const Scenario& scenario,
                                         const Catalog& catalog);

struct EnumeratedSpace {
  int64_t size = 0;                   // the full product of the lists
  std::vector<SearchConfig> configs;  // to simulate, in enumeration order
  std::vector<PrunedConfig> pruned;
};

// Every combination, outermost first: gpu, quant, engine, tp, pp, max_num_seqs,
// max_batched_tokens, replicas. A combination is pruned when the roofline model rejects it
// (tp/pp not dividing heads/layers, a dtype the GPU cannot compute, no scale-up link), when the
// weights leave no KV cache on its GPUs, or when its GPU has no price under the pricing model.
//
// With `load` (the scenario's workload, decide/workload_volume.h) and its SLO, a configuration
// the roofline proves cannot meet the SLO is pruned too (decide/capacity_prune.h); without
// (plan search --exhaustive), only those that cannot run are.
struct CapacityPruning {
  WorkloadVolume load;
  SloSpec slo;
};
EnumeratedSpace EnumerateSpace(const SearchSpaceSpec& spec, const Catalog& catalog,
                               const CapacityPruning* pruning = nullptr);

// What a search's report and part files say of its space: the scenario's name, seed and SLO,
// the model and pricing, and the enumerated configurations (the fingerprint is left to the
// caller, who knows the inputs).
SearchSpaceInfo DescribeSpace(const Scenario& scenario, const SearchSpaceSpec& spec,
                              EnumeratedSpace space);

// FleetCapacity of `config` (decide/capacity_prune.h) on `load`'s mix; 0 when the roofline
// rejects it.
double ConfigCapacity(const SearchSpaceSpec& spec, const SearchConfig& config,
                      const Catalog& catalog, const WorkloadVolume& load);

// The self_hosted candidate that simulates `config`.
CandidateSpec ConfigCandidate(const SearchSpaceSpec& spec, const SearchConfig& config);

}  // namespace plan
