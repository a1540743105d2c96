// A self-hosted fleet: replicas behind a router, optionally autoscaled between a minimum and a
// maximum on outstanding requests per replica, with a cold start before a new replica serves.
// GPUs are paid from the moment a replica is requested until it is stopped.
//
// Spot capacity can be reclaimed: each replica that is up is interrupted at a constant rate
// (a Poisson process per replica, drawn from the fleet's own seeded stream). At the notice the
// replica stops taking requests; at the reclaim its requests, running and waiting, are sent
// again from scratch (KV lost) to the other replicas, or wait in the fleet for one, and a
// replacement takes its place after the replacement delay, paid from the reclaim on (like a
// cold start), so a fixed fleet is still paid for all its replicas over the whole run.
// Interruptions are background events: they never keep a finished simulation running.
//
// Serverless (ServerlessConfig, with autoscale enabled between 0 and the container cap): no
// periodic tick; a request that finds no ready container with a free slot (fewer than
// max_num_seqs in flight) waits in the fleet, and starts a container at once when the
// containers already starting cannot take it; each container stops once it has been idle
// for the idle timeout. A container is paid from its start until it stops, at least the
// minimum billed time per start. A container still up when the run ends is paid until its
// idle timeout would have stopped it (no request comes after the last).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <deque>

#include "sim/replica.h"
#include "sim/router.h"
#include "util/rng.h"

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

struct ServerlessConfig {
  bool enabled = false;
  TimeNs idle_timeout_ns = 0;  // idle this long, a container stops (0: at once)
  TimeNs min_billed_ns = 0;    // paid at least this long per container start
};

struct InterruptionConfig {
  bool enabled = false;
  double rate_per_replica_hour = 0;  // reclaims per hour a replica is up (mean gap 1/rate)
  TimeNs notice_ns = 0;              // warning before the reclaim; no new requests meanwhile
  TimeNs replacement_ns = 0;         // reclaim to the replacement serving
  uint64_t seed = 0;                 // the fleet's own stream
};

// What interruptions did over a run.
struct InterruptionStats {
  uint64_t interruptions = 0;
  ReclaimLoss lost;  // requests re-sent, tokens and engine time thrown away
};

struct FleetConfig {
  int32_t replicas = 1;  // at start (autoscaling: clamped into [min, max])
  int32_t gpus_per_replica = 1;
  ReplicaConfig replica;
  RoutePolicy policy = RoutePolicy::kLeastOutstanding;
  AutoscaleConfig autoscale;
  InterruptionConfig interruptions;
  ServerlessConfig serverless;  // needs autoscale enabled; not with interruptions
  // Enabled: dedicated fine-tunes, replica i serving adapter i only; every request goes to
  // replica AdapterFor(id) whatever `policy` says. Needs replicas == adapters, no autoscaling
  // or interruptions.
  LoraConfig route_by_adapter;
};

class Fleet : public Target, public TargetListener, public EventHandler {
 public:
  Fleet(Simulation* sim, const FleetConfig& config, const StepTimer* timer, Observer* observer);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  // Its replicas, those to come included, report to `observer` (may be null), numbered from
  // `first_replica` (the fleet's place among a tree's replicas): each step goes straight to
  // the collector, with no adapter in between.
  void SetObserver(Observer* observer, int32_t first_replica);

  // GPU-seconds paid for from t=0 until `end` (replicas still up are counted up to `end`;
  // serverless: see above).
  double GpuSeconds(TimeNs end) const;
  int32_t peak_replicas() const { return peak_replicas_; }
  int32_t replicas_created() const { return static_cast<int32_t>(replicas_.size()); }
  TimeNs busy_ns() const;  // summed over replicas
  uint64_t preemptions() const;
  uint64_t rejected_over_context() const;  // summed over replicas (Replica's)
  uint64_t rejected_over_kv() const;
  uint64_t finished() const { return finished_; }  // requests answered (failed ones included)
  uint64_t lora_loads() const;                     // summed over replicas (Replica's)
  uint64_t lora_disk_loads() const;
  double kv_peak_fraction() const;
  int32_t outstanding() const;
  const Replica& replica(int32_t i) const { return *replicas_[i]->engine; }
  // Its replicas' envelopes together: the most seats and blocks any asked for, exact if all
  // were (RunEnvelope).
  RunEnvelope envelope() const;
  // Whether this fleet, not yet run, would have run `ran`'s very steps: both are fixed fleets of
  // as many replicas (no autoscaling, serverless, interruptions or LoRA), alike but for
  // max_num_seqs and KV capacity, and `ran`'s envelope fits both. If so, each replica takes on
  // its counterpart's counts (Replica::AdoptRun), and true.
  bool AdoptRun(const Fleet& ran);
  const InterruptionStats& interruption_stats() const { return interruption_stats_; }
  // Reclaim times, for tests and reports.
  const std::vector<TimeNs>& reclaim_log() const { return reclaim_log_; }
  // Scale events as (time, replicas provisioned after it), for tests and reports.
  const std::vector<std::pair<TimeNs, int32_t>>& scale_log() const { return scale_log_; }

 private:
  enum class State { kStarting, kReady, kDraining, kStopped };
  struct Member {
    std::unique_ptr<Replica> engine;
    State state = State::kStarting;
    TimeNs provisioned_ns = 0;
    TimeNs stopped_ns = -1;
    uint32_t generation = 0;   // bumped at a reclaim or stop: older interruption events are stale
    TimeNs idle_since_ns = 0;  // serverless: when its last request finished (or it came up)
  };
  void AddReplica(TimeNs now, bool ready);
  void Stop(TimeNs now, int32_t i);
  void Tick(TimeNs now);
  // Serverless: after an arrival waits, starts a container if those starting cannot take it.
  void ScaleUpForPending(TimeNs now);
  // Serverless: sends waiting requests to ready containers with a free slot.
  void DrainPending(TimeNs now);
  void ArmIdle(TimeNs now, int32_t i);
  void Idle(TimeNs now, int32_t i);
  bool HasRoom() const;
  void ArmTick(TimeNs now);
  // Sends `r` to an eligible replica, or holds it until one is ready.
  void Route(TimeNs now, const Request& r, uint64_t ticket);
  void ArmInterruption(TimeNs now, int32_t i);
  void Notice(TimeNs now, int32_t i);
  void Reclaim(TimeNs now, int32_t i);
  uint64_t Key(int32_t i) const {
    return static_cast<uint64_t>(replicas_[i]->generation) << 32 | static_cast<uint32_t>(i);
  }

  Simulation* sim_;
  FleetConfig config_;
  const StepTimer* timer_;
  Observer* observer_;
  int32_t first_replica_ = 0;
  uint64_t finished_ = 0;
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
  Rng rng_;
  struct Pending {
    uint64_t ticket = 0;
    Request request;
  };
  std::deque<Pending> pending_;   // no replica eligible when they came
  std::vector<Evicted> evicted_;  // reused at each reclaim
  InterruptionStats interruption_stats_;
  std::vector<TimeNs> reclaim_log_;
};

}  // namespace plan
