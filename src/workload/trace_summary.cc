#include "workload/trace_summary.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace plan {

namespace {

LengthSummary Summarize(std::vector<int32_t>& values) {
  LengthSummary s;
  if (values.empty()) return s;
  int64_t sum = 0;
  for (int32_t v : values) sum += v;
  s.mean = static_cast<double>(sum) / static_cast<double>(values.size());
  std::sort(values.begin(), values.end());
  s.p50 = NearestRank(values, 50);
  s.p90 = NearestRank(values, 90);
  s.p99 = NearestRank(values, 99);
  s.max = values.back();
  return s;
}

}  // namespace

int32_t NearestRank(const std::vector<int32_t>& sorted, int p) {
  assert(!sorted.empty() && p > 0 && p <= 100);
  size_t n = sorted.size();
  size_t rank = (static_cast<size_t>(p) * n + 99) / 100;  // ceil(p * n / 100)
  return sorted[std::max<size_t>(rank, 1) - 1];
}

Result<TraceSummary> SummarizeTrace(RequestSource& source) {
  TraceSummary s;
  std::vector<int32_t> input, output;
  Request r;
  while (source.Next(&r)) {
    if (s.requests == 0) s.first_arrival_ns = r.arrival_ns;
    s.last_arrival_ns = r.arrival_ns;
    ++s.requests;
    input.push_back(r.input_tokens);
    output.push_back(r.output_tokens);
    if (!r.prefix_hashes.empty()) ++s.with_prefix_hashes;
    if (r.session != 0) ++s.with_session;
  }
  PLAN_RETURN_IF_ERROR(source.status());
  if (const WorkloadStats* stats = WorkloadStatsOf(source)) s.stats = *stats;
  s.span_s = NsToSeconds(s.last_arrival_ns - s.first_arrival_ns);
  s.mean_rate_per_s = s.span_s > 0 ? static_cast<double>(s.requests) / s.span_s : 0;
  s.input = Summarize(input);
  s.output = Summarize(output);
  return s;
}

}  // namespace plan
