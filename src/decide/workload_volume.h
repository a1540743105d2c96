// Traffic volume of a scenario's workload, and the same workload at another volume: a trace
// replays faster or slower (rate_scale), a generator draws at another rate (rate_per_s). The
// request mix (prompt and answer lengths) stays the same.
#pragma once

#include <cstdint>

#include "scenario/scenario.h"
#include "util/status.h"

namespace plan {

struct WorkloadVolume {
  // A generator's rate_per_s; a trace's requests / (last arrival - first arrival).
  double requests_per_s = 0;
  double tokens_per_request = 0;  // mean input + output tokens
  int64_t requests = 0;
  // The request mix, for capacity bounds (perf/capacity_bound.h): mean prompt tokens less those
  // the trace's prefix hashes could let a cache serve (an optimistic mix: every hashed block a
  // hit), mean output tokens, and the shortest output.
  double mean_uncacheable_input_tokens = 0;
  double mean_output_tokens = 0;
  int32_t min_output_tokens = 0;
  double span_s = 0;  // first to last arrival
};

// Reads the workload once. Fails (Status::Invalid, at the [workload] table) for a workload
// without a rate: an offline generator, or a trace whose arrivals all share one instant.
Result<WorkloadVolume> MeasureWorkload(const Scenario& scenario);

// `scenario` with its workload at `requests_per_s`. REQUIRES: base.requests_per_s > 0 and
// requests_per_s > 0.
Scenario AtVolume(const Scenario& scenario, const WorkloadVolume& base, double requests_per_s);

}  // namespace plan
