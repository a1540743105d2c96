// What a self-hosted fleet is built from (a leaf of a target tree: a self_hosted or edge
// candidate, or a tier of a composite): the catalog entries its spec names with the spec's
// overrides, the roofline model of one replica, and the fleet of such replicas it creates.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "arch/roofline_timer.h"
#include "catalog/catalog.h"
#include "perf/capacity_bound.h"
#include "perf/step_model.h"
#include "scenario/scenario.h"
#include "sim/fleet.h"

namespace plan {

class FleetSetup {
 public:
  // Resolves ids, applies the candidate's engine overrides, builds the step model and checks
  // that the model fits: errors point at the offending key (tp, pp, gpu) with path:line:col,
  // quoting its line from `source_text` (the scenario's TOML) when given.
  static Result<std::unique_ptr<FleetSetup>> Build(const CandidateSpec& spec,
                                                   const Catalog& catalog,
                                                   const std::string& source_text = "");

  // The stream spot interruptions draw from (TargetTree: derived from the seed and the path).
  void set_interruption_seed(uint64_t seed) { fleet_config_.interruptions.seed = seed; }
  // Prefix hashes every replica loads at its start (cache warming).
  void set_warm_prefixes(std::vector<uint64_t> hashes) {
    fleet_config_.replica.warm_prefix_hashes = std::move(hashes);
  }
  // The draw of each request's LoRA adapter (the same for every candidate of a scenario).
  void set_lora_seed(uint64_t seed) { fleet_config_.replica.lora.seed = seed; }
  // The fleet serving this candidate inside `sim`; created once per run.
  Fleet* CreateFleet(Simulation* sim, Observer* observer);

  const GpuSpec& gpu() const { return gpu_; }
  const StepModel& step_model() const { return *step_model_; }
  const FleetConfig& fleet_config() const { return fleet_config_; }
  // Serverless: container start + weight load + warm-up, seconds (0 otherwise).
  double cold_start_s() const { return cold_start_s_; }
  // LoRA: one adapter's bytes, every layer (perf/lora_shape.h); 0 without adapters.
  double lora_adapter_bytes() const { return lora_adapter_bytes_; }
  int32_t gpus_per_replica() const { return spec_.tp * spec_.pp; }
  const SelfHostedSpec& spec() const { return spec_; }
  // Largest prompt + output a request may have: the model's context window.
  int64_t max_total_tokens() const;
  // The engine release and scheduler limits the candidate runs with, one sentence for the
  // report's assumptions (catalog/resolve_engine.h).
  const std::string& engine_assumption() const { return engine_assumption_; }
  // The engine's efficiencies on this GPU's family, with what they rest on and their band.
  const Efficiency& efficiency() const { return engine_.EfficiencyFor(gpu_.family); }
  const EngineProfile& engine() const { return engine_; }
  // The roofline's bound on the requests per second one replica serves on `mix`
  // (perf/capacity_bound.h), under the engine's limits and KV cache.
  CapacityBound ReplicaCapacity(const RequestMix& mix) const;
  // Every step time multiplied by `scale` (FidelityEdge); call before the run.
  void set_step_time_scale(double scale) { timer_->set_scale(scale); }

 private:
  SelfHostedSpec spec_;
  GpuSpec gpu_;           // copy: a scenario price override lands here
  EngineProfile engine_;  // copy: the release's limits for the GPU, then the overrides
  std::string engine_assumption_;
  std::unique_ptr<StepModel> step_model_;
  std::unique_ptr<RooflineTimer> timer_;
  FleetConfig fleet_config_;
  double cold_start_s_ = 0;
  double lora_adapter_bytes_ = 0;
  std::unique_ptr<Fleet> fleet_;
};

}  // namespace plan
