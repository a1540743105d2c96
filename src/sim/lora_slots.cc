#include "sim/lora_slots.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace plan {

std::vector<double> PopularityCdf(int32_t adapters, double zipf_exponent) {
  std::vector<double> cdf(static_cast<size_t>(std::max(0, adapters)));
  double sum = 0;
  for (size_t i = 0; i < cdf.size(); ++i) {
    sum += std::pow(static_cast<double>(i + 1), -zipf_exponent);
    cdf[i] = sum;
  }
  for (double& c : cdf) c /= sum;
  if (!cdf.empty()) cdf.back() = 1;
  return cdf;
}

int32_t AdapterFor(const LoraConfig& c, uint64_t id, int32_t label) {
  if (c.from_label && label >= 0 && label < static_cast<int32_t>(c.cdf->size())) return label;
  // splitmix64 of (seed, id): independent of the order requests are seen in.
  uint64_t z = c.seed + (id + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  const double u = static_cast<double>(z >> 11) * 0x1.0p-53;
  const std::vector<double>& cdf = *c.cdf;
  auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  return static_cast<int32_t>(std::min<ptrdiff_t>(it - cdf.begin(), cdf.size() - 1));
}

LoraSlots::LoraSlots(const LoraConfig& c)
    : config_(c),
      gpu_(static_cast<size_t>(c.max_loras), -1),
      cpu_(static_cast<size_t>(c.max_cpu_loras), -1),
      gpu_used_(gpu_.size(), 0),
      cpu_used_(cpu_.size(), 0) {
  step_.reserve(gpu_.size());
}

bool LoraSlots::Fits(int32_t adapter) const {
  return static_cast<int32_t>(step_.size()) < config_.max_loras ||
         std::find(step_.begin(), step_.end(), adapter) != step_.end();
}

void LoraSlots::Use(int32_t adapter) {
  if (std::find(step_.begin(), step_.end(), adapter) == step_.end()) step_.push_back(adapter);
}

bool LoraSlots::Touch(std::vector<int32_t>& slots, std::vector<uint64_t>& used, int32_t adapter) {
  auto it = std::find(slots.begin(), slots.end(), adapter);
  const bool miss = it == slots.end();
  if (miss) {
    // The least recently used slot (an empty one has stamp 0), never one this step uses.
    size_t victim = 0;
    for (size_t i = 1; i < slots.size(); ++i)
      if (used[i] < used[victim]) victim = i;
    assert(used[victim] != now_);
    slots[victim] = adapter;
    it = slots.begin() + static_cast<ptrdiff_t>(victim);
  }
  used[static_cast<size_t>(it - slots.begin())] = now_;
  return miss;
}

TimeNs LoraSlots::Load() {
  assert(distinct() <= config_.max_loras);
  ++now_;
  TimeNs ns = 0;
  for (int32_t a : step_) {
    // The host cache (at least as large) holds whatever the GPU does: LRU keeps the most
    // recently used, so a miss on the host is a miss on the GPU too. A host holding every
    // adapter has them all from the start.
    if (config_.max_cpu_loras < config_.adapters && Touch(cpu_, cpu_used_, a)) {
      ++disk_loads_;
      ns += config_.disk_load_ns;
    }
    if (Touch(gpu_, gpu_used_, a)) {
      ++gpu_loads_;
      ns += config_.gpu_load_ns;
    }
  }
  return ns;
}

}  // namespace plan
