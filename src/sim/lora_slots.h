// Multi-LoRA serving inside one replica, as vLLM schedules it (--enable-lora --max-loras
// --max-cpu-loras): each request names one of `adapters` adapters; a batch holds at most
// max_loras distinct ones (a waiting request whose adapter would be one too many is skipped
// until a later step); the GPU keeps max_loras adapters in slots and the host max_cpu_loras,
// both least recently used. A step whose batch needs an adapter not on the GPU first copies it
// host -> GPU (gpu_load_ns), and from disk first when the host does not hold it either
// (disk_load_ns); the step waits for the copies, as vLLM's synchronous load does.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "util/units.h"

namespace plan {

struct LoraConfig {
  bool enabled = false;
  int32_t adapters = 0;
  int32_t max_loras = 1;
  int32_t max_cpu_loras = 1;
  TimeNs gpu_load_ns = 0;   // one adapter, host -> GPU
  TimeNs disk_load_ns = 0;  // one adapter, disk -> host
  uint64_t seed = 0;
  // The trace's label column names the adapter (0-based) where it is one of them; other
  // requests draw from the popularity.
  bool from_label = false;
  // Cumulative popularity of adapters 0..adapters-1 (the last entry 1); shared by replicas.
  std::shared_ptr<const std::vector<double>> cdf;
};

// Adapter i drawn with weight 1 / (i + 1)^exponent; exponent 0 is uniform.
std::vector<double> PopularityCdf(int32_t adapters, double zipf_exponent);

// The adapter request `id` uses: its `label` when c.from_label and 0 <= label < adapters, else
// a draw from `c.cdf` by a hash of (seed, id), so a request keeps its adapter wherever and
// however often it is submitted.
int32_t AdapterFor(const LoraConfig& c, uint64_t id, int32_t label = -1);

class LoraSlots {
 public:
  explicit LoraSlots(const LoraConfig& c);

  void BeginStep() { step_.clear(); }
  // Whether a sequence of `adapter` may join the step: its adapter is already in it, or the
  // step has fewer than max_loras distinct adapters.
  bool Fits(int32_t adapter) const;
  void Use(int32_t adapter);
  int32_t distinct() const { return static_cast<int32_t>(step_.size()); }
  // Puts every adapter of the step on the GPU (evicting the least recently used others) and
  // returns the time the copies take. REQUIRES: distinct() <= max_loras.
  TimeNs Load();

  uint64_t gpu_loads() const { return gpu_loads_; }
  uint64_t disk_loads() const { return disk_loads_; }

 private:
  // Makes `adapter` resident in `slots`; true if it had to be loaded. Slots stamped `now_`
  // (used this step) are never evicted.
  bool Touch(std::vector<int32_t>& slots, std::vector<uint64_t>& used, int32_t adapter);

  LoraConfig config_;
  std::vector<int32_t> step_;       // distinct adapters of the step being built
  std::vector<int32_t> gpu_, cpu_;  // adapter per slot, -1 empty
  std::vector<uint64_t> gpu_used_, cpu_used_;
  uint64_t now_ = 0;  // step counter: the LRU clock
  uint64_t gpu_loads_ = 0, disk_loads_ = 0;
};

}  // namespace plan
