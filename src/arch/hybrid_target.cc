#include "arch/hybrid_target.h"

#include <cassert>

namespace plan {

namespace {
constexpr uint32_t kSend = 1;  // to the tier in Pending::expensive
}

HybridTarget::HybridTarget(Simulation* sim, HybridConfig config, Target* cheap, Target* expensive,
                           Rng rng)
    : sim_(sim), config_(config), cheap_(cheap), expensive_(expensive), rng_(rng) {
  cheap_->set_listener(this);
  expensive_->set_listener(this);
}

bool HybridTarget::RouteExpensive(const Request& r, double u) const {
  switch (config_.route) {
    case HybridRoute::kLabel:
      return r.label >= config_.label_threshold;
    case HybridRoute::kProbability:
      return u < config_.expensive_fraction;
    case HybridRoute::kInputTokens:
      return r.input_tokens > config_.input_tokens_over;
  }
  return false;
}

void HybridTarget::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  uint32_t slot = slots_.Acquire();
  Pending& p = slots_[slot];
  const double u = rng_.Uniform();
  p.ticket = ticket;
  p.request = r;
  p.cost_usd = config_.router_cost_usd;
  p.cheap = Completion{};
  ++stats_.requests;
  stats_.router_cost_usd += config_.router_cost_usd;
  if (config_.mode == HybridMode::kCascade) {
    p.escalate = u < config_.escalate_fraction;
    p.expensive = false;
    ++stats_.to_cheap;
    cheap_->Submit(now, r, slot);
    return;
  }
  // A second draw only where offline_fraction is set: other hybrids' streams stay as they were.
  const bool offline = config_.offline_fraction > 0 && rng_.Uniform() < config_.offline_fraction;
  stats_.offline += offline;
  p.expensive = offline || RouteExpensive(r, u);
  ++(p.expensive ? stats_.to_expensive : stats_.to_cheap);
  if (config_.router_latency_ns > 0) {
    sim_->Schedule(now + config_.router_latency_ns, this, kSend, slot);
    return;
  }
  (p.expensive ? expensive_ : cheap_)->Submit(now, r, slot);
}

void HybridTarget::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  assert(kind == kSend);
  const uint32_t slot = static_cast<uint32_t>(data);
  Pending& p = slots_[slot];
  (p.expensive ? expensive_ : cheap_)->Submit(now, p.request, slot);
}

void HybridTarget::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  const uint32_t slot = static_cast<uint32_t>(ticket);
  Pending& p = slots_[slot];
  if (config_.mode == HybridMode::kClassify) {
    Completion out = c;
    out.cost_usd += p.cost_usd;
    Deliver(now, slot, out);
    return;
  }
  if (!p.expensive) {
    if (!p.escalate && !c.failed) {
      Completion out = c;
      out.cost_usd += p.cost_usd;
      Deliver(now, slot, out);
      return;
    }
    // Escalate. Sent from an event, never from inside the cheap tier's callback.
    p.expensive = true;
    p.cheap = c;
    p.cost_usd += c.cost_usd;
    ++stats_.to_expensive;
    if (c.failed) ++stats_.escalated_after_failure;
    sim_->Schedule(now + config_.router_latency_ns, this, kSend, slot);
    return;
  }
  Completion out = c;
  out.cost_usd += p.cost_usd;
  out.first_scheduled_ns = p.cheap.first_scheduled_ns;
  out.preemptions += p.cheap.preemptions;
  Deliver(now, slot, out);
}

void HybridTarget::Deliver(TimeNs now, uint32_t slot, Completion c) {
  const uint64_t ticket = slots_[slot].ticket;
  slots_.Release(slot);
  if (listener_) listener_->OnFinished(now, ticket, c);
}

}  // namespace plan
