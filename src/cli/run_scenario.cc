#include "cli/run_scenario.h"

#include <algorithm>
#include <cassert>
#include <fmt/format.h>
#include <memory>
#include <thread>

#include "arch/api_candidate.h"
#include "arch/self_hosted.h"
#include "metrics/collector.h"
#include "metrics/cost.h"
#include "sim/sim.h"
#include "util/rng.h"
#include "util/suggest.h"
#include "util/units.h"
#include "workload/workload_spec.h"

namespace plan {

namespace {

Result<CandidateRow> RunSelfHosted(const Scenario& scenario, const CandidateSpec& spec,
                                   const Catalog& catalog) {
  Result<std::unique_ptr<SelfHostedCandidate>> built = SelfHostedCandidate::Build(spec, catalog);
  if (!built.ok()) return built.status();
  SelfHostedCandidate& c = **built;

  Result<std::unique_ptr<RequestSource>> source =
      OpenWorkload(scenario.workload, scenario.seed, c.max_total_tokens());
  if (!source.ok()) return source.status();

  Simulation sim;
  const FleetConfig& fc = c.fleet_config();
  int32_t replicas = fc.autoscale.enabled ? fc.autoscale.max_replicas : fc.replicas;
  Collector collector(scenario.slo, replicas);
  Fleet* fleet = c.CreateFleet(&sim, &collector);
  Driver driver(&sim, source->get(), fleet, &collector);
  PLAN_RETURN_IF_ERROR(driver.Run());
  CandidateMetrics m = collector.Summarize();

  double span_s = m.span_s;
  double gpu_seconds = fleet->GpuSeconds(driver.totals().last_finish_ns);
  // An autoscaled fleet is paid for by the GPU-seconds it held; its average size prices it.
  double avg_gpus = span_s > 0 ? gpu_seconds / span_s : fc.replicas * c.gpus_per_replica();
  if (fc.autoscale.enabled && span_s > 0)
    m.gpu_utilization = NsToSeconds(fleet->busy_ns()) / (gpu_seconds / c.gpus_per_replica());

  CostUsage usage;
  usage.span_s = span_s;
  usage.completed_requests = m.requests_completed;
  usage.tokens = m.input_tokens + m.output_tokens;
  FleetCostInput fleet_cost;
  fleet_cost.gpu = &c.gpu();
  fleet_cost.pricing = c.spec().pricing;
  fleet_cost.gpus = fc.replicas * c.gpus_per_replica();
  fleet_cost.gpu_seconds = fc.autoscale.enabled ? gpu_seconds : 0;
  fleet_cost.gpu_utilization = m.gpu_utilization;
  Result<CostSummary> cost = PriceCandidate(usage, {fleet_cost});
  if (!cost.ok())
    return Status::Invalid(fmt::format("{}: candidate '{}': {}", spec.loc.ToString(), spec.name,
                                       cost.status().message()));

  int32_t gpus = fc.autoscale.enabled ? fleet->peak_replicas() * c.gpus_per_replica()
                                      : fc.replicas * c.gpus_per_replica();
  CandidateRow row = MakeCandidateRow(spec.name, spec.kind, m, *cost, gpus);
  row.resources.replicas = fc.autoscale.enabled ? fleet->peak_replicas() : fc.replicas;
  row.resources.preemptions = static_cast<int64_t>(fleet->preemptions());
  row.resources.kv_cache_peak_fraction = fleet->kv_peak_fraction();
  const SelfHostedSpec& s = c.spec();
  const MemoryPlan& mem = c.step_model().memory();
  row.assumptions.insert(row.assumptions.begin(),
      fmt::format("{} in {} on {} x {} (tp {}, pp {}) per replica, engine {}; KV cache {} tokens "
                  "per replica ({:.1f} GiB weights per GPU)",
                  s.model, s.quant, s.tp * s.pp, s.gpu, s.tp, s.pp, s.engine,
                  mem.kv_capacity_tokens, mem.weights_bytes_per_gpu / kBytesPerGiB));
  if (fc.autoscale.enabled) {
    row.notes.push_back(fmt::format(
        "autoscaled {}..{} replicas (peak {}, {} started), cold start {:.0f} s; paid {:.2f} GPU-hours "
        "= {:.2f} GPUs on average", fc.autoscale.min_replicas, fc.autoscale.max_replicas,
        fleet->peak_replicas(), fleet->replicas_created(), s.autoscale.cold_start_s,
        gpu_seconds / kSecondsPerHour, avg_gpus));
  }
  return row;
}

// An API offer: requests priced one by one; nothing is paid for idle time.
Result<CandidateRow> RunApi(const Scenario& scenario, const CandidateSpec& spec,
                            const Catalog& catalog) {
  const ApiOffer* offer = catalog.FindOffer(spec.api.offer);
  assert(offer && "validated by the scenario loader");
  // No clipping to a context window: requests over the offer's limits fail, as they would.
  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(scenario.workload, scenario.seed, 0);
  if (!source.ok()) return source.status();

  Simulation sim;
  Collector collector(scenario.slo, 0);
  ApiTargetConfig config = MakeApiTargetConfig(spec.api, *offer);
  ApiTarget target(&sim, config, Rng::Stream(scenario.seed, spec.name, "api"));
  Driver driver(&sim, source->get(), &target, &collector);
  PLAN_RETURN_IF_ERROR(driver.Run());
  CandidateMetrics m = collector.Summarize();

  CostUsage usage;
  usage.span_s = m.span_s;
  usage.completed_requests = m.requests_completed;
  usage.tokens = m.input_tokens + m.output_tokens;
  usage.request_cost_usd = m.request_cost_usd;
  usage.priced_requests = m.requests_completed;
  usage.request_pricing = spec.api.batch ? offer->id + " (batch API)" : offer->id;
  Result<CostSummary> cost = PriceCandidate(usage, {});
  if (!cost.ok()) return cost.status();

  CandidateRow row = MakeCandidateRow(spec.name, spec.kind, m, *cost, 0);
  std::vector<std::string> assumptions = ApiAssumptions(spec.api, config);
  row.assumptions.insert(row.assumptions.begin(), assumptions.begin(), assumptions.end());
  row.notes = ApiNotes(target.stats(), config);
  return row;
}

}  // namespace

Result<CandidateRow> RunCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                  const Catalog& catalog) {
  if (candidate.kind == "self_hosted") return RunSelfHosted(scenario, candidate, catalog);
  if (candidate.kind == "api") return RunApi(scenario, candidate, catalog);
  return Status::Invalid(fmt::format("{}: candidate '{}': kind '{}' is not supported yet",
                                     candidate.loc.ToString(), candidate.name, candidate.kind));
}

Result<Report> RunScenario(const Scenario& scenario, const Catalog& catalog,
                           const RunOptions& options) {
  std::vector<const CandidateSpec*> chosen;
  std::vector<std::string> names;
  for (const CandidateSpec& c : scenario.candidates) names.push_back(c.name);
  for (const std::string& want : options.only) {
    if (std::find(names.begin(), names.end(), want) == names.end())
      return Status::Invalid(UnknownNameMessage("candidate", want, names));
  }
  for (const CandidateSpec& c : scenario.candidates) {
    if (options.only.empty() ||
        std::find(options.only.begin(), options.only.end(), c.name) != options.only.end())
      chosen.push_back(&c);
  }

  // A workload that cannot be opened fails once, not once per candidate.
  Result<std::unique_ptr<RequestSource>> probe = OpenWorkload(scenario.workload, scenario.seed, 0);
  if (!probe.ok()) return probe.status();

  std::vector<std::optional<Result<CandidateRow>>> results(chosen.size());
  size_t threads = std::clamp<size_t>(options.threads, 1, std::max<size_t>(1, chosen.size()));
  if (threads == 1) {
    for (size_t i = 0; i < chosen.size(); ++i)
      results[i].emplace(RunCandidate(scenario, *chosen[i], catalog));
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < chosen.size(); i += threads)
          results[i].emplace(RunCandidate(scenario, *chosen[i], catalog));
      });
    }
    for (std::thread& th : pool) th.join();
  }

  Report report;
  report.scenario = scenario.name;
  report.seed = scenario.seed;
  report.slo = scenario.slo;
  std::string errors;
  StatusCode worst = StatusCode::kOk;
  for (auto& r : results) {
    if (r->ok()) {
      report.candidates.push_back(std::move(*r).value());
      continue;
    }
    if (!errors.empty()) errors += '\n';
    errors += r->status().message();
    if (worst == StatusCode::kOk || r->status().code() == StatusCode::kInvalidInput)
      worst = r->status().code();
  }
  if (!errors.empty())
    return worst == StatusCode::kInvalidInput ? Status::Invalid(errors) : Status::Runtime(errors);
  Recommend(&report);
  return report;
}

}  // namespace plan
