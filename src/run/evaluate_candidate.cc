#include "run/evaluate_candidate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "arch/target_tree.h"
#include "metrics/collector.h"
#include "metrics/cost.h"
#include "sim/sim.h"
#include "workload/workload_spec.h"

namespace plan {

namespace {

// The tree's bill (each node bills itself), the per-request charges (API offers, hybrid
// routers, attempts a failover abandoned), and the row with every assumption and note.
Result<CandidateRow> PriceTree(const CandidateSpec& spec, const TargetTree& tree,
                               const DriverTotals& totals, const CandidateMetrics& m) {
  Result<TreeBill> bill = tree.Bill({m.span_s, totals.last_finish_ns});
  if (!bill.ok())
    return Status::Invalid(fmt::format("{}: candidate '{}': {}", spec.loc.ToString(), spec.name,
                                       bill.status().message()));
  CostUsage usage;
  usage.span_s = m.span_s;
  usage.completed_requests = m.requests_completed;
  usage.tokens = m.input_tokens + m.output_tokens;
  usage.request_cost_usd = m.request_cost_usd + bill->abandoned_cost_usd;
  if (!bill->request_pricing.empty()) {
    usage.priced_requests = m.requests_completed;
    usage.request_pricing = fmt::format("{}", fmt::join(bill->request_pricing, ", "));
  }
  const CostSummary cost = CandidateCost(usage, bill->fleet_prices);

  CandidateRow::Resources held;
  held.gpus = bill->gpus;
  held.replicas = bill->replicas;
  held.gpu_utilization = bill->gpu_utilization;
  held.kv_cache_peak_fraction = bill->kv_peak_fraction;
  held.preemptions = bill->preemptions;
  CandidateRow row = MakeCandidateRow(spec.name, CandidateKindName(spec.kind), m, cost, held);
  std::vector<std::string> assumptions = tree.Assumptions();
  row.assumptions.insert(row.assumptions.begin(), assumptions.begin(), assumptions.end());
  row.notes = tree.Notes(*bill);
  if (tree.composite()) {
    for (TierSummary& t : tree.Tiers(*bill, m.requests_per_tier, m.requests_total, &row.notes))
      row.tiers.push_back({std::move(t.name), t.requests, t.share, t.cost_usd});
  }
  return row;
}

}  // namespace

Result<CandidateRow> EvaluateCandidate(const Scenario& scenario, const CandidateSpec& candidate,
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
  return PriceTree(candidate, tree, driver.totals(), collector.Summarize());
}

}  // namespace plan
