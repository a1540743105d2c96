// A chain of targets tried in order until one answers (scenario/failover_spec.h).
//
// A request arriving at t goes to chain[0]. An attempt ends when its answer comes back, or
// when `timeout` passes first: the attempt is then abandoned (its answer, when it comes, is
// discarded, though its charges still count: abandoned_cost_usd). After a failed or
// abandoned attempt the same target is tried again up to `retries` times, then the next one,
// at once. When the chain is exhausted the request fails, or with a cached-response last
// resort it is answered at that instant by a stored generic reply at no cost (degraded; its
// its tier is `degraded_tier`).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"

namespace plan {

struct FailoverConfig {
  TimeNs timeout_ns = 0;  // 0 = none
  int32_t retries = 0;
  bool cached_last_resort = false;
  int16_t degraded_tier = 0;
};

struct FailoverStats {
  // Per chain position: attempts started, answers given (the request's final answer), failed
  // attempts and abandoned ones.
  std::vector<int64_t> attempts, answered, failures, timeouts;
  int64_t degraded = 0;      // answered by the cached-response last resort
  int64_t failed = 0;        // failed after the whole chain
  int64_t late_answers = 0;  // answers of abandoned attempts, discarded
  double abandoned_cost_usd = 0;
};

class FailoverTarget : public Target, public TargetListener, public EventHandler {
 public:
  // REQUIRES: !chain.empty(); every target outlives this; this becomes their listener.
  FailoverTarget(Simulation* sim, FailoverConfig config, std::vector<Target*> chain);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  const FailoverStats& stats() const { return stats_; }
  const FailoverConfig& config() const { return config_; }
  size_t chain_size() const { return chain_.size(); }

 private:
  struct Pending {
    uint64_t ticket = 0;
    Request request;
    int32_t position = 0;  // in the chain
    int32_t attempt = 0;   // at this position
    uint32_t serial = 0;   // of the live attempt; an answer with another serial is stale
    bool busy = false;
    double cost_usd = 0;
    int32_t preemptions = 0;
  };
  static uint64_t Key(uint32_t slot, uint32_t serial) { return (uint64_t{serial} << 32) | slot; }
  void Start(TimeNs now, uint32_t slot);
  void Next(TimeNs now, uint32_t slot);  // after a failed or abandoned attempt
  void Deliver(TimeNs now, uint32_t slot, const Completion& c);

  Simulation* sim_;
  FailoverConfig config_;
  std::vector<Target*> chain_;
  SlotPool<Pending> slots_;
  FailoverStats stats_;
};

}  // namespace plan
