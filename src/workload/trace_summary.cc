#include "workload/trace_summary.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace plan {

namespace {

// 0-based index of the nearest-rank percentile p of n values: rank ceil(p * n / 100) - 1.
size_t RankIndex(size_t n, int p) {
  size_t rank = (static_cast<size_t>(p) * n + 99) / 100;
  return std::max<size_t>(rank, 1) - 1;
}

LengthSummary Summarize(std::vector<int32_t>& values) {
  LengthSummary s;
  if (values.empty()) return s;
  int64_t sum = 0;
  for (int32_t v : values) sum += v;
  s.mean = static_cast<double>(sum) / static_cast<double>(values.size());
  // Three selections instead of a sort: after each, the rank's value sits at its sorted
  // position and everything after it is no smaller, so the next selection starts past it.
  size_t n = values.size(), from = 0;
  auto at_rank = [&](int p) {
    size_t k = std::max(RankIndex(n, p), from);
    std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(from),
                     values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    from = k;
    return values[k];
  };
  s.p50 = at_rank(50);
  s.p90 = at_rank(90);
  s.p99 = at_rank(99);
  s.max = *std::max_element(values.begin() + static_cast<std::ptrdiff_t>(from), values.end());
  return s;
}

}  // namespace

int32_t NearestRank(const std::vector<int32_t>& sorted, int p) {
  assert(!sorted.empty() && p > 0 && p <= 100);
  return sorted[RankIndex(sorted.size(), p)];
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
