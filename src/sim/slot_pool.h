// Reusable slots for in-flight work: memory grows with concurrency, not with the number of
// requests ever seen. Slot indices are the tickets passed to and back from targets.
#pragma once

#include <cstdint>
#include <vector>

namespace plan {

template <typename T>
class SlotPool {
 public:
  // A free slot (its old contents kept, so vectors inside keep their capacity) or a new one.
  // May grow the pool: references into it are invalidated.
  uint32_t Acquire() {
    if (!free_.empty()) {
      uint32_t slot = free_.back();
      free_.pop_back();
      return slot;
    }
    items_.emplace_back();
    return static_cast<uint32_t>(items_.size() - 1);
  }
  void Release(uint32_t slot) { free_.push_back(slot); }

  T& operator[](uint32_t slot) { return items_[slot]; }
  const T& operator[](uint32_t slot) const { return items_[slot]; }

 private:
  std::vector<T> items_;
  std::vector<uint32_t> free_;
};

}  // namespace plan
