// Users in regions sent to deployments in regions (scenario/multi_region_spec.h).
//
// Each request gets a user region: drawn from the shares (the router's own stream, one draw
// per request), or the trace's region index (missing or out of range: the first region,
// counted). Only deployments residency allows are candidates; with none the request fails at
// once. Routing picks among them:
//   nearest         the lowest round trip (ties: the first listed);
//   lowest_latency  the lowest round trip + the deployment's expected TTFT: its recent TTFT
//                   (an exponentially weighted mean over its answers, weight
//                   kLatencyEwmaWeight, starting from prior_ttft_s) x (requests in flight
//                   there + 1), the "peak EWMA" load balancer of Finagle and Linkerd, so a
//                   loaded deployment sheds traffic to a farther idle one;
//   failover        the nearest deployment not marked down; a failed answer marks its
//                   deployment down for health_check and the request moves to the next
//                   nearest allowed deployment it has not tried.
// The user-to-deployment round trip is added here for every deployment, API or self-hosted:
// the request reaches the deployment rtt/2 after it is sent, and answers reach the user
// rtt - rtt/2 after they leave it (API targets under a router are built with no RTT of
// their own, so nothing is counted twice).
#pragma once

#include <cstdint>
#include <vector>

#include "scenario/multi_region_spec.h"
#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"
#include "util/rng.h"

namespace plan {

// Weight of the newest answer in a deployment's TTFT mean (lowest_latency routing): about the
// last ten answers matter. A planning choice, not a measured one.
inline constexpr double kLatencyEwmaWeight = 0.2;

struct RegionRouterConfig {
  std::vector<double> user_shares;  // used when !users_from_trace; sums to 1
  bool users_from_trace = false;
  int32_t users = 0;
  std::vector<std::vector<TimeNs>> rtt_ns;  // [user][deployment]; < 0: residency forbids it
  RegionRouting routing = RegionRouting::kNearest;
  TimeNs health_check_ns = 0;
  // lowest_latency: each deployment's TTFT estimate before its first answer; empty = all 0.
  std::vector<double> prior_ttft_s;
};

struct RegionRouterStats {
  std::vector<std::vector<int64_t>> answered;  // [user][deployment]
  std::vector<int64_t> requests;               // per user region
  std::vector<int64_t> refused;                // per user: no deployment allowed
  std::vector<int64_t> failed;                 // per user: failed where it was sent
  int64_t unknown_region = 0;                  // trace regions taken as the first region
  int64_t failovers = 0;                       // moves to another deployment
};

class RegionRouter : public Target, public TargetListener, public EventHandler {
 public:
  // REQUIRES: one target per deployment (the columns of rtt_ns), each outliving this.
  RegionRouter(Simulation* sim, RegionRouterConfig config, std::vector<Target*> deployments,
               Rng rng);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  const RegionRouterStats& stats() const { return stats_; }
  const RegionRouterConfig& config() const { return config_; }

 private:
  struct Pending {
    uint64_t ticket = 0;
    Request request;
    int32_t user = 0;
    int32_t deployment = -1;
    std::vector<char> tried;
    TimeNs sent_ns = 0;  // arrival at the deployment
    double cost_usd = 0;
    Completion done;
  };
  int32_t Choose(const Pending& p, TimeNs now) const;
  void SendTo(TimeNs now, uint32_t slot, int32_t deployment, TimeNs already_ns);

  Simulation* sim_;
  RegionRouterConfig config_;
  std::vector<Target*> deployments_;
  Rng rng_;
  SlotPool<Pending> slots_;
  std::vector<double> ttft_ewma_s_;
  std::vector<int64_t> outstanding_;  // sent to each deployment, not yet answered
  std::vector<TimeNs> down_until_ns_;
  RegionRouterStats stats_;
};

}  // namespace plan
