// The discrete-event core: a clock in integer nanoseconds and a queue of events in a total
// order (time, then priority, then sequence number of scheduling), so runs are reproducible
// bit for bit.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "util/units.h"

namespace plan {

class EventHandler {
 public:
  virtual ~EventHandler() = default;
  // `kind` and `data` are whatever the handler passed to Schedule.
  virtual void OnEvent(TimeNs now, uint32_t kind, uint64_t data) = 0;
};

// Among events at the same instant, kNormal ones (arrivals, step completions) run before kLate
// ones (an idle engine deciding to start a step), so requests arriving together batch together.
enum class EventPriority : uint32_t { kNormal = 0, kLate = 1 };

class Simulation {
 public:
  TimeNs now() const { return now_; }
  // REQUIRES: t >= now().
  void Schedule(TimeNs t, EventHandler* handler, uint32_t kind, uint64_t data = 0,
                EventPriority priority = EventPriority::kNormal);
  // A background event (a spot interruption clock) runs in the same order as the others but
  // keeps nothing alive: Run stops once only background events are left.
  void ScheduleBackground(TimeNs t, EventHandler* handler, uint32_t kind, uint64_t data = 0);

  // Local events and quiet slots let an engine replica run ahead of the clock (Replica::
  // FuseDecodeSteps) past other replicas' steps. A local event (a replica's step ending) runs
  // in the same total order as the others, but its handler promises, through a quiet slot it
  // keeps up to date, a time before which nothing it does reaches outside itself (no request
  // finishes, nothing is submitted or reported but order-free step counts). Up to
  // kMaxQuietSlots slots; past that, QuietHorizonNs is just the next event.
  static constexpr int kMaxQuietSlots = 64;
  void ScheduleLocal(TimeNs t, EventHandler* handler, uint32_t kind, uint64_t data = 0);
  // A new slot, quiet forever until set. Its owner must outlive every Run.
  int32_t AddQuietSlot();
  void set_quiet_until(int32_t slot, TimeNs t) { quiet_[static_cast<size_t>(slot)] = t; }
  TimeNs quiet_until(int32_t slot) const { return quiet_[static_cast<size_t>(slot)]; }
  // Until when the owner of `slot` can run on undisturbed: the earliest event that is not
  // local, and the earliest time another slot's owner may act (kMaxTimeNs at most).
  TimeNs QuietHorizonNs(int32_t slot) const;
  // Runs events until only background ones are left, or until the next one lies past kMaxTimeNs
  // (then overran() is true and the rest stay queued). Returns the number processed.
  uint64_t Run();
  bool empty() const { return heap_.empty() && local_.empty(); }
  // When the earliest queued event is due (background and local ones included); kMaxTimeNs
  // when none.
  TimeNs next_event_ns() const {
    return std::min(heap_.empty() ? kMaxTimeNs : heap_.front().t,
                    local_.empty() ? kMaxTimeNs : local_.front().t);
  }
  bool overran() const { return overran_; }
  // Ends Run after the event being processed; the rest stay queued (a verdict settled early).
  void Stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }
  uint64_t events_processed() const { return processed_; }

 private:
  struct Event {
    TimeNs t;
    uint64_t seq;  // priority in the top bit, then scheduling order
    EventHandler* handler;
    uint64_t data;
    uint32_t kind;
    bool background;
  };
  // A function object, not a function pointer, so that the heap's sift loops inline it.
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.t != b.t ? a.t > b.t : a.seq > b.seq;
    }
  };
  std::vector<Event> heap_;
  std::vector<Event> local_;   // ScheduleLocal's, a heap of their own in the same order
  std::vector<TimeNs> quiet_;  // by slot
  TimeNs now_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t processed_ = 0;
  uint64_t foreground_ = 0;  // queued events that are not background
  bool overran_ = false;
  bool stopped_ = false;
};

}  // namespace plan
