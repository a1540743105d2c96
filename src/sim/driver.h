// Feeds a request stream into a target and reports every outcome to an observer. Only the
// next arrival is held ahead of time, and in-flight requests live in reused slots, so memory
// grows with concurrency, not with the length of the trace.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/observer.h"
#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"
#include "util/status.h"
#include "workload/request.h"

namespace plan {

struct DriverTotals {
  uint64_t submitted = 0;
  uint64_t completed = 0;
  uint64_t failed = 0;
  int64_t input_tokens = 0;          // of submitted requests
  int64_t output_tokens_asked = 0;   // of completed requests, as the workload asked
  int64_t output_tokens_served = 0;  // of completed requests, as the target produced
  TimeNs first_arrival_ns = 0;
  TimeNs last_finish_ns = 0;
  // When the workload's last request arrived, and how many requests (it included) were then
  // submitted but not yet finished: the backlog the target carried past the end of the arrivals.
  TimeNs last_arrival_ns = 0;
  uint64_t unfinished_at_last_arrival = 0;
  bool all_arrived = false;  // the last request has arrived (a stopped run may end before)
};

class Driver : public EventHandler, public TargetListener {
 public:
  // The driver sets itself as `target`'s listener.
  Driver(Simulation* sim, RequestSource* source, Target* target, Observer* observer);

  // Runs the whole simulation; then checks conservation (every request completed or failed,
  // tokens served = tokens asked) and returns a Runtime error if the books do not balance.
  // A run stopped early (Simulation::Stop) skips the conservation checks: requests remain.
  Status Run();
  const DriverTotals& totals() const { return totals_; }

  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;

 private:
  struct InFlight {
    uint64_t id = 0;
    TimeNs arrival_ns = 0;
    int32_t input_tokens = 0;
    int32_t output_tokens = 0;
    bool busy = false;
  };
  void PullNext();

  Simulation* sim_;
  RequestSource* source_;
  Target* target_;
  Observer* observer_;
  Request next_;
  bool has_next_ = false;
  SlotPool<InFlight> slots_;
  DriverTotals totals_;
};

}  // namespace plan
