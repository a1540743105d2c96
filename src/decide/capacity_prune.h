// Configurations a search need not simulate because the roofline already proves they miss the
// SLO (issue 15): pruned with the reason, never silently. Two proofs:
//
//  - Too little capacity: the offered rate is at least kPruneLoadFactor times the roofline's
//    bound on what the configuration serves (perf/capacity_bound.h; the simulator stays within
//    kCapacitySlack of it, tests/run/capacity_test.cc). Then by the last arrival at least
//    requests - kCapacitySlack x capacity x span requests are unserved, of which at most
//    replicas x max_num_seqs are running; the rest wait, and the last 1% of all requests wait
//    at least (waiting - 1% of requests) / (kCapacitySlack x capacity) for their first token.
//    Pruned only when that wait alone exceeds the TTFT (else e2e) p99 bound.
//    Such a configuration is also overloaded (backlog >= 10%), so it is on no Pareto frontier
//    either (decide/search_result.h).
//  - Too slow even alone: one decode step of one sequence at context 1 takes longer than the
//    TPOT p99 bound, and every request has at least two output tokens.
#pragma once

#include <string>

#include "decide/workload_volume.h"
#include "metrics/slo.h"
#include "perf/capacity_bound.h"

namespace plan {

inline constexpr double kPruneLoadFactor = 1.5;
inline constexpr double kCapacitySlack = 1.1;

// The roofline's bound on the requests per second `replicas` replicas of `model` serve on
// `load`'s request mix, every step as full as the engine's limits allow.
double FleetCapacity(const StepModel& model, int replicas, const WorkloadVolume& load);

// Why `replicas` replicas of `model` cannot meet `slo` on `load`, or "" when they might.
std::string CapacityPruneReason(const StepModel& model, int replicas, const WorkloadVolume& load,
                                const SloSpec& slo);

}  // namespace plan
