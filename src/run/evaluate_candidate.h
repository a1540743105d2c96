// One candidate of a scenario simulated and priced: the real evaluator behind decide/'s
// CandidateEvaluator seam (cli/ binds the catalog to it) and the step RunScenario repeats.
#pragma once

#include "arch/fidelity_edge.h"
#include "catalog/catalog.h"
#include "report/report.h"
#include "scenario/scenario.h"

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
Result<CandidateRow> EvaluateCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                       const Catalog& catalog,
                                       FidelityEdge edge = FidelityEdge::kNominal,
                                       const EarlyStop* stop = nullptr);

// EvaluateCandidate at the nominal figures, then again at the fast and the slow edge of every
// band (the same requests and draws), the row's fidelity.bounds spanning the three. A candidate
// whose bands are all 0 (none known) runs once and stays unbounded.
Result<CandidateRow> EvaluateWithBounds(const Scenario& scenario, const CandidateSpec& candidate,
                                        const Catalog& catalog);

}  // namespace plan
