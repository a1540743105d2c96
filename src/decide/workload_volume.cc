#include "decide/workload_volume.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

namespace plan {

Result<WorkloadVolume> MeasureWorkload(const Scenario& scenario) {
  const WorkloadSpec& w = scenario.workload;
  const std::string where = w.loc.ToString();
  if (w.generated() && w.generator.arrival == ArrivalKind::kOffline)
    return Status::Invalid(fmt::format(
        "{}: an offline workload (every request at t=0) has no traffic volume to sweep; give the "
        "generator an arrival process and rate_per_s",
        where));

  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(w, scenario.seed, 0);
  if (!source.ok()) return source.status();
  WorkloadVolume v;
  Request r;
  TimeNs first_ns = 0, last_ns = 0;
  double tokens = 0, uncacheable = 0, output = 0;
  while ((*source)->Next(&r)) {
    if (v.requests == 0 || r.output_tokens < v.min_output_tokens)
      v.min_output_tokens = r.output_tokens;
    if (v.requests == 0) first_ns = r.arrival_ns;
    last_ns = r.arrival_ns;
    tokens += static_cast<double>(r.input_tokens) + r.output_tokens;
    const int64_t hashed =
        static_cast<int64_t>(r.prefix_hashes.size()) * std::max(r.prefix_block_tokens, 0);
    uncacheable += static_cast<double>(std::max<int64_t>(0, r.input_tokens - hashed));
    output += r.output_tokens;
    ++v.requests;
  }
  PLAN_RETURN_IF_ERROR((*source)->status());
  if (v.requests > 0) {
    const double n = static_cast<double>(v.requests);
    v.tokens_per_request = tokens / n;
    v.mean_uncacheable_input_tokens = uncacheable / n;
    v.mean_output_tokens = output / n;
  }
  v.span_s = NsToSeconds(last_ns - first_ns);
  if (w.generated()) {
    v.requests_per_s = w.generator.rate_per_s;
  } else if (last_ns > first_ns) {
    v.requests_per_s = static_cast<double>(v.requests) / NsToSeconds(last_ns - first_ns);
  }
  if (v.requests_per_s <= 0)
    return Status::Invalid(
        fmt::format("{}: the workload has no traffic volume to sweep ({} requests, all arriving at "
                    "one instant)",
                    where, v.requests));
  return v;
}

Scenario AtVolume(const Scenario& scenario, const WorkloadVolume& base, double requests_per_s) {
  assert(base.requests_per_s > 0 && requests_per_s > 0);
  Scenario s = scenario;
  if (s.workload.generated())
    s.workload.generator.rate_per_s = requests_per_s;
  else
    s.workload.rate_scale *= requests_per_s / base.requests_per_s;
  return s;
}

}  // namespace plan
