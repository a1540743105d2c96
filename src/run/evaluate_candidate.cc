#include "run/evaluate_candidate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "arch/target_tree.h"
#include "metrics/collector.h"
#include "metrics/cost.h"
#include "sim/sim.h"
#include "sim/state_store.h"
#include "workload/workload_spec.h"

namespace plan {

namespace {

// What the candidate rests on, from its leaves.
CandidateFidelity Fidelity(const std::vector<LeafFidelity>& leaves) {
  CandidateFidelity f;
  for (const LeafFidelity& l : leaves) {
    f.leaves.push_back({l.subject, l.basis, l.error_pct, l.speed_error_pct, l.evidence});
    if (f.basis.empty() || BasisRank(l.basis) < BasisRank(f.basis)) f.basis = l.basis;
    f.error_pct = std::max({f.error_pct, l.error_pct, l.speed_error_pct});
  }
  return f;
}

CandidateFidelity::Range Span(double a, double b, double c) {
  return {std::min({a, b, c}), std::max({a, b, c})};
}

// The bounds over the nominal row and the rows at the fast and slow edges.
CandidateFidelity::Bounds BoundsOf(const CandidateRow& n, const CandidateRow& fast,
                                   const CandidateRow& slow) {
  CandidateFidelity::Bounds b;
  auto span = [&](auto field) { return Span(field(n), field(fast), field(slow)); };
  b.total_usd = span([](const CandidateRow& r) { return r.cost.total_usd; });
  b.usd_per_month = span([](const CandidateRow& r) { return r.cost.usd_per_month; });
  b.usd_per_million_tokens =
      span([](const CandidateRow& r) { return r.cost.usd_per_million_tokens; });
  b.output_tokens_per_s =
      span([](const CandidateRow& r) { return r.throughput.output_tokens_per_s; });
  b.ttft_p50_s = span([](const CandidateRow& r) { return r.latency.ttft_s.p50; });
  b.ttft_p99_s = span([](const CandidateRow& r) { return r.latency.ttft_s.p99; });
  b.tpot_p50_s = span([](const CandidateRow& r) { return r.latency.tpot_s.p50; });
  b.tpot_p99_s = span([](const CandidateRow& r) { return r.latency.tpot_s.p99; });
  b.e2e_p50_s = span([](const CandidateRow& r) { return r.latency.e2e_s.p50; });
  b.e2e_p99_s = span([](const CandidateRow& r) { return r.latency.e2e_s.p99; });
  b.slo_attainment = span([](const CandidateRow& r) { return r.slo.attainment; });
  b.slo_met_fast = fast.slo.met;
  b.slo_met_slow = slow.slo.met;
  return b;
}

// The tree's bill (each node bills itself), the per-request charges (API offers, hybrid
// routers, attempts a failover abandoned), and the row with every assumption and note.
// `held` is the span the fleets are paid for (m.span_s, longer for a stopped run) and when it ends.
Result<CandidateRow> PriceTree(const CandidateSpec& spec, const SloSpec& slo,
                               const TargetTree& tree, const DriverTotals& totals,
                               const CandidateMetrics& m, const RunSpan& held_span) {
  Result<TreeBill> bill = tree.Bill(held_span);
  if (!bill.ok())
    return Status::Invalid(fmt::format("{}: candidate '{}': {}", spec.loc.ToString(), spec.name,
                                       bill.status().message()));
  CostUsage usage;
  usage.span_s = held_span.span_s;
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
  if (bill->interruptions_modelled) {
    const InterruptionStats& in = bill->interruptions;
    row.interruptions = {true,
                         static_cast<int64_t>(in.interruptions),
                         in.lost.requests,
                         in.lost.prefill_tokens,
                         in.lost.decode_tokens,
                         bill->recomputed_cost_usd};
  }
  if (bill->lora_modelled)
    row.lora = {true, bill->lora_adapters, bill->lora_loads, bill->lora_disk_loads};
  if (tree.composite()) {
    std::vector<TierSummary> tiers =
        tree.Tiers(*bill, m.requests_per_tier, m.requests_total, &row.notes);
    for (size_t i = 0; i < tiers.size(); ++i) {
      CandidateRow::Tier t{std::move(tiers[i].name), tiers[i].requests, tiers[i].share,
                           tiers[i].cost_usd};
      if (i < m.ttft_s_per_tier.size()) {
        t.ttft_p50_s = m.ttft_s_per_tier[i].p50;
        t.ttft_p99_s = m.ttft_s_per_tier[i].p99;
        t.tpot_p50_s = m.tpot_s_per_tier[i].p50;
        t.tpot_p99_s = m.tpot_s_per_tier[i].p99;
      }
      row.tiers.push_back(std::move(t));
    }
  }
  row.fidelity = Fidelity(tree.Fidelity());
  row.models = tree.Models();
  CandidateRow::Load& load = row.load;
  // Submitted: every request of the workload, finished or not (a stopped run's remain).
  const double submitted = static_cast<double>(totals.submitted);
  if (totals.all_arrived) {
    load.arrival_span_s = NsToSeconds(totals.last_arrival_ns - totals.first_arrival_ns);
    load.backlog = static_cast<int64_t>(totals.unfinished_at_last_arrival);
    load.drain_s = NsToSeconds(std::max<TimeNs>(0, totals.last_finish_ns - totals.last_arrival_ns));
  }
  load.overloaded = load.arrival_span_s > 0 && submitted > 0 &&
                    static_cast<double>(load.backlog) >= kOverloadedBacklog * submitted;
  if (load.arrival_span_s > 0) load.offered_requests_per_s = submitted / load.arrival_span_s;
  if (m.requests_completed > 0) {
    const double completed = static_cast<double>(m.requests_completed);
    const RequestMix mix{static_cast<double>(m.input_tokens - m.cached_input_tokens) / completed,
                         static_cast<double>(m.output_tokens) / completed};
    const CapacityBound capacity = tree.Capacity(mix);
    load.capacity_requests_per_s = capacity.requests_per_s;
    if (capacity.requests_per_s > 0) load.capacity_limit = capacity.limit;
  }
  row.slo.misses = SloMisses(slo, row);
  return row;
}

}  // namespace

Result<CandidateRow> EvaluateCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                       const Catalog& catalog, FidelityEdge edge,
                                       const EarlyStop* stop, const DecodedRequests* requests,
                                       TwinRows* twins) {
  if (twins) twins->rows.assign(twins->specs.size(), std::nullopt);
  Simulation sim;
  Result<std::unique_ptr<TargetTree>> built =
      TargetTree::Build(scenario, candidate, catalog, &sim, edge);
  if (!built.ok()) return built.status();
  TargetTree& tree = **built;
  // API offers are not clipped (requests over their limits fail, as they would); fleets clip
  // outputs to the smallest context window among them, and reject a prompt that fills it.
  Result<std::unique_ptr<RequestSource>> source = std::unique_ptr<RequestSource>();
  if (requests)
    *source = ReplayWorkload(*requests->workload, tree.max_total_tokens(), ContextClip::kOutputOnly,
                             requests->begin, requests->end);
  else
    source = OpenWorkload(scenario.workload, scenario.seed, tree.max_total_tokens(),
                          ContextClip::kOutputOnly);
  if (!source.ok()) return source.status();
  const bool window =
      requests && (requests->begin > 0 || requests->end < requests->workload->size());
  Collector collector(scenario.slo, tree.replicas());
  if (tree.composite()) collector.TrackTierLatency();
  tree.set_observer(&collector);
  // A session's later turns first read their conversation state, in front of the whole tree.
  std::unique_ptr<StateStoreTarget> store;
  Target* root = tree.root();
  const SessionSpec& sessions = scenario.workload.sessions;
  if (sessions.enabled && sessions.state_store_p50_ms > 0) {
    store = std::make_unique<StateStoreTarget>(&sim, root, sessions.state_store_p50_ms,
                                               sessions.state_store_p99_ms, scenario.seed);
    root = store.get();
  }
  if (stop) collector.WatchVerdict(stop->total_requests, [&sim] { sim.Stop(); });
  Driver driver(&sim, source->get(), root, &collector);
  PLAN_RETURN_IF_ERROR(driver.Run());
  const CandidateMetrics m = collector.Summarize();
  const DriverTotals& totals = driver.totals();
  RunSpan held{m.span_s, totals.last_finish_ns};
  if (sim.stopped()) {
    // Requests remain, so the whole run lasts past now, and past the last arrival.
    held.end_ns = std::max(held.end_ns, sim.now());
    held.span_s = std::max({m.span_s, NsToSeconds(sim.now() - totals.first_arrival_ns),
                            stop ? stop->arrival_span_s : 0.0});
  }
  // The row of `spec`, whose tree ran (or took on the run of) this one's.
  auto finish = [&](const CandidateSpec& spec, const TargetTree& ran) {
    Result<CandidateRow> row = PriceTree(spec, scenario.slo, ran, totals, m, held);
    if (!row.ok()) return row;
    if (sim.stopped()) {
      CandidateRow::Stopped& s = row->stopped;
      s.at_s = NsToSeconds(sim.now());
      s.reason = window
                     ? fmt::format("in the busiest window (arrivals t={:.6g}-{:.6g} s): {}",
                                   NsToSeconds(requests->workload->arrival_ns(requests->begin)),
                                   NsToSeconds(requests->workload->arrival_ns(requests->end - 1)),
                                   m.settled)
                     : m.settled;
      s.in_window = window;
      // The window's backlog says nothing of the whole run's at its last arrival.
      if (window) row->load.overloaded = false;
      s.ttft_p99_at_least_s = m.ttft_p99_at_least_s;
      s.tpot_p99_at_least_s = m.tpot_p99_at_least_s;
      row->notes.push_back(fmt::format(
          "misses SLO (stopped at t={:.6g} s): {}; the figures cover the {} requests finished by "
          "then, the cost the fleet held until then (at least)",
          s.at_s, s.reason, m.requests_total));
    }
    if (store) {
      const double mean_ms =
          store->reads() ? NsToSeconds(store->read_ns()) * 1e3 / static_cast<double>(store->reads())
                         : 0;
      row->assumptions.push_back(fmt::format(
          "state store: each of {} later turns first read its conversation's state, lognormal "
          "p50 {:g} ms, p99 {:g} ms (mean {:.3g} ms), counted in its queueing and TTFT",
          store->reads(), sessions.state_store_p50_ms, sessions.state_store_p99_ms, mean_ms));
    }
    return row;
  };
  if (twins) {
    for (size_t i = 0; i < twins->specs.size(); ++i) {
      Simulation unused;  // the twin's tree never runs
      Result<std::unique_ptr<TargetTree>> twin =
          TargetTree::Build(scenario, *twins->specs[i], catalog, &unused, edge);
      if (!twin.ok() || !(*twin)->AdoptRun(tree)) continue;
      if (Result<CandidateRow> row = finish(*twins->specs[i], **twin); row.ok())
        twins->rows[i] = std::move(row).value();
    }
  }
  return finish(candidate, tree);
}

Result<CandidateRow> EvaluateWithBounds(const Scenario& scenario, const CandidateSpec& candidate,
                                        const Catalog& catalog) {
  Result<CandidateRow> row = EvaluateCandidate(scenario, candidate, catalog);
  if (!row.ok() || row->fidelity.error_pct <= 0) return row;
  Result<CandidateRow> fast = EvaluateCandidate(scenario, candidate, catalog, FidelityEdge::kFast);
  if (!fast.ok()) return fast.status();
  Result<CandidateRow> slow = EvaluateCandidate(scenario, candidate, catalog, FidelityEdge::kSlow);
  if (!slow.ok()) return slow.status();
  row->fidelity.bounded = true;
  row->fidelity.bounds = BoundsOf(*row, *fast, *slow);
  return row;
}

Result<CandidateRow> EvaluateBusiestFirst(const Scenario& scenario, const CandidateSpec& candidate,
                                          const Catalog& catalog, const EarlyStop& stop,
                                          const DecodedWorkload& workload,
                                          const std::optional<RequestWindow>& window,
                                          TwinRows* twins) {
  std::vector<bool> passed_window;  // by twin: the window run held for it, and it passed
  if (window) {
    const DecodedRequests busiest{&workload, window->begin, window->end};
    Result<CandidateRow> row = EvaluateCandidate(scenario, candidate, catalog,
                                                 FidelityEdge::kNominal, &stop, &busiest, twins);
    if (!row.ok() || !row->stopped.reason.empty()) return row;
    if (twins)
      for (const std::optional<CandidateRow>& r : twins->rows)
        passed_window.push_back(r.has_value());
  }
  const DecodedRequests all{&workload, 0, workload.size()};
  Result<CandidateRow> row =
      EvaluateCandidate(scenario, candidate, catalog, FidelityEdge::kNominal, &stop, &all, twins);
  // A twin whose own window run might have gone otherwise is simulated by itself.
  if (twins && window)
    for (size_t i = 0; i < twins->rows.size(); ++i)
      if (!passed_window[i]) twins->rows[i].reset();
  return row;
}

Result<CandidateRow> EvaluateFurther(const Scenario& scenario, const CandidateSpec& candidate,
                                     const Catalog& catalog, const EarlyStop& stop,
                                     const DecodedWorkload& workload, const CandidateRow& stopped) {
  const DecodedRequests all{&workload, 0, workload.size()};
  return EvaluateCandidate(scenario, candidate, catalog, FidelityEdge::kNominal,
                           stopped.stopped.in_window ? &stop : nullptr, &all);
}

std::optional<RequestWindow> CoarseWindow(const DecodedWorkload& workload) {
  constexpr int64_t kWindowsPerSpan = 16;
  const int64_t n = workload.size();
  if (n < 2 || workload.has_prefix_hashes()) return std::nullopt;
  const TimeNs span = workload.arrival_ns(n - 1) - workload.arrival_ns(0);
  if (span < kWindowsPerSpan) return std::nullopt;
  const RequestWindow w = BusiestWindow(workload, span / kWindowsPerSpan);
  int64_t tokens = 0;
  for (int64_t i = 0; i < n; ++i) tokens += workload.tokens(i);
  // Token rates: the window's over its length, the whole's over span.
  if (2 * (w.end - w.begin) > n ||
      static_cast<double>(w.tokens) * kWindowsPerSpan < 1.25 * static_cast<double>(tokens))
    return std::nullopt;
  return w;
}

}  // namespace plan
