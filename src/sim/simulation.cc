#include "sim/simulation.h"

#include <algorithm>
#include <cassert>

namespace plan {

void Simulation::Schedule(TimeNs t, EventHandler* handler, uint32_t kind, uint64_t data,
                          EventPriority priority) {
  assert(t >= now_);
  uint64_t order = next_seq_++ | (static_cast<uint64_t>(priority) << 63);
  heap_.push_back({t, order, handler, data, kind, false});
  std::push_heap(heap_.begin(), heap_.end(), Later());
  ++foreground_;
}

void Simulation::ScheduleBackground(TimeNs t, EventHandler* handler, uint32_t kind, uint64_t data) {
  assert(t >= now_);
  heap_.push_back({t, next_seq_++, handler, data, kind, true});
  std::push_heap(heap_.begin(), heap_.end(), Later());
}

uint64_t Simulation::Run() {
  uint64_t start = processed_;
  while (foreground_ > 0 && !stopped_) {
    // Past it, a time plus a duration could overflow int64.
    if (heap_.front().t > kMaxTimeNs) {
      overran_ = true;
      break;
    }
    std::pop_heap(heap_.begin(), heap_.end(), Later());
    Event e = heap_.back();
    heap_.pop_back();
    if (!e.background) --foreground_;
    now_ = e.t;
    ++processed_;
    e.handler->OnEvent(now_, e.kind, e.data);
  }
  return processed_ - start;
}

}  // namespace plan
