// A whole stream summarised for `plan trace stats`: count, span, rate and exact length
// percentiles. Keeps only the two length arrays, never the requests.
#pragma once

#include <cstdint>

#include "util/status.h"
#include "util/units.h"
#include "workload/request.h"
#include "workload/workload_stream.h"

namespace plan {

struct LengthSummary {
  double mean = 0;
  int32_t p50 = 0, p90 = 0, p99 = 0, max = 0;  // nearest-rank percentiles: values that occur
};

struct TraceSummary {
  WorkloadStats stats;  // as the stream reports them at its end
  int64_t requests = 0;
  TimeNs first_arrival_ns = 0;
  TimeNs last_arrival_ns = 0;
  double span_s = 0;           // last arrival - first arrival
  double mean_rate_per_s = 0;  // requests / span_s; 0 when the span is 0
  LengthSummary input, output;
  int64_t with_prefix_hashes = 0;  // requests that carry prefix-block hashes
  int64_t with_session = 0;        // requests that carry a session id
};

// Reads `source` to its end. Returns its error if it fails part-way.
Result<TraceSummary> SummarizeTrace(RequestSource& source);

// The nearest-rank percentile `p` (0 < p <= 100) of ascending `sorted`: the value at
// 1-based rank ceil(p/100 * n). REQUIRES: sorted is non-empty.
int32_t NearestRank(const std::vector<int32_t>& sorted, int p);

}  // namespace plan
