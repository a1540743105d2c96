// A self-hosted fleet: replicas behind a router, optionally autoscaled between a minimum and a
// maximum on outstanding requests per replica, with a cold start before a new replica serves.
// GPUs are paid from the moment a replica is requested until it is stopped.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/replica.h"
#include "sim/router.h"

namespace plan {

struct AutoscaleConfig {
  bool enabled = false;
  int32_t min_replicas = 1;
  int32_t max_replicas = 1;
  TimeNs interval_ns = 10 * kNsPerS;
  double scale_up_outstanding = 32;   // per ready replica, above which one is added
  double scale_down_outstanding = 4;  // per ready replica, below which one drains
  TimeNs cold_start_ns = 120 * kNsPerS;
};

struct FleetConfig {
  int32_t replicas = 1;  // at start (autoscaling: clamped into [min, max])
  int32_t gpus_per_replica = 1;
  ReplicaConfig replica;
  RoutePolicy policy = RoutePolicy::kLeastOutstanding;
  AutoscaleConfig autoscale;
};

class Fleet : public Target, public TargetListener, public EventHandler {
 public:
  Fleet(Simulation* sim, const FleetConfig& config, const StepTimer* timer, Observer* observer);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  // GPU-seconds paid for from t=0 until `end` (replicas still up are counted up to `end`).
  double GpuSeconds(TimeNs end) const;
  int32_t peak_replicas() const { return peak_replicas_; }
  int32_t replicas_created() const { return static_cast<int32_t>(replicas_.size()); }
  TimeNs busy_ns() const;  // summed over replicas
  uint64_t preemptions() const;
  uint64_t rejected_over_context() const;  // summed over replicas (Replica's)
  uint64_t rejected_over_kv() const;
  double kv_peak_fraction() const;
  int32_t outstanding() const;
  const Replica& replica(int32_t i) const { return *replicas_[i]->engine; }
  // Scale events as (time, replicas provisioned after it), for tests and reports.
  const std::vector<std::pair<TimeNs, int32_t>>& scale_log() const { return scale_log_; }

 private:
  enum class State { kStarting, kReady, kDraining, kStopped };
  struct Member {
    std::unique_ptr<Replica> engine;
    State state = State::kStarting;
    TimeNs provisioned_ns = 0;
    TimeNs stopped_ns = -1;
  };
  void AddReplica(TimeNs now, bool ready);
  void Stop(TimeNs now, int32_t i);
  void Tick(TimeNs now);
  void ArmTick(TimeNs now);

  Simulation* sim_;
  FleetConfig config_;
  const StepTimer* timer_;
  Observer* observer_;
  Router router_;
  std::vector<std::unique_ptr<Member>> replicas_;
  // Per replica, kept up to date as requests come and go and replicas change state, so that
  // routing a request costs one pass over two flat arrays, not a visit to every replica.
  std::vector<int32_t> outstanding_;
  std::vector<char> eligible_;   // ready (not starting, draining or stopped)
  std::vector<int32_t> cached_;  // prefix blocks each replica holds, for prefix affinity
  bool tick_armed_ = false;
  int32_t provisioned_ = 0;  // replicas not stopped (starting, ready or draining)
  int32_t peak_replicas_ = 0;
  std::vector<std::pair<TimeNs, int32_t>> scale_log_;
};

}  // namespace plan
