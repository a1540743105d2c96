// One candidate of a scenario simulated and priced: the real evaluator behind decide/'s
// CandidateEvaluator seam (cli/ binds the catalog to it) and the step RunScenario repeats.
#pragma once

#include "catalog/catalog.h"
#include "report/report.h"
#include "scenario/scenario.h"

namespace plan {

// Builds the candidate's target tree in a fresh Simulation, replays the scenario's request
// stream through it, and prices it (each node of the tree bills and explains itself). Safe to
// call from several threads at once: it shares only the read-only scenario and catalog. A
// hybrid's saving against its expensive tier alone is RunScenario's (run/run_scenario.h).
Result<CandidateRow> EvaluateCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                       const Catalog& catalog);

}  // namespace plan
