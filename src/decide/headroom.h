// Headroom: the highest request rate at which a candidate still meets the SLO on the scenario's
// request mix (issue 12), found by simulation: the workload replayed faster or slower
// (decide/workload_volume.h), bisected in log rate.
#pragma once

#include "decide/evaluator.h"
#include "decide/workload_volume.h"

namespace plan {

struct Headroom {
  double offered_requests_per_s = 0;  // the scenario's own rate
  // The highest rate found that meets the SLO (0: none, down to kHeadroomMinFactor of the
  // offered rate), and the lowest that misses it (0: none, up to kHeadroomMaxFactor).
  double meets_requests_per_s = 0;
  double misses_requests_per_s = 0;
  int simulations = 0;
};

inline constexpr double kHeadroomMaxFactor = 64;
inline constexpr double kHeadroomMinFactor = 1.0 / 64;
// Bisection steps between the last rate met and the first missed: the bracket shrinks to
// 2^(1/2^steps) (about 9% wide with 3 steps).
inline constexpr int kHeadroomBisections = 3;

// Doubles the rate from the offered one while the candidate meets the SLO (or halves it while it
// misses), then bisects the bracket. `at_offered`: the candidate's row at the offered rate,
// already simulated. Fails for a workload without a rate (MeasureWorkload).
Result<Headroom> FindHeadroom(const Scenario& scenario, const CandidateSpec& candidate,
                              const CandidateRow& at_offered, const CandidateEvaluator& evaluate);

}  // namespace plan
