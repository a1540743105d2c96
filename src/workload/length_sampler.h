// Draws token counts from a LengthDist; empirical ones resample a trace's column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/rng.h"
#include "util/status.h"
#include "workload/workload_spec.h"

namespace plan {

// Both length columns of a trace, row for row (rows kept by its reader, zeros raised to 1).
struct EmpiricalLengths {
  std::vector<int32_t> input;
  std::vector<int32_t> output;
};

// Reads `path` (format "" = detect) without needing its time column.
Result<std::shared_ptr<const EmpiricalLengths>> LoadEmpiricalLengths(const std::string& path,
                                                                     const std::string& format);

class LengthSampler {
 public:
  // REQUIRES: `empirical` is loaded when dist.kind is kEmpirical, and is not empty.
  LengthSampler(const LengthDist& dist, std::shared_ptr<const EmpiricalLengths> empirical);

  // One draw in [1, INT32_MAX].
  int32_t Draw(Rng& rng) const;
  // The empirical column this sampler resamples; nullptr for the parametric kinds.
  const std::vector<int32_t>* values() const { return values_; }

 private:
  LengthDist dist_;
  std::shared_ptr<const EmpiricalLengths> empirical_;
  const std::vector<int32_t>* values_ = nullptr;
};

}  // namespace plan
