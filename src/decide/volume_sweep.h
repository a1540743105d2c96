// Every candidate of a scenario at any traffic volume, simulated once and remembered. A fixed
// self-hosted fleet is re-sized at each volume to the smallest replica count that meets the SLO
// (its cost is then a staircase in volume); every other candidate runs as the scenario gives it.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "decide/evaluator.h"
#include "decide/workload_volume.h"
#include "report/breakeven_report.h"

namespace plan {

inline constexpr int32_t kMinReplicaLimit = 8;

class VolumeSweep {
 public:
  // `max_replicas`: the largest fleet tried when re-sizing; 0 = 4x the count the capacity
  // bound needs at that volume, at least kMinReplicaLimit.
  // REQUIRES: base.requests_per_s > 0, max_replicas >= 0; `scenario` and `evaluate` outlive this.
  VolumeSweep(const Scenario& scenario, WorkloadVolume base, int32_t max_replicas,
              const CandidateEvaluator& evaluate);

  size_t size() const { return scenario_.candidates.size(); }
  const CandidateSpec& candidate(size_t i) const { return scenario_.candidates[i]; }
  // A fleet re-sized at every volume: kind self_hosted without autoscaling.
  bool Resized(size_t i) const;

  // Candidate i at `rps`, simulated on first use. Calls for different candidates may run on
  // different threads at once; calls for one candidate must not.
  //
  // Re-sizing assumes that more replicas never hurt and more volume never helps: the count
  // found at a lower volume bounds the search from below, one at a higher volume from above;
  // without an upper bound it starts from the count the capacity bound needs (known once a run
  // of the candidate gave its capacity, CandidateRow::Load) and doubles, then bisects. A fleet
  // that misses the SLO at a lower volume even with the most replicas tried is not simulated
  // again at higher ones.
  Result<BreakevenPoint> At(size_t i, double rps);

  // Every point simulated for candidate i, ascending volume (grid flags unset: all true).
  std::vector<BreakevenPoint> Points(size_t i) const;
  // Simulations run so far (each replica count tried counts once).
  int64_t simulations() const;

 private:
  struct Memo {
    std::map<double, BreakevenPoint> points;  // by volume
    int64_t simulations = 0;
    double replica_capacity = 0;  // one replica's capacity bound, req/s; 0 = not known yet
  };
  Result<BreakevenPoint> Evaluate(size_t i, double rps);
  Result<BreakevenPoint> Size(size_t i, double rps);
  // Runs candidate i at `rps` with `replicas` (0 = as given).
  Result<CandidateRow> Run(size_t i, double rps, int32_t replicas);

  const Scenario& scenario_;
  WorkloadVolume base_;
  int32_t max_replicas_;
  const CandidateEvaluator& evaluate_;
  std::vector<Memo> memo_;  // one per candidate, so threads on different candidates never share
};

}  // namespace plan
