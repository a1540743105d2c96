// Two tiers behind one target (scenario/hybrid_spec.h says what a scenario asks for).
//
// classify, a request arriving at t:
//   routed at t + router_latency to the tier the rule picks; its answer is that tier's, plus
//   router_cost_usd.
// cascade, a request arriving at t:
//   sent to the cheap tier at t. Each request draws whether it escalates (probability
//   escalate_fraction); a failed cheap answer always escalates. An escalated request is sent
//   to the expensive tier when the cheap answer has finished (+ router_latency, the check of
//   that answer), so its TTFT = cheap e2e + router_latency + expensive TTFT, and it pays both
//   tiers. Every request pays router_cost_usd once.
// One uniform draw per request, at arrival, from the hybrid's own stream: the draws do not
// depend on the order answers come back in.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario/hybrid_spec.h"
#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"
#include "util/rng.h"

namespace plan {

struct HybridConfig {
  HybridMode mode = HybridMode::kClassify;
  HybridRoute route = HybridRoute::kProbability;
  int32_t label_threshold = 1;
  double expensive_fraction = 0;
  int64_t input_tokens_over = 0;
  double escalate_fraction = 0;
  double offline_fraction = 0;  // classify: sent to the expensive tier whatever the route
  TimeNs router_latency_ns = 0;
  double router_cost_usd = 0;
};

struct HybridStats {
  int64_t requests = 0;
  int64_t to_cheap = 0;      // classify: routed to the cheap tier; cascade: every request
  int64_t to_expensive = 0;  // classify: routed; cascade: escalated
  int64_t escalated_after_failure = 0;  // cascade: escalations forced by a failed cheap answer
  int64_t offline = 0;                  // classify: sent to the expensive tier by offline_fraction
  double router_cost_usd = 0;
};

class HybridTarget : public Target, public TargetListener, public EventHandler {
 public:
  // REQUIRES: both tiers outlive this; this becomes their listener.
  HybridTarget(Simulation* sim, HybridConfig config, Target* cheap, Target* expensive, Rng rng);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  const HybridStats& stats() const { return stats_; }
  const HybridConfig& config() const { return config_; }

 private:
  struct Pending {
    uint64_t ticket = 0;
    Request request;
    bool expensive = false;  // classify: the tier chosen; cascade: escalating
    bool escalate = false;   // cascade: the draw
    double cost_usd = 0;     // charges so far (router, cheap tier)
    Completion cheap;        // cascade: the cheap answer, while the expensive one runs
  };
  bool RouteExpensive(const Request& r, double u) const;
  void Deliver(TimeNs now, uint32_t slot, Completion c);

  Simulation* sim_;
  HybridConfig config_;
  Target* cheap_;
  Target* expensive_;
  Rng rng_;
  SlotPool<Pending> slots_;
  HybridStats stats_;
};

}  // namespace plan
