#include "arch/fleet_setup.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "catalog/resolve_engine.h"
#include "util/diagnostics.h"
#include "util/units.h"

namespace plan {

namespace {

// An error at `key` of the candidate ("path:line:col: candidate 'x': ..."), its line quoted.
Status KeyError(const CandidateSpec& spec, const std::string& source_text, std::string_view key,
                const std::string& message) {
  Diagnostics diag;
  if (!source_text.empty()) diag.AddSource(spec.loc.path, source_text);
  diag.Error(spec.KeyLoc(key), fmt::format("candidate '{}': {}", spec.name, message));
  return diag.ToStatus();
}

}  // namespace

Result<std::unique_ptr<FleetSetup>> FleetSetup::Build(const CandidateSpec& spec,
                                                      const Catalog& catalog,
                                                      const std::string& source_text) {
  auto c = std::unique_ptr<FleetSetup>(new FleetSetup());
  const SelfHostedSpec& s = spec.self_hosted;
  c->spec_ = s;
  // The scenario loader has checked the ids; an error here is a spec built in code.
  Result<Deployment> ids =
      ResolveDeployment(catalog, {s.model, s.gpu, s.quant, s.engine, s.tp, s.pp});
  if (!ids.ok())
    return Status::Invalid(fmt::format("{}: candidate '{}': {}", spec.loc.ToString(), spec.name,
                                       ids.status().message()));

  c->gpu_ = *ids->gpu;
  if (s.price_usd_per_gpu_hour) {
    GpuPrice& p = c->gpu_.price;
    p.on_demand_usd_per_hour = p.spot_usd_per_hour = p.reserved_1y_usd_per_hour =
        p.reserved_3y_usd_per_hour = *s.price_usd_per_gpu_hour;
    p.seller = "the scenario";
    p.source = "price_usd_per_gpu_hour in the scenario";
  }
  const ServerlessSpec& sl = s.serverless;
  if (sl.enabled) {
    GpuPrice& p = c->gpu_.price;
    p.on_demand_usd_per_hour = p.spot_usd_per_hour = p.reserved_1y_usd_per_hour =
        p.reserved_3y_usd_per_hour =
            std::round(sl.usd_per_gpu_s * kSecondsPerHour * 1e9) / 1e9;  // no 3.9492000000000003
    p.seller = "the scenario";
    p.source = fmt::format("serverless usd_per_gpu_s = {:g}, billed per second", sl.usd_per_gpu_s);
  }
  // The engine as it runs on this GPU: the release's limits for the GPU, then the overrides.
  ResolvedEngine resolved = ResolveEngine(*ids->engine, *ids->gpu, s.engine_version);
  c->engine_ = std::move(resolved.engine);
  c->engine_assumption_ = std::move(resolved.description);
  if (s.max_num_seqs) c->engine_.max_num_seqs = *s.max_num_seqs;
  if (sl.concurrency) c->engine_.max_num_seqs = *sl.concurrency;
  if (s.max_batched_tokens) c->engine_.max_batched_tokens = *s.max_batched_tokens;
  if (s.gpu_memory_utilization) c->engine_.gpu_memory_utilization = *s.gpu_memory_utilization;
  if (s.chunked_prefill) c->engine_.chunked_prefill = *s.chunked_prefill;
  if (s.prefix_caching) c->engine_.prefix_caching = *s.prefix_caching;
  if (s.max_num_seqs || s.max_batched_tokens || sl.concurrency) {
    std::vector<std::string> set;
    if (s.max_num_seqs) set.push_back(fmt::format("max_num_seqs {}", *s.max_num_seqs));
    if (sl.concurrency) set.push_back(fmt::format("concurrency {}", *sl.concurrency));
    if (s.max_batched_tokens)
      set.push_back(fmt::format("max_batched_tokens {}", *s.max_batched_tokens));
    c->engine_assumption_ += fmt::format("; the scenario sets {}", fmt::join(set, ", "));
  }

  Deployment d = *ids;
  d.gpu = &c->gpu_;
  d.engine = &c->engine_;
  const LoraSpec& lo = s.lora;
  if (lo.enabled && !lo.dedicated) d.lora = {lo.rank, /*attention=*/true, lo.mlp, lo.max_loras};
  Result<StepModel> step_model = StepModel::Create(d);
  if (!step_model.ok()) {
    // Which key to point at, from what the step model refused.
    const std::string& why = step_model.status().message();
    const bool edge = spec.kind == CandidateKind::kEdge;
    std::string_view key = why.rfind("tp=", 0) == 0   ? (edge ? "model" : "tp")
                           : why.rfind("pp=", 0) == 0 ? (edge ? "model" : "pp")
                           : edge                     ? "device"
                                                      : "gpu";
    if (why.find("link bandwidth") != std::string::npos) key = edge ? "devices" : "tp";
    return KeyError(spec, source_text, key, why);
  }
  c->step_model_ = std::make_unique<StepModel>(std::move(step_model).value());
  const MemoryPlan& mem = c->step_model_->memory();
  if (!mem.fits && mem.lora_bytes_per_gpu >= mem.shortfall_bytes_per_gpu) {
    // The weights fit alone: the adapter slots took the KV cache's room.
    Diagnostics diag;
    if (!source_text.empty()) diag.AddSource(spec.loc.path, source_text);
    diag.Error(lo.max_loras_loc,
               fmt::format("candidate '{}': max_loras = {} resident adapters of rank {} take "
                           "{:.2f} GiB per GPU and leave no room for the KV cache ({:.2f} GiB "
                           "short)",
                           spec.name, lo.max_loras, lo.rank, mem.lora_bytes_per_gpu / kBytesPerGiB,
                           mem.shortfall_bytes_per_gpu / kBytesPerGiB));
    return diag.ToStatus();
  }
  if (!mem.fits) {
    // The tp written (the usual fix is more GPUs per replica), else the gpu.
    std::string_view key = spec.kind == CandidateKind::kEdge ? "device"
                           : spec.key_locs.count("tp")       ? "tp"
                                                             : "gpu";
    return KeyError(
        spec, source_text, key,
        fmt::format("{} in {} does not fit on {} x {} with {}: needs {:.1f} GiB more per GPU "
                    "(weights {:.1f} GiB per GPU of {:.1f} GiB usable)",
                    s.model, s.quant, s.tp * s.pp, s.gpu, s.engine,
                    mem.shortfall_bytes_per_gpu / kBytesPerGiB,
                    mem.weights_bytes_per_gpu / kBytesPerGiB,
                    mem.usable_bytes_per_gpu / kBytesPerGiB));
  }
  c->timer_ = std::make_unique<RooflineTimer>(c->step_model_.get());

  FleetConfig& f = c->fleet_config_;
  f.replicas = s.replicas;
  f.gpus_per_replica = s.tp * s.pp;
  f.policy = ParseRoutePolicy(s.router);
  f.replica.max_num_seqs = c->engine_.max_num_seqs;
  f.replica.max_batched_tokens = c->engine_.max_batched_tokens;
  f.replica.block_size_tokens = c->engine_.block_size_tokens;
  f.replica.kv_capacity_tokens = mem.kv_capacity_tokens;
  f.replica.max_context_tokens =
      c->engine_.max_context_tokens > 0
          ? std::min(ids->model->context_tokens, c->engine_.max_context_tokens)
          : ids->model->context_tokens;
  f.replica.chunked_prefill = c->engine_.chunked_prefill;
  f.replica.prefix_caching = c->engine_.prefix_caching;
  if (lo.enabled) {
    // Which adapter each request asks for: the same draws whether the adapters are served from
    // one base (the replica's LoRA) or merged each into its own replica (the router's).
    LoraConfig l;
    l.enabled = true;
    l.adapters = lo.adapters;
    l.from_label = lo.from_label;
    l.cdf =
        std::make_shared<const std::vector<double>>(PopularityCdf(lo.adapters, lo.zipf_exponent));
    if (lo.dedicated) {
      // Each fine-tune merged into its own full model on replica `adapter`: no LoRA cost, and
      // the router sends each request to its adapter's replica.
      f.route_by_adapter = std::move(l);
    } else {
      l.max_loras = lo.max_loras;
      l.max_cpu_loras = lo.max_cpu_loras;
      c->lora_adapter_bytes_ = LoraAdapterBytes(*ids->model, d.lora);
      l.gpu_load_ns = SecondsToNs(c->lora_adapter_bytes_ / (lo.load_gb_per_s * 1e9));
      if (lo.disk_gb_per_s > 0)
        l.disk_load_ns = SecondsToNs(c->lora_adapter_bytes_ / (lo.disk_gb_per_s * 1e9));
      f.replica.lora = std::move(l);
    }
  }
  f.replica.reserve_full_sequence =
      c->engine_.capacity_policy == EngineProfile::CapacityPolicy::kGuaranteedNoEvict;
  const AutoscaleSpec& a = s.autoscale;
  f.autoscale.enabled = a.enabled;
  f.autoscale.min_replicas = a.min_replicas;
  f.autoscale.max_replicas = a.max_replicas;
  f.autoscale.interval_ns = SecondsToNs(a.interval_s);
  f.autoscale.scale_up_outstanding = a.scale_up_outstanding;
  f.autoscale.scale_down_outstanding = a.scale_down_outstanding;
  f.autoscale.cold_start_ns = SecondsToNs(a.cold_start_s);
  const InterruptionSpec& in = s.interruptions;
  f.interruptions.enabled = in.enabled;
  f.interruptions.rate_per_replica_hour = in.rate_per_hour;
  f.interruptions.notice_ns = SecondsToNs(in.notice_s);
  f.interruptions.replacement_ns = SecondsToNs(in.replacement_s);
  if (sl.enabled) {
    // Scaled to zero between bursts: every start loads the whole model's weights.
    f.replicas = 0;
    f.autoscale.enabled = true;
    f.autoscale.min_replicas = 0;
    f.autoscale.max_replicas = sl.max_containers;
    const double weights_bytes = mem.weights_bytes_per_gpu * f.gpus_per_replica;
    c->cold_start_s_ =
        sl.container_start_s + weights_bytes / (sl.load_gb_per_s * 1e9) + sl.warmup_s;
    f.autoscale.cold_start_ns = SecondsToNs(c->cold_start_s_);
    f.serverless.enabled = true;
    f.serverless.idle_timeout_ns = SecondsToNs(sl.idle_timeout_s);
    f.serverless.min_billed_ns = SecondsToNs(sl.min_billed_s);
  }
  return c;
}

Fleet* FleetSetup::CreateFleet(Simulation* sim, Observer* observer) {
  fleet_ = std::make_unique<Fleet>(sim, fleet_config_, timer_.get(), observer);
  return fleet_.get();
}

CapacityBound FleetSetup::ReplicaCapacity(const RequestMix& mix) const {
  return plan::ReplicaCapacity(*step_model_, EngineLimits(*step_model_), mix);
}

int64_t FleetSetup::max_total_tokens() const {
  return step_model_->deployment().model->context_tokens;
}

}  // namespace plan
