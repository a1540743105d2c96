// One engine step's time, kernel by kernel: what `plan roofline` prints and calibration reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plan {

// One kind of kernel, summed over its occurrences in the step (e.g. once per layer). FLOPs and
// bytes are those of one GPU in each pipeline stage the step passes through: the critical path.
struct KernelCost {
  std::string name;
  int64_t count = 0;  // occurrences in the step (layers, all-reduces, ...)
  double flops = 0;
  double bytes = 0;       // HBM traffic, or link traffic for "link" kernels
  double time_s = 0;      // roofline time plus overhead_s
  double overhead_s = 0;  // launch overhead included in time_s
  std::string bound;      // "compute" | "memory" | "link" | "overhead"
};

struct StepBreakdown {
  std::vector<KernelCost> kernels;  // in execution order; kernels with no work are left out
  double time_s = 0;                // sum of kernels[i].time_s, in order
  // Which of compute / memory / link / overhead (launches plus the per-step overhead) takes the
  // most time; "" for an empty step.
  std::string bound;
  double flops() const;      // sum over kernels
  double hbm_bytes() const;  // sum over kernels, link transfers left out
};

}  // namespace plan
