// A synthetic request stream drawn from a GeneratorSpec with seeded RNG streams.
#pragma once

#include <cstdint>
#include <memory>

#include "workload/workload_spec.h"
#include "workload/workload_stream.h"

namespace plan {

// The first request arrives at t = 0 (the same origin traces are rebased to), then gaps are
// drawn by the arrival process. Draws come from Rng::Stream(seed, "workload", "arrival" |
// "input_tokens" | "output_tokens"); when both lengths are empirical from the same trace,
// one row index is drawn from "input_tokens" and both lengths come from that row, keeping
// the trace's input/output correlation.
// REQUIRES: `spec` passed ParseWorkloadSpec without errors (or is equally valid).
Result<std::unique_ptr<WorkloadStream>> OpenGenerator(const GeneratorSpec& spec, uint64_t seed,
                                                      int64_t max_requests,
                                                      int64_t max_total_tokens, ContextClip clip);

}  // namespace plan
