// The time of one tensor-parallel all-reduce on a GPU's scale-up link (issue 10):
//   time = latency x algorithm steps + bytes on the busiest link / (link bandwidth x efficiency)
// for each algorithm the engine may use, the cheapest winning (engines pick by message size):
//   one-shot (custom kernel): 1 step,      every rank reads all n-1 peers' buffers: (n-1) S
//   two-shot (custom kernel): 2 steps,     reduce-scatter + all-gather:             2(n-1)/n S
//   ring (NCCL):              a base + 2(n-1) steps, the traffic of two-shot:        2(n-1)/n S
// S = the bytes each rank contributes; the link bandwidth per GPU scales by
// (2/n)^scaling_exponent for n GPUs (shared PCIe uplinks, or in-switch reduction). Latencies and
// efficiency come from the GPU's Interconnect (fitted to catalog/evidence/allreduce.csv); custom
// kernels need an engine that has them and at most interconnect.custom_max_gpus GPUs (PCIe).
#pragma once

#include "catalog/gpu_spec.h"

namespace plan {

enum class AllReduceAlgorithm { kOneShot = 0, kTwoShot, kRing };
const char* AllReduceAlgorithmName(AllReduceAlgorithm a);

// One algorithm's time as a line in the message size: fixed_s + s_per_byte x S.
struct AllReduceCost {
  AllReduceAlgorithm algorithm = AllReduceAlgorithm::kRing;
  double fixed_s = 0;
  double s_per_byte = 0;
};

// The algorithms available for `gpus` GPUs (ring always; one- and two-shot when `custom`
// kernels may run); returns how many were written to `out`. REQUIRES: gpus >= 2, the GPU has a
// link bandwidth.
int AllReduceCosts(const GpuSpec& gpu, bool custom, int gpus, AllReduceCost out[3]);

// The cheapest available algorithm's time for `bytes` per rank; `chosen` (optional) says which.
double AllReduceTimeS(const GpuSpec& gpu, bool custom, int gpus, double bytes,
                      AllReduceAlgorithm* chosen = nullptr);

}  // namespace plan
