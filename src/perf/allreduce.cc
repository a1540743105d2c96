#include "perf/allreduce.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace plan {

const char* AllReduceAlgorithmName(AllReduceAlgorithm a) {
  switch (a) {
    case AllReduceAlgorithm::kOneShot:
      return "one-shot";
    case AllReduceAlgorithm::kTwoShot:
      return "two-shot";
    case AllReduceAlgorithm::kRing:
      return "ring";
  }
  return "ring";
}

int AllReduceCosts(const GpuSpec& gpu, bool custom, int gpus, AllReduceCost out[3]) {
  assert(gpus >= 2 && gpu.link_bandwidth_bytes_per_s > 0);
  const Interconnect& ic = gpu.interconnect;
  const double n = gpus;
  const double s_per_byte = 1.0 / (gpu.link_bandwidth_bytes_per_s * ic.efficiency *
                                   std::pow(2.0 / n, ic.scaling_exponent));
  int count = 0;
  out[count++] = {AllReduceAlgorithm::kRing,
                  ic.nccl_base_latency_s + 2 * (n - 1) * ic.nccl_latency_s,
                  2 * (n - 1) / n * s_per_byte};
  if (custom && (ic.custom_max_gpus == 0 || gpus <= ic.custom_max_gpus)) {
    out[count++] = {AllReduceAlgorithm::kOneShot, ic.custom_latency_s, (n - 1) * s_per_byte};
    out[count++] = {AllReduceAlgorithm::kTwoShot, 2 * ic.custom_latency_s,
                    2 * (n - 1) / n * s_per_byte};
  }
  return count;
}

double AllReduceTimeS(const GpuSpec& gpu, bool custom, int gpus, double bytes,
                      AllReduceAlgorithm* chosen) {
  AllReduceCost costs[3];
  const int count = AllReduceCosts(gpu, custom, gpus, costs);
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < count; ++i) {
    const double t = costs[i].fixed_s + costs[i].s_per_byte * bytes;
    if (t < best) {
      best = t;
      if (chosen) *chosen = costs[i].algorithm;
    }
  }
  return best;
}

}  // namespace plan
