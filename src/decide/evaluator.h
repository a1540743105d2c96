// The seam between the decision tools (break-even, search) and the simulator: a function that
// simulates and prices one candidate of a scenario. Commands pass run/'s EvaluateCandidate with the
// catalog bound; tests pass fakes with hand-computable costs.
#pragma once

#include <functional>

#include "report/report.h"
#include "scenario/scenario.h"

namespace plan {

// Must be safe to call from several threads at once (EvaluateCandidate is: it shares only the
// read-only scenario and catalog).
using CandidateEvaluator =
    std::function<Result<CandidateRow>(const Scenario& scenario, const CandidateSpec& candidate)>;

}  // namespace plan
