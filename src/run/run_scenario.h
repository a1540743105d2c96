// Runs a scenario's candidates on the identical request stream and gathers one report. RunCandidate
// is the real evaluator behind decide/'s CandidateEvaluator seam (cli/ binds the catalog to it);
// RunScenario is `plan simulate`.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "report/report.h"
#include "scenario/scenario.h"

namespace plan {

struct RunOptions {
  std::vector<std::string> only;  // candidate names to run; empty = all
  int threads = 1;                // candidates simulated at once
};

// One candidate, simulated and priced.
Result<CandidateRow> RunCandidate(const Scenario& scenario, const CandidateSpec& candidate,
                                  const Catalog& catalog);

// Every selected candidate (each on its own thread when threads > 1; results keep the
// scenario's order, so output does not depend on the thread count), plus the recommendation.
Result<Report> RunScenario(const Scenario& scenario, const Catalog& catalog,
                           const RunOptions& options);

}  // namespace plan
