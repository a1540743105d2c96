// Runs a scenario's candidates on the identical request stream and gathers one report: `plan
// simulate`. Each candidate is one EvaluateCandidate (run/evaluate_candidate.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "report/report.h"
#include "scenario/scenario.h"

namespace plan {

struct RunOptions {
  std::vector<std::string> only;  // candidate names to run; empty = all
  int threads = 1;                // candidates simulated at once
  // Each reported candidate again at both edges of its error bands (EvaluateWithBounds), for
  // its bounds and the recommendation's robustness: three runs instead of one.
  bool bounds = true;
  // When set, incremented as each reported candidate finishes (from any thread), for a progress
  // line; a hybrid's baseline run is not counted.
  std::atomic<int64_t>* finished = nullptr;
};

// Every selected candidate (each on its own thread when threads > 1; results keep the
// scenario's order, so output does not depend on the thread count), plus the recommendation.
// A hybrid's notes end with its saving against its expensive tier alone: that candidate's own
// row when it runs too, else that tier simulated once for the run.
Result<Report> RunScenario(const Scenario& scenario, const Catalog& catalog,
                           const RunOptions& options);

}  // namespace plan
