// Anything a request can be sent to: a self-hosted fleet, an API offer, or a composite
// (hybrid, failover, multi-region) built from others. Completion comes back to the listener.
#pragma once

#include <cstdint>

#include "util/units.h"
#include "workload/request.h"

namespace plan {

struct Completion {
  TimeNs first_scheduled_ns = 0;  // work on it began (end of queueing)
  TimeNs first_token_ns = 0;      // first token leaves the target (0 output tokens: the result)
  TimeNs finish_ns = 0;           // last token leaves the target
  int32_t output_tokens = 0;      // tokens actually produced
  int32_t cached_input_tokens = 0;
  int32_t preemptions = 0;
  bool failed = false;
  int16_t replica = -1;  // the replica of a fleet that answered (Fleet reads it); -1: none did
  int16_t tier = 0;      // the tier of a composite that answered (arch/tier_tag.h); 0 otherwise
  double cost_usd = 0;   // per-request charges (API); fleets are priced by time
};

class TargetListener {
 public:
  virtual ~TargetListener() = default;
  virtual void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  // `r` is only valid during the call; the target copies what it needs. `ticket` is the
  // caller's handle, passed back in OnFinished.
  virtual void Submit(TimeNs now, const Request& r, uint64_t ticket) = 0;
  void set_listener(TargetListener* listener) { listener_ = listener; }

 protected:
  TargetListener* listener_ = nullptr;
};

}  // namespace plan
