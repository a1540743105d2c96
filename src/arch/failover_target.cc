#include "arch/failover_target.h"

#include <algorithm>
#include <cassert>

namespace plan {

namespace {
constexpr uint32_t kStart = 1;    // data: Key(slot, serial) of the attempt to start
constexpr uint32_t kTimeout = 2;  // data: Key(slot, serial) of the attempt it limits
}  // namespace

FailoverTarget::FailoverTarget(Simulation* sim, FailoverConfig config, std::vector<Target*> chain)
    : sim_(sim), config_(config), chain_(std::move(chain)) {
  assert(!chain_.empty());
  for (Target* t : chain_) t->set_listener(this);
  const size_t n = chain_.size();
  stats_.attempts.assign(n, 0);
  stats_.answered.assign(n, 0);
  stats_.failures.assign(n, 0);
  stats_.timeouts.assign(n, 0);
}

void FailoverTarget::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  uint32_t slot = slots_.Acquire();
  Pending& p = slots_[slot];
  p.ticket = ticket;
  p.request = r;
  p.position = 0;
  p.attempt = 0;
  p.busy = true;
  p.cost_usd = 0;
  p.preemptions = 0;
  Start(now, slot);
}

void FailoverTarget::Start(TimeNs now, uint32_t slot) {
  Pending& p = slots_[slot];
  const uint64_t key = Key(slot, ++p.serial);
  ++stats_.attempts[p.position];
  if (config_.timeout_ns > 0) sim_->Schedule(now + config_.timeout_ns, this, kTimeout, key);
  chain_[p.position]->Submit(now, p.request, key);
}

void FailoverTarget::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  const uint32_t slot = static_cast<uint32_t>(data);
  const uint32_t serial = static_cast<uint32_t>(data >> 32);
  Pending& p = slots_[slot];
  if (!p.busy || p.serial != serial) return;  // the attempt already ended
  if (kind == kStart) {
    Start(now, slot);
    return;
  }
  assert(kind == kTimeout);
  ++stats_.timeouts[p.position];
  Next(now, slot);
}

void FailoverTarget::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  const uint32_t slot = static_cast<uint32_t>(ticket);
  const uint32_t serial = static_cast<uint32_t>(ticket >> 32);
  Pending& p = slots_[slot];
  if (!p.busy || p.serial != serial) {
    ++stats_.late_answers;
    stats_.abandoned_cost_usd += c.cost_usd;
    return;
  }
  p.cost_usd += c.cost_usd;
  p.preemptions += c.preemptions;
  if (!c.failed) {
    ++stats_.answered[p.position];
    Completion out = c;
    out.cost_usd = p.cost_usd;
    out.preemptions = p.preemptions;
    Deliver(now, slot, out);
    return;
  }
  ++stats_.failures[p.position];
  Next(now, slot);
}

void FailoverTarget::Next(TimeNs now, uint32_t slot) {
  Pending& p = slots_[slot];
  ++p.serial;  // the ended attempt's answer or timer, when it comes, is stale
  if (p.attempt < config_.retries) {
    ++p.attempt;
  } else {
    ++p.position;
    p.attempt = 0;
  }
  if (p.position < static_cast<int32_t>(chain_.size())) {
    // From an event, never from inside the failing target's callback.
    sim_->Schedule(now, this, kStart, Key(slot, p.serial));
    return;
  }
  Completion out;
  out.first_scheduled_ns = out.first_token_ns = out.finish_ns = now;
  out.cost_usd = p.cost_usd;
  out.preemptions = p.preemptions;
  if (config_.cached_last_resort) {
    ++stats_.degraded;
    out.output_tokens = std::max(0, p.request.output_tokens);
    out.tier = config_.degraded_tier;
  } else {
    ++stats_.failed;
    out.failed = true;
  }
  Deliver(now, slot, out);
}

void FailoverTarget::Deliver(TimeNs now, uint32_t slot, const Completion& c) {
  Pending& p = slots_[slot];
  p.busy = false;
  const uint64_t ticket = p.ticket;
  slots_.Release(slot);
  if (listener_) listener_->OnFinished(now, ticket, c);
}

}  // namespace plan
