// One candidate of a scenario simulated and priced: the real evaluator behind decide/'s
// CandidateEvaluator seam (cli/ binds the catalog to it) and the step RunScenario repeats.
#pragma once

#include <optional>

#include "arch/fidelity_edge.h"
#include "catalog/catalog.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "workload/decoded_workload.h"

namespace plan {

// Builds the candidate's target tree in a fresh Simulation, replays the scenario's request
// stream through it, and prices it (each node of the tree bills and explains itself). Safe to
// call from several threads at once: it shares only the read-only scenario and catalog. A
// hybrid's saving against its expensive tier alone is RunScenario's (run/run_scenario.h).
// `edge`: every figure at that edge of its error band (arch/fidelity_edge.h). The row's fidelity
// names what each leaf rests on; its bounds are EvaluateWithBounds's.
//
// With `stop` (plan search), the run stops once its SLO verdict is settled, a miss
// (metrics/verdict_watch.h): the row's `stopped` says when and why, its figures cover the
// requests finished by then, and its cost is the fleet held until then, or over the workload's
// whole arrival span if longer: for a fixed fleet, a lower bound on the whole run's cost.
struct EarlyStop {
  int64_t total_requests = 0;  // every request the workload submits
  double arrival_span_s = 0;   // its first to its last arrival
};
// With `requests`, the run replays requests [begin, end) of the scenario's workload decoded
// once (workload/decoded_workload.h) instead of opening it afresh: all of them give the
// identical run. Fewer (a window, with `stop`): a stopped run's reason says so, and its
// `load` describes the window, never as overloaded (the whole run's backlog is unknown).
struct DecodedRequests {
  const DecodedWorkload* workload = nullptr;
  int64_t begin = 0, end = 0;
};
//
// With `twins` (plan search): candidates differing from `candidate` only in their fleet's
// max_num_seqs. Where the run holds for a twin too (TargetTree::AdoptRun: one fixed fleet, and
// no limit of either bound it), the twin's row is made from this run, byte for byte the row its
// own run would give; else its entry stays empty, to be simulated by itself.
struct TwinRows {
  std::vector<const CandidateSpec*> specs;
  std::vector<std::optional<CandidateRow>> rows;  // filled: one per spec
};
Result<CandidateRow> EvaluateCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                       const Catalog& catalog,
                                       FidelityEdge edge = FidelityEdge::kNominal,
                                       const EarlyStop* stop = nullptr,
                                       const DecodedRequests* requests = nullptr,
                                       TwinRows* twins = nullptr);

// plan search's coarse-to-fine evaluation (issue 15): the configuration runs first on the
// busiest window alone, stopped once its miss is settled against the whole workload's p99
// (EarlyStop); a miss there is its verdict (a row stopped in the window). A configuration that
// passes the window runs over the whole workload, as EvaluateCandidate with `stop` would.
//
// Why a miss in the window stands for the whole run: the window's requests are the whole
// run's, and in the window run they meet an empty fleet, where the whole run has the earlier
// traffic still queued or running, which can only delay them (a fixed fleet; no prefix
// cache to warm: CoarseWindow offers no window for workloads with prefix hashes). So at least
// as many of them exceed a bound in the whole run; VerdictWatch counts them against the whole
// workload's p99. tests/decide/coarse_search_test.cc checks the verdicts against full runs.
// `twins`: as EvaluateCandidate's, from whichever run gave the row.
Result<CandidateRow> EvaluateBusiestFirst(const Scenario& scenario, const CandidateSpec& candidate,
                                          const Catalog& catalog, const EarlyStop& stop,
                                          const DecodedWorkload& workload,
                                          const std::optional<RequestWindow>& window,
                                          TwinRows* twins = nullptr);

// A configuration EvaluateBusiestFirst stopped, run further: over the whole workload (stopped
// once settled) when the window settled it, else to the end (no `stop`).
Result<CandidateRow> EvaluateFurther(const Scenario& scenario, const CandidateSpec& candidate,
                                     const Catalog& catalog, const EarlyStop& stop,
                                     const DecodedWorkload& workload, const CandidateRow& stopped);

// The window EvaluateBusiestFirst runs first: the sixteenth of the arrival span holding the
// most tokens, when its token rate is at least 1.25 times the whole workload's (a flat workload's
// window settles little that stopping the whole run would not, and costs its share again for
// every configuration that passes), it holds at most half the requests, and the workload has
// no prefix hashes. Else nullopt.
std::optional<RequestWindow> CoarseWindow(const DecodedWorkload& workload);

// EvaluateCandidate at the nominal figures, then again at the fast and the slow edge of every
// band (the same requests and draws), the row's fidelity.bounds spanning the three. A candidate
// whose bands are all 0 (none known) runs once and stays unbounded.
Result<CandidateRow> EvaluateWithBounds(const Scenario& scenario, const CandidateSpec& candidate,
                                        const Catalog& catalog);

}  // namespace plan
