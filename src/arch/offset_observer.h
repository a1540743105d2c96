// Forwards a fleet's engine events to the candidate's observer with its replicas renumbered
// after those of the fleets built before it, so a composite's fleets never share a replica
// number. The sink may be set after the fleet is built (the collector is sized from the tree).
#pragma once

#include <cstdint>

#include "sim/observer.h"

namespace plan {

class OffsetObserver : public Observer {
 public:
  explicit OffsetObserver(int32_t offset) : offset_(offset) {}
  void set_sink(Observer* sink) { sink_ = sink; }

  void OnRequestDone(const RequestRecord& r) override {
    if (sink_) sink_->OnRequestDone(r);
  }
  void OnStep(const StepRecord& s) override {
    if (!sink_) return;
    StepRecord shifted = s;
    shifted.replica += offset_;
    sink_->OnStep(shifted);
  }
  void OnPreemption(int32_t replica, TimeNs t) override {
    if (sink_) sink_->OnPreemption(replica + offset_, t);
  }

 private:
  int32_t offset_;
  Observer* sink_ = nullptr;
};

}  // namespace plan
