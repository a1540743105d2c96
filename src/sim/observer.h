// What the simulator tells the outside world. The simulator never prints or aggregates: it
// reports each finished request and each engine step here, and metrics/ listens.
#pragma once

#include <cstdint>

#include "util/units.h"

namespace plan {

struct RequestRecord {
  uint64_t id = 0;
  TimeNs arrival_ns = 0;
  TimeNs first_token_ns = 0;  // at the user, network included
  TimeNs finish_ns = 0;       // last token at the user
  TimeNs queue_ns = 0;        // arrival to first scheduled (prefill start)
  int32_t input_tokens = 0;
  int32_t output_tokens = 0;
  int32_t cached_input_tokens = 0;  // prompt tokens served from a prefix cache
  int32_t preemptions = 0;
  bool failed = false;
  int16_t tier = 0;      // the tier of a composite that answered it (Completion::tier)
  int16_t replica = -1;  // the replica of a fleet that answered it; -1: none did
  double cost_usd = 0;   // per-request cost (API targets); fleets are priced by time
};

struct StepRecord {
  int32_t replica = 0;
  TimeNs start_ns = 0;
  TimeNs duration_ns = 0;
  int32_t prefill_tokens = 0;
  int32_t decode_tokens = 0;
  int32_t running_seqs = 0;
  double kv_used_fraction = 0;
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void OnRequestDone(const RequestRecord& r) = 0;
  // Steps and preemptions come in each replica's own order, but a replica running its decode
  // steps ahead (Replica::FuseDecodeSteps) reports them before other replicas' earlier ones:
  // what listens must not depend on the order across replicas.
  virtual void OnStep(const StepRecord& s) {}
  // False for an observer that only sums steps: a replica running decode steps ahead then
  // reports each run of them once, through OnDecodeSteps, not step by step. Asked once, when
  // the replica is given the observer.
  virtual bool wants_each_step() const { return true; }
  // `steps` pure decode steps of `replica` in a row, `duration_ns` in all; the cache's use at
  // the last (it only grows over such a run). Only for an observer not wanting each step.
  virtual void OnDecodeSteps(int32_t replica, int64_t steps, TimeNs duration_ns,
                             double kv_used_fraction) {}
  virtual void OnPreemption(int32_t replica, TimeNs t) {}
};

}  // namespace plan
