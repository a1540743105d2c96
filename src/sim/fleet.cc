#include "sim/fleet.h"

#include <algorithm>
#include <cassert>

namespace plan {

namespace {
constexpr uint32_t kTick = 1;
constexpr uint32_t kReady = 2;
constexpr uint32_t kNotice = 3;
constexpr uint32_t kReclaim = 4;
constexpr uint32_t kIdle = 5;
constexpr uint64_t kIndexMask = 0xffffffffull;
}  // namespace

Fleet::Fleet(Simulation* sim, const FleetConfig& config, const StepTimer* timer, Observer* observer)
    : sim_(sim),
      config_(config),
      timer_(timer),
      observer_(observer),
      router_(config.policy, config.route_by_adapter),
      rng_(config.interruptions.seed) {
  config_.replica.track_work = config.interruptions.enabled;  // Reclaim reads it
  int32_t initial = config.replicas;
  if (config.autoscale.enabled)
    initial = std::clamp(initial, config.autoscale.min_replicas, config.autoscale.max_replicas);
  for (int32_t i = 0; i < initial; ++i) AddReplica(0, /*ready=*/true);
  for (int32_t i = 0; i < initial; ++i) ArmInterruption(0, i);
  for (int32_t i = 0; i < initial; ++i) ArmIdle(0, i);
}

void Fleet::SetObserver(Observer* observer, int32_t first_replica) {
  observer_ = observer;
  first_replica_ = first_replica;
  for (size_t i = 0; i < replicas_.size(); ++i)
    replicas_[i]->engine->set_observer(observer, first_replica + static_cast<int32_t>(i));
}

void Fleet::AddReplica(TimeNs now, bool ready) {
  auto m = std::make_unique<Member>();
  int32_t index = static_cast<int32_t>(replicas_.size());
  m->engine = std::make_unique<Replica>(sim_, index, config_.replica, timer_, observer_);
  m->engine->set_observer(observer_, first_replica_ + index);
  m->engine->set_listener(this);
  m->state = ready ? State::kReady : State::kStarting;
  m->provisioned_ns = now;
  replicas_.push_back(std::move(m));
  ++provisioned_;
  outstanding_.push_back(0);
  eligible_.push_back(ready ? 1 : 0);
  if (!ready) sim_->Schedule(now + config_.autoscale.cold_start_ns, this, kReady, Key(index));
  peak_replicas_ = std::max(peak_replicas_, provisioned_);
  scale_log_.emplace_back(now, provisioned_);
}

void Fleet::Stop(TimeNs now, int32_t i) {
  Member& m = *replicas_[i];
  assert(m.engine->outstanding() == 0);
  m.state = State::kStopped;
  m.stopped_ns = now;
  ++m.generation;
  --provisioned_;
  scale_log_.emplace_back(now, provisioned_);
}

void Fleet::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  Route(now, r, ticket);
  const AutoscaleConfig& a = config_.autoscale;
  if (config_.serverless.enabled) return ScaleUpForPending(now);
  // Scaled to zero: the arrival starts a replica now rather than at the next tick, whose
  // per-replica load rule would wait for more requests.
  if (a.enabled && provisioned_ == 0 && a.max_replicas > 0) AddReplica(now, /*ready=*/false);
  ArmTick(now);
}

void Fleet::ScaleUpForPending(TimeNs now) {
  if (pending_.empty()) return;
  int64_t starting = 0;
  for (const auto& m : replicas_) starting += m->state == State::kStarting;
  const int64_t slots = config_.replica.max_num_seqs;
  while (static_cast<int64_t>(pending_.size()) > starting * slots &&
         provisioned_ < config_.autoscale.max_replicas) {
    AddReplica(now, /*ready=*/false);
    ++starting;
  }
}

bool Fleet::HasRoom() const {
  return std::find(eligible_.begin(), eligible_.end(), 1) != eligible_.end();
}

void Fleet::DrainPending(TimeNs now) {
  while (!pending_.empty() && HasRoom()) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    Route(now, p.request, p.ticket);
  }
}

void Fleet::ArmIdle(TimeNs now, int32_t i) {
  if (!config_.serverless.enabled) return;
  replicas_[i]->idle_since_ns = now;
  // Background: an idle container never keeps a finished run going (GpuSeconds bills the tail).
  sim_->ScheduleBackground(now + config_.serverless.idle_timeout_ns, this, kIdle, Key(i));
}

void Fleet::Idle(TimeNs now, int32_t i) {
  Member& m = *replicas_[i];
  // Stale when a request came (and maybe went) since the timer was armed.
  if (m.state != State::kReady || m.engine->outstanding() != 0 ||
      now - m.idle_since_ns < config_.serverless.idle_timeout_ns)
    return;
  eligible_[i] = 0;
  Stop(now, i);
}

void Fleet::Route(TimeNs now, const Request& r, uint64_t ticket) {
  if (!HasRoom()) {
    pending_.push_back({ticket, r});
    return;
  }
  const size_t n = replicas_.size();
  cached_.clear();
  if (config_.policy == RoutePolicy::kPrefixAffinity && !r.prefix_hashes.empty()) {
    cached_.resize(n);
    for (size_t i = 0; i < n; ++i)
      cached_[i] = replicas_[i]->engine->kv().PeekPrefix(
          r.prefix_hashes.data(), static_cast<int32_t>(r.prefix_hashes.size()));
  }
  int32_t chosen = router_.Choose(r, outstanding_, eligible_, cached_);
  ++outstanding_[chosen];  // before Submit: a request refused at once finishes inside it
  // Serverless: a container with every slot taken takes no more (the next one waits).
  if (config_.serverless.enabled && outstanding_[chosen] >= config_.replica.max_num_seqs)
    eligible_[chosen] = 0;
  replicas_[chosen]->engine->Submit(now, r, ticket);
  assert(outstanding_[chosen] == replicas_[chosen]->engine->outstanding());
}

void Fleet::ArmInterruption(TimeNs now, int32_t i) {
  const InterruptionConfig& c = config_.interruptions;
  if (!c.enabled || c.rate_per_replica_hour <= 0) return;
  const TimeNs at = now + SecondsToNs(rng_.Exponential(kSecondsPerHour / c.rate_per_replica_hour));
  if (at >= kMaxTimeNs) return;
  sim_->ScheduleBackground(std::max(now, at - c.notice_ns), this, kNotice, Key(i));
}

void Fleet::Notice(TimeNs now, int32_t i) {
  eligible_[i] = 0;
  if (config_.interruptions.notice_ns == 0) return Reclaim(now, i);
  // From here the reclaim and the replacement happen: they keep the simulation running.
  sim_->Schedule(now + config_.interruptions.notice_ns, this, kReclaim, Key(i));
}

void Fleet::Reclaim(TimeNs now, int32_t i) {
  Member& m = *replicas_[i];
  evicted_.clear();
  m.engine->Reclaim(now, &evicted_, &interruption_stats_.lost);
  ++interruption_stats_.interruptions;
  reclaim_log_.push_back(now);
  outstanding_[i] = 0;
  eligible_[i] = 0;
  if (m.state == State::kDraining) {
    Stop(now, i);
  } else {
    ++m.generation;
    m.state = State::kStarting;
    sim_->Schedule(now + config_.interruptions.replacement_ns, this, kReady, Key(i));
  }
  for (const Evicted& e : evicted_) Route(now, e.request, e.ticket);
}

void Fleet::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  Member& m = *replicas_[c.replica];
  ++finished_;
  // The engine's own count, not a decrement: a step that finishes several requests drops them
  // all before it tells us of the first, and a container may take a waiting request in between.
  outstanding_[c.replica] = m.engine->outstanding();
  if (m.state == State::kDraining && m.engine->outstanding() == 0) Stop(now, c.replica);
  const bool serverless = config_.serverless.enabled && m.state == State::kReady;
  if (serverless) {
    eligible_[c.replica] = 1;
    if (m.engine->outstanding() == 0) ArmIdle(now, c.replica);
  }
  if (listener_) listener_->OnFinished(now, ticket, c);
  if (serverless) DrainPending(now);
}

void Fleet::ArmTick(TimeNs now) {
  if (!config_.autoscale.enabled || config_.serverless.enabled || tick_armed_) return;
  tick_armed_ = true;
  sim_->Schedule(now + config_.autoscale.interval_ns, this, kTick);
}

void Fleet::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  const int32_t i = static_cast<int32_t>(data & kIndexMask);
  if (kind != kTick && data != Key(i)) return;  // the replica was stopped or reclaimed since
  if (kind == kReady) {
    Member& m = *replicas_[i];
    if (m.state != State::kStarting) return;
    m.state = State::kReady;
    eligible_[i] = 1;
    ArmInterruption(now, i);
    DrainPending(now);
    if (m.engine->outstanding() == 0) ArmIdle(now, i);
    return;
  }
  if (kind == kIdle) return Idle(now, i);
  if (kind == kNotice) return Notice(now, i);
  if (kind == kReclaim) return Reclaim(now, i);
  tick_armed_ = false;
  Tick(now);
}

void Fleet::Tick(TimeNs now) {
  const AutoscaleConfig& a = config_.autoscale;
  int32_t ready = 0, starting = 0, load = 0;
  for (const auto& m : replicas_) {
    ready += m->state == State::kReady;
    starting += m->state == State::kStarting;
    load += m->engine->outstanding();
  }
  load += static_cast<int32_t>(pending_.size());
  double per_replica = static_cast<double>(load) / std::max(1, ready);
  if (per_replica > a.scale_up_outstanding && ready + starting < a.max_replicas) {
    AddReplica(now, /*ready=*/false);
  } else if (per_replica < a.scale_down_outstanding && ready > a.min_replicas && starting == 0) {
    // Drain the least loaded ready replica (the newest on ties): it takes no new requests.
    int32_t pick = -1;
    for (int32_t i = 0; i < static_cast<int32_t>(replicas_.size()); ++i) {
      const Member& m = *replicas_[i];
      if (m.state != State::kReady) continue;
      if (pick < 0 || m.engine->outstanding() <= replicas_[pick]->engine->outstanding()) pick = i;
    }
    replicas_[pick]->state = State::kDraining;
    eligible_[pick] = 0;
    if (replicas_[pick]->engine->outstanding() == 0) Stop(now, pick);
  }
  if (load > 0 || ready + starting > a.min_replicas) ArmTick(now);
}

double Fleet::GpuSeconds(TimeNs end) const {
  const ServerlessConfig& s = config_.serverless;
  double total_ns = 0;
  for (const auto& m : replicas_) {
    TimeNs until = m->state == State::kStopped ? m->stopped_ns : end;
    if (s.enabled && m->state == State::kReady && m->engine->outstanding() == 0)
      until = std::max(until, m->idle_since_ns + s.idle_timeout_ns);
    TimeNs up = std::max<TimeNs>(0, until - m->provisioned_ns);
    if (s.enabled) up = std::max(up, s.min_billed_ns);
    total_ns += static_cast<double>(up);
  }
  return total_ns * 1e-9 * config_.gpus_per_replica;
}

TimeNs Fleet::busy_ns() const {
  TimeNs t = 0;
  for (const auto& m : replicas_) t += m->engine->busy_ns();
  return t;
}

uint64_t Fleet::preemptions() const {
  uint64_t n = 0;
  for (const auto& m : replicas_) n += m->engine->preemptions();
  return n;
}

uint64_t Fleet::rejected_over_context() const {
  uint64_t n = 0;
  for (const auto& m : replicas_) n += m->engine->rejected_over_context();
  return n;
}

uint64_t Fleet::lora_loads() const {
  uint64_t n = 0;
  for (const auto& m : replicas_) n += m->engine->lora_loads();
  return n;
}

uint64_t Fleet::lora_disk_loads() const {
  uint64_t n = 0;
  for (const auto& m : replicas_) n += m->engine->lora_disk_loads();
  return n;
}

uint64_t Fleet::rejected_over_kv() const {
  uint64_t n = 0;
  for (const auto& m : replicas_) n += m->engine->rejected_over_kv();
  return n;
}

double Fleet::kv_peak_fraction() const {
  double peak = 0;
  for (const auto& m : replicas_) peak = std::max(peak, m->engine->kv_peak_fraction());
  return peak;
}

RunEnvelope Fleet::envelope() const {
  RunEnvelope e;
  for (const auto& m : replicas_) {
    const RunEnvelope r = m->engine->envelope();
    e.seats = std::max(e.seats, r.seats);
    e.blocks = std::max(e.blocks, r.blocks);
    e.exact = e.exact && r.exact;
  }
  return e;
}

namespace {

// A fixed fleet whose replicas differ from `b`'s only in max_num_seqs and KV capacity.
bool AlikeButLimits(const FleetConfig& a, const FleetConfig& b) {
  auto fixed = [](const FleetConfig& f) {
    return !f.autoscale.enabled && !f.serverless.enabled && !f.interruptions.enabled &&
           !f.replica.lora.enabled && !f.route_by_adapter.enabled;
  };
  const ReplicaConfig &x = a.replica, &y = b.replica;
  return fixed(a) && fixed(b) && a.replicas == b.replicas &&
         a.gpus_per_replica == b.gpus_per_replica && a.policy == b.policy &&
         x.max_batched_tokens == y.max_batched_tokens &&
         x.block_size_tokens == y.block_size_tokens && x.chunked_prefill == y.chunked_prefill &&
         x.prefix_caching == y.prefix_caching &&
         x.reserve_full_sequence == y.reserve_full_sequence &&
         x.prefix_hash_tokens == y.prefix_hash_tokens &&
         x.max_context_tokens == y.max_context_tokens &&
         x.warm_prefix_hashes == y.warm_prefix_hashes;
}

}  // namespace

bool Fleet::AdoptRun(const Fleet& ran) {
  if (!AlikeButLimits(config_, ran.config_) || replicas_.size() != ran.replicas_.size() ||
      replicas_.empty())
    return false;
  const RunEnvelope e = ran.envelope();
  const int32_t seats = std::min(config_.replica.max_num_seqs, ran.config_.replica.max_num_seqs);
  if (!e.exact || e.seats > seats || e.blocks > replicas_[0]->engine->kv().total_blocks())
    return false;
  for (size_t i = 0; i < replicas_.size(); ++i)
    replicas_[i]->engine->AdoptRun(*ran.replicas_[i]->engine);
  finished_ = ran.finished_;
  return true;
}

int32_t Fleet::outstanding() const {
  int32_t n = static_cast<int32_t>(pending_.size());
  for (const auto& m : replicas_) n += m->engine->outstanding();
  return n;
}

}  // namespace plan
