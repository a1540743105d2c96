// A scenario: the workload, the SLO and the candidate deployments to compare (DESIGN.md,
// "Two contracts"). Loading validates everything against the catalog and reports every problem
// as path:line:col before failing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "metrics/slo.h"
#include "scenario/api_spec.h"
#include "scenario/candidate_kind.h"
#include "scenario/edge_spec.h"
#include "scenario/failover_spec.h"
#include "scenario/hybrid_spec.h"
#include "scenario/interruption_spec.h"
#include "scenario/lora_spec.h"
#include "scenario/multi_region_spec.h"
#include "scenario/response_cache_spec.h"
#include "scenario/serverless_spec.h"
#include "util/source_loc.h"
#include "util/status.h"
#include "workload/workload_spec.h"

namespace plan {

struct AutoscaleSpec {
  bool enabled = false;
  int32_t min_replicas = 1;
  int32_t max_replicas = 1;
  double interval_s = 10;
  double scale_up_outstanding = 32;
  double scale_down_outstanding = 4;
  double cold_start_s = 120;
};

// One [[candidate]] of kind "self_hosted"; ids are checked against the catalog.
struct SelfHostedSpec {
  std::string model;
  std::string gpu;
  std::string quant = "bf16";
  std::string engine = "vllm";
  // The engine release whose default limits apply (catalog [[engine.version]]); "" = the
  // newest the catalog knows.
  std::string engine_version;
  int32_t tp = 1;
  int32_t pp = 1;
  int32_t replicas = 1;
  PriceModel pricing = PriceModel::kOnDemand;
  std::optional<double> price_usd_per_gpu_hour;  // overrides the catalog price
  std::string router = "least_outstanding";
  AutoscaleSpec autoscale;
  InterruptionSpec interruptions;  // spot reclaims; required (or "none") with pricing = "spot"
  ServerlessSpec serverless;       // per-second containers scaled to zero, when given
  LoraSpec lora;                   // many LoRA adapters on the base, when given
  // Engine overrides; unset keeps the catalog's engine default.
  std::optional<int32_t> max_num_seqs;
  std::optional<int32_t> max_batched_tokens;
  std::optional<double> gpu_memory_utilization;
  std::optional<bool> chunked_prefill;
  std::optional<bool> prefix_caching;
  // Cache warming: every replica starts with the workload's system prompt
  // ([workload.sessions] system_prompt_tokens) in its prefix cache.
  bool warm_system_prompt = false;
  // Where the fleet runs, for `require` (scenario/compliance_check.h): a catalog [[cloud]] id,
  // whose hipaa, soc2 and iso27001 the fleet inherits, and a catalog region, whose
  // jurisdiction says eu_data_boundary; "" = not said (those attributes unknown). A
  // multi_region deployment's region replaces `region`.
  std::string cloud;
  std::string region;
};

// One [[candidate]]. `kind` says which spec holds its target; `failover` and
// `response_cache` wrap any kind (a kind = "failover" candidate is its chain alone).
struct CandidateSpec {
  std::string name;
  CandidateKind kind = CandidateKind::kSelfHosted;
  SourceLoc loc;
  SelfHostedSpec self_hosted;
  ApiSpec api;
  HybridSpec hybrid;
  MultiRegionSpec multi_region;
  EdgeSpec edge;
  FailoverSpec failover;
  ResponseCacheSpec response_cache;
  // Where each of the candidate's own keys sits, for errors found after loading.
  std::map<std::string, SourceLoc, std::less<>> key_locs;
  // The key's location, else the candidate's.
  const SourceLoc& KeyLoc(std::string_view key) const {
    auto it = key_locs.find(key);
    return it == key_locs.end() ? loc : it->second;
  }
};

struct Scenario {
  std::string path;
  std::string text;  // the TOML as read, to quote lines in errors found after loading
  std::string name;
  uint64_t seed = 42;
  WorkloadSpec workload;
  SloSpec slo;
  // Compliance attributes every tier of a recommended candidate must have (top-level
  // `require`; catalog/compliance.h names them), in the order given.
  std::vector<std::string> require;
  std::vector<CandidateSpec> candidates;
};

// Parses `text` as the scenario at `path` (relative paths inside resolve against its folder).
Result<Scenario> ParseScenario(const std::string& text, const std::string& path,
                               const Catalog& catalog);
Result<Scenario> LoadScenario(const std::string& path, const Catalog& catalog);

}  // namespace plan
