#include "decide/capacity_prune.h"

#include <fmt/format.h>

#include <algorithm>

namespace plan {

double FleetCapacity(const StepModel& model, int replicas, const WorkloadVolume& load) {
  const RequestMix mix{load.mean_uncacheable_input_tokens, load.mean_output_tokens};
  return replicas * ReplicaCapacity(model, EngineLimits(model), mix).requests_per_s;
}

std::string CapacityPruneReason(const StepModel& model, int replicas, const WorkloadVolume& load,
                                const SloSpec& slo) {
  if (slo.tpot_p99_s && load.min_output_tokens >= 2) {
    const double step_s = model.StepTimeS(DecodeBatch(1, 1));
    if (step_s > *slo.tpot_p99_s)
      return fmt::format(
          "too slow: one decode step of one sequence takes {:.1f} ms, over the TPOT p99 bound of "
          "{:g} ms",
          step_s * 1000, *slo.tpot_p99_s * 1000);
  }
  const std::optional<double>& wait_bound = slo.ttft_p99_s ? slo.ttft_p99_s : slo.e2e_p99_s;
  if (!wait_bound || load.requests_per_s <= 0 || load.span_s <= 0) return "";
  const ReplicaLimits limits = EngineLimits(model);
  const double capacity = FleetCapacity(model, replicas, load);
  if (capacity <= 0 || load.requests_per_s < kPruneLoadFactor * capacity) return "";
  const double n = static_cast<double>(load.requests);
  const double served = kCapacitySlack * capacity;
  // Unserved at the last arrival, less those already running (they may have a first token).
  const double waiting = n - served * load.span_s - double(replicas) * limits.max_num_seqs;
  const double wait_s = (waiting - 0.01 * n) / served;
  if (wait_s <= *wait_bound) return "";
  return fmt::format(
      "cannot keep up: offered {:.3g} req/s, {:.2g}x the roofline capacity of {:.3g} req/s; the "
      "last 1% of requests would wait over {:.3g} s",
      load.requests_per_s, load.requests_per_s / capacity, capacity, wait_s);
}

}  // namespace plan
