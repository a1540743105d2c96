#include "sim/state_store.h"

#include <cmath>

namespace plan {

namespace {
constexpr double kZ99 = 2.3263478740408408;  // the standard normal's 0.99 quantile
}

StateStoreTarget::StateStoreTarget(Simulation* sim, Target* inner, double p50_ms, double p99_ms,
                                   uint64_t seed)
    : sim_(sim),
      inner_(inner),
      median_s_(p50_ms / 1e3),
      sigma_(std::log(p99_ms / p50_ms) / kZ99),
      rng_(Rng::Stream(seed, "workload", "state_store")) {
  inner_->set_listener(this);
}

void StateStoreTarget::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  if (r.session == 0 || r.turn == 0) {
    inner_->Submit(now, r, ticket);
    return;
  }
  TimeNs read = SecondsToNs(sigma_ > 0 ? rng_.LogNormal(median_s_, sigma_) : median_s_);
  ++reads_;
  read_ns_ += read;
  uint32_t slot = held_.Acquire();
  held_[slot].request = r;
  held_[slot].ticket = ticket;
  sim_->Schedule(now + read, this, 0, slot);
}

void StateStoreTarget::OnEvent(TimeNs now, uint32_t /*kind*/, uint64_t data) {
  uint32_t slot = static_cast<uint32_t>(data);
  Held& h = held_[slot];
  inner_->Submit(now, h.request, h.ticket);
  held_.Release(slot);
}

void StateStoreTarget::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  if (listener_) listener_->OnFinished(now, ticket, c);
}

}  // namespace plan
