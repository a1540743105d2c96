// Test helper: a whole workload stream read into memory, with its stats or its error.
#pragma once

#include <string>
#include <vector>

#include "workload/workload.h"

namespace plan::testing {

struct ReadResult {
  std::vector<Request> requests;
  WorkloadStats stats;
  std::string error;  // "" when the stream ended cleanly
};

inline ReadResult ReadAll(const WorkloadSpec& spec, uint64_t seed = 0,
                          int64_t max_total_tokens = 0) {
  ReadResult out;
  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(spec, seed, max_total_tokens);
  if (!source.ok()) {
    out.error = source.status().message();
    return out;
  }
  Request r;
  while ((*source)->Next(&r)) out.requests.push_back(r);
  if (!(*source)->status().ok()) out.error = (*source)->status().message();
  if (const WorkloadStats* stats = WorkloadStatsOf(**source)) out.stats = *stats;
  return out;
}

inline WorkloadSpec TraceSpec(const std::string& path, const std::string& format = "") {
  WorkloadSpec spec;
  spec.trace_path = path;
  spec.format = format;
  return spec;
}

inline std::vector<TimeNs> Arrivals(const ReadResult& r) {
  std::vector<TimeNs> out;
  for (const Request& q : r.requests) out.push_back(q.arrival_ns);
  return out;
}

}  // namespace plan::testing
