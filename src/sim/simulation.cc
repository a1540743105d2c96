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

void Simulation::ScheduleLocal(TimeNs t, EventHandler* handler, uint32_t kind, uint64_t data) {
  assert(t >= now_);
  local_.push_back({t, next_seq_++, handler, data, kind, false});
  std::push_heap(local_.begin(), local_.end(), Later());
  ++foreground_;
}

int32_t Simulation::AddQuietSlot() {
  quiet_.push_back(kMaxTimeNs);
  return static_cast<int32_t>(quiet_.size() - 1);
}

TimeNs Simulation::QuietHorizonNs(int32_t slot) const {
  if (quiet_.size() > static_cast<size_t>(kMaxQuietSlots)) return next_event_ns();
  TimeNs horizon = heap_.empty() ? kMaxTimeNs : heap_.front().t;
  for (size_t i = 0; i < quiet_.size(); ++i)
    if (static_cast<int32_t>(i) != slot) horizon = std::min(horizon, quiet_[i]);
  return horizon;
}

uint64_t Simulation::Run() {
  uint64_t start = processed_;
  while (foreground_ > 0 && !stopped_) {
    // The earlier of the two heaps' fronts, in the one total order (time, then sequence).
    std::vector<Event>& from =
        !local_.empty() && (heap_.empty() || Later()(heap_.front(), local_.front())) ? local_
                                                                                     : heap_;
    // Past it, a time plus a duration could overflow int64.
    if (from.front().t > kMaxTimeNs) {
      overran_ = true;
      break;
    }
    std::pop_heap(from.begin(), from.end(), Later());
    Event e = from.back();
    from.pop_back();
    if (!e.background) --foreground_;
    now_ = e.t;
    ++processed_;
    e.handler->OnEvent(now_, e.kind, e.data);
  }
  return processed_ - start;
}

}  // namespace plan
