#include "cli/run_scenario.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cassert>
#include <memory>
#include <thread>

#include "arch/api_candidate.h"
#include "arch/target_tree.h"
#include "metrics/collector.h"
#include "metrics/cost.h"
#include "sim/sim.h"
#include "util/rng.h"
#include "util/suggest.h"
#include "util/units.h"
#include "workload/workload_spec.h"

namespace plan {

namespace {

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size()))
    s->replace(at, from.size(), to);
}

std::string FleetAssumption(const FleetLeaf& f) {
  const SelfHostedSpec& s = f.build->spec();
  const MemoryPlan& mem = f.build->step_model().memory();
  if (!f.edge)
    return fmt::format(
        "{} in {} on {} x {} (tp {}, pp {}) per replica, engine {}; KV cache {} "
        "tokens per replica ({:.1f} GiB weights per GPU)",
        s.model, s.quant, s.tp * s.pp, s.gpu, s.tp, s.pp, s.engine, mem.kv_capacity_tokens,
        mem.weights_bytes_per_gpu / kBytesPerGiB);
  return fmt::format(
      "{} in {} on {} with {}, one request at a time on each of {} device(s) (KV cache {} "
      "tokens, {:.1f} GiB weights); no network round trip and no per-call price; {}",
      s.model, s.quant, s.gpu, s.engine, s.replicas, mem.kv_capacity_tokens,
      mem.weights_bytes_per_gpu / kBytesPerGiB,
      f.priced ? fmt::format("each device amortised at ${:g}/h (device_usd_per_hour)",
                             f.gpu.price.on_demand_usd_per_hour)
               : std::string("the device is owned: nothing paid by the hour (device_usd_per_hour "
                             "amortises it)"));
}

std::string Prefixed(const TargetTree& tree, const std::string& label, const std::string& line) {
  return tree.composite() ? label + ": " + line : line;
}

// What the fleets cost and hold. Each fleet is paid from its own utilisation (energy); an
// autoscaled one by the GPU-seconds it held.
struct FleetBill {
  std::vector<FleetCostInput> inputs;  // the priced fleets (an owned edge device is not)
  std::vector<int32_t> input_of;       // per fleet: its index in `inputs`, or -1
  int32_t gpus = 0, replicas = 0;
  int64_t preemptions = 0;
  double kv_peak = 0;
  std::vector<std::string> notes;
};

// Also sets m->gpu_utilization to the fleets' busy share of the replica-time paid for (one
// fixed fleet: the collector's figure, unchanged).
FleetBill BillFleets(const TargetTree& tree, const DriverTotals& totals, CandidateMetrics* m) {
  FleetBill bill;
  double busy_s = 0, held_s = 0;
  for (const auto& leaf : tree.fleets()) {
    const FleetLeaf& f = *leaf;
    const FleetConfig& fc = f.build->fleet_config();
    const int32_t per_replica = f.build->gpus_per_replica();
    const double gpu_seconds = f.fleet->GpuSeconds(totals.last_finish_ns);
    const double busy = NsToSeconds(f.fleet->busy_ns());
    double held_replica_s = fc.replicas * m->span_s;
    double utilization = tree.fleets().size() == 1 ? m->gpu_utilization
                         : m->span_s > 0           ? busy / held_replica_s
                                                   : 0;
    if (fc.autoscale.enabled && m->span_s > 0) {
      held_replica_s = gpu_seconds / per_replica;
      utilization = busy / held_replica_s;
    }
    busy_s += busy;
    held_s += held_replica_s;
    const int32_t paid_replicas = fc.autoscale.enabled ? f.fleet->peak_replicas() : fc.replicas;
    bill.gpus += paid_replicas * per_replica;
    bill.replicas += paid_replicas;
    bill.preemptions += static_cast<int64_t>(f.fleet->preemptions());
    bill.kv_peak = std::max(bill.kv_peak, f.fleet->kv_peak_fraction());
    bill.input_of.push_back(f.priced ? static_cast<int32_t>(bill.inputs.size()) : -1);
    if (f.priced)
      bill.inputs.push_back({&f.gpu, f.pricing, fc.replicas * per_replica,
                             fc.autoscale.enabled ? gpu_seconds : 0, utilization});
    if (fc.autoscale.enabled) {
      const double avg_gpus = m->span_s > 0 ? gpu_seconds / m->span_s : fc.replicas * per_replica;
      bill.notes.push_back(Prefixed(
          tree, f.label,
          fmt::format(
              "autoscaled {}..{} replicas (peak {}, {} started), cold start {:.0f} s; paid {:.2f} "
              "GPU-hours = {:.2f} GPUs on average",
              fc.autoscale.min_replicas, fc.autoscale.max_replicas, f.fleet->peak_replicas(),
              f.fleet->replicas_created(), f.build->spec().autoscale.cold_start_s,
              gpu_seconds / kSecondsPerHour, avg_gpus)));
    }
  }
  if (tree.fleets().size() == 1 && bill.inputs.size() == 1)
    m->gpu_utilization = bill.inputs[0].gpu_utilization;
  else if (tree.fleets().size() > 1)
    m->gpu_utilization = held_s > 0 ? busy_s / held_s : 0;
  return bill;
}

// Each leaf's assumptions and notes, in tier order (prefixed by its tier in a composite).
void LeafLines(const TargetTree& tree, std::vector<std::string>* assumptions,
               std::vector<std::string>* notes) {
  auto fleet_lines = [&](const FleetLeaf& f) {
    assumptions->push_back(Prefixed(tree, f.label, FleetAssumption(f)));
    assumptions->push_back(Prefixed(tree, f.label, f.build->engine_assumption()));
  };
  auto api_lines = [&](const ApiLeaf& a) {
    for (std::string line : ApiAssumptions(a.spec, a.config)) {
      if (a.routed)
        ReplaceAll(&line, "no network round trip (no user region given)",
                   "the round trip the region router adds");
      assumptions->push_back(Prefixed(tree, a.label, line));
    }
    for (const std::string& line : ApiNotes(a.target->stats(), a.config))
      notes->push_back(Prefixed(tree, a.label, line));
  };
  if (!tree.composite()) {
    for (const auto& f : tree.fleets()) fleet_lines(*f);
    for (const auto& a : tree.apis()) api_lines(*a);
  }
  for (const TierInfo& t : tree.tiers()) {
    if (t.fleet >= 0) fleet_lines(*tree.fleets()[t.fleet]);
    if (t.api >= 0) api_lines(*tree.apis()[t.api]);
  }
}

// A composite's tiers: requests answered (Completion::served_by), share, and cost.
std::vector<CandidateRow::Tier> TierRows(const TargetTree& tree, const CandidateMetrics& m,
                                         const FleetBill& bill, std::vector<std::string>* notes) {
  std::vector<CandidateRow::Tier> rows;
  for (size_t i = 0; i < tree.tiers().size(); ++i) {
    const TierInfo& t = tree.tiers()[i];
    CandidateRow::Tier tier;
    tier.name = t.label;
    tier.requests = i < m.requests_per_target.size() ? m.requests_per_target[i] : 0;
    tier.share = m.requests_total > 0 ? static_cast<double>(tier.requests) / m.requests_total : 0;
    if (t.tag) tier.cost_usd = t.tag->stats().cost_usd;
    if (t.fleet >= 0 && bill.input_of[t.fleet] >= 0) {
      CostUsage span_only;
      span_only.span_s = m.span_s;
      Result<CostSummary> fleet = PriceCandidate(span_only, {bill.inputs[bill.input_of[t.fleet]]});
      if (fleet.ok()) tier.cost_usd += fleet->total_usd;
    }
    if (t.tag || tier.requests > 0)
      notes->push_back(fmt::format("tier {}: {} requests ({:.1f}%), ${:.4f}{}", tier.name,
                                   tier.requests, tier.share * 100, tier.cost_usd,
                                   t.tag ? fmt::format(" (sent {}, {} failed there)",
                                                       t.tag->stats().sent, t.tag->stats().failed)
                                         : ""));
    rows.push_back(std::move(tier));
  }
  return rows;
}

// The fleets' GPU bill, the per-request charges (API offers, hybrid routers, attempts a
// failover abandoned), and the row with every assumption and note.
Result<CandidateRow> PriceTree(const CandidateSpec& spec, const TargetTree& tree,
                               const Catalog& catalog, const DriverTotals& totals,
                               CandidateMetrics m) {
  FleetBill bill = BillFleets(tree, totals, &m);
  CostUsage usage;
  usage.span_s = m.span_s;
  usage.completed_requests = m.requests_completed;
  usage.tokens = m.input_tokens + m.output_tokens;
  usage.request_cost_usd = m.request_cost_usd + tree.abandoned_cost_usd();
  std::vector<std::string> pricing;
  for (const auto& a : tree.apis()) {
    std::string id = a->spec.batch ? a->config.offer.id + " (batch API)" : a->config.offer.id;
    if (std::find(pricing.begin(), pricing.end(), id) == pricing.end()) pricing.push_back(id);
  }
  if (tree.router_cost_usd() > 0) pricing.push_back("the hybrid router");
  if (!pricing.empty()) {
    usage.priced_requests = m.requests_completed;
    usage.request_pricing = fmt::format("{}", fmt::join(pricing, ", "));
  }
  Result<CostSummary> cost = PriceCandidate(usage, bill.inputs);
  if (!cost.ok())
    return Status::Invalid(fmt::format("{}: candidate '{}': {}", spec.loc.ToString(), spec.name,
                                       cost.status().message()));

  CandidateRow row = MakeCandidateRow(spec.name, spec.kind, m, *cost, bill.gpus);
  std::vector<std::string> assumptions, notes = bill.notes;
  LeafLines(tree, &assumptions, &notes);
  for (std::string& line : tree.Assumptions(catalog)) assumptions.push_back(std::move(line));
  row.assumptions.insert(row.assumptions.begin(), assumptions.begin(), assumptions.end());
  if (!tree.fleets().empty()) {
    row.resources.replicas = bill.replicas;
    row.resources.preemptions = bill.preemptions;
    row.resources.kv_cache_peak_fraction = bill.kv_peak;
  }
  for (std::string& line : tree.Notes()) notes.push_back(std::move(line));
  if (tree.composite()) row.tiers = TierRows(tree, m, bill, &notes);
  row.notes = std::move(notes);
  return row;
}

// A hybrid's saving against its expensive tier alone, simulated on the same requests.
Result<std::string> HybridSaving(const Scenario& scenario, const CandidateSpec& spec,
                                 const Catalog& catalog, const CandidateRow& row) {
  const TargetRef& ref = spec.hybrid.expensive;
  CandidateSpec offer;
  const CandidateSpec* alone = &offer;
  if (ref.candidate >= 0) {
    alone = &scenario.candidates[ref.candidate];
  } else {
    offer.name = ref.name;
    offer.kind = "api";
    offer.loc = spec.loc;
    offer.api.offer = ref.name;
  }
  Result<CandidateRow> base = RunCandidate(scenario, *alone, catalog);
  if (!base.ok()) return base.status();
  const double saved = base->cost.total_usd - row.cost.total_usd;
  return fmt::format(
      "against '{}' alone (simulated on the same requests: ${:.4f}, TTFT p99 {:.3f} s, {} "
      "failed): this hybrid costs ${:.4f} (TTFT p99 {:.3f} s), {} ${:.4f} ({:.1f}%)",
      ref.name, base->cost.total_usd, base->latency.ttft_s.p99, base->requests.failed,
      row.cost.total_usd, row.latency.ttft_s.p99, saved >= 0 ? "a saving of" : "dearer by",
      std::abs(saved), base->cost.total_usd > 0 ? 100 * saved / base->cost.total_usd : 0.0);
}

}  // namespace

Result<CandidateRow> RunCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                  const Catalog& catalog) {
  Simulation sim;
  Result<std::unique_ptr<TargetTree>> built = TargetTree::Build(scenario, candidate, catalog, &sim);
  if (!built.ok()) return built.status();
  TargetTree& tree = **built;
  // API offers are not clipped (requests over their limits fail, as they would); fleets clip
  // requests to the smallest context window among them.
  Result<std::unique_ptr<RequestSource>> source =
      OpenWorkload(scenario.workload, scenario.seed, tree.max_total_tokens());
  if (!source.ok()) return source.status();
  Collector collector(scenario.slo, tree.replicas());
  tree.set_observer(&collector);
  Driver driver(&sim, source->get(), tree.root(), &collector);
  PLAN_RETURN_IF_ERROR(driver.Run());
  Result<CandidateRow> row =
      PriceTree(candidate, tree, catalog, driver.totals(), collector.Summarize());
  if (!row.ok() || candidate.kind != "hybrid") return row;
  Result<std::string> saving = HybridSaving(scenario, candidate, catalog, *row);
  if (!saving.ok()) return saving.status();
  row->notes.push_back(*saving);
  return row;
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
