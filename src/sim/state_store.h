// A conversation-state store in front of a target: before a session's later turn (Request::turn
// >= 1) can be served, its state is read, and the read's latency holds the request back, so
// it adds to the turn's queueing time and TTFT. First turns and requests outside a session
// pass straight through. Read latencies are lognormal through the given p50 and p99
// (sigma = ln(p99 / p50) / z(0.99)), drawn in submission order from a seeded stream.
#pragma once

#include <cstdint>

#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"
#include "util/rng.h"

namespace plan {

class StateStoreTarget : public Target, public TargetListener, public EventHandler {
 public:
  // Sets itself as `inner`'s listener. REQUIRES: 0 < p50_ms <= p99_ms.
  StateStoreTarget(Simulation* sim, Target* inner, double p50_ms, double p99_ms, uint64_t seed);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  uint64_t reads() const { return reads_; }
  TimeNs read_ns() const { return read_ns_; }  // summed over reads

 private:
  struct Held {
    Request request;
    uint64_t ticket = 0;
  };

  Simulation* sim_;
  Target* inner_;
  double median_s_;
  double sigma_;
  Rng rng_;
  SlotPool<Held> held_;
  uint64_t reads_ = 0;
  TimeNs read_ns_ = 0;
};

}  // namespace plan
