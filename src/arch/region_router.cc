#include "arch/region_router.h"

#include <cassert>

namespace plan {

namespace {
constexpr uint32_t kSend = 1;
constexpr uint32_t kDeliver = 2;

TimeNs Forward(TimeNs rtt) { return rtt / 2; }
TimeNs Back(TimeNs rtt) { return rtt - rtt / 2; }
}  // namespace

RegionRouter::RegionRouter(Simulation* sim, RegionRouterConfig config,
                           std::vector<Target*> deployments, Rng rng)
    : sim_(sim), config_(std::move(config)), deployments_(std::move(deployments)), rng_(rng) {
  const size_t users = static_cast<size_t>(config_.users);
  const size_t n = deployments_.size();
  for (Target* t : deployments_) t->set_listener(this);
  ttft_ewma_s_.assign(n, 0);
  if (config_.prior_ttft_s.size() == n) ttft_ewma_s_ = config_.prior_ttft_s;
  outstanding_.assign(n, 0);
  down_until_ns_.assign(n, 0);
  stats_.answered.assign(users, std::vector<int64_t>(n, 0));
  stats_.requests.assign(users, 0);
  stats_.refused.assign(users, 0);
  stats_.failed.assign(users, 0);
}

int32_t RegionRouter::Choose(const Pending& p, TimeNs now) const {
  const std::vector<TimeNs>& rtt = config_.rtt_ns[p.user];
  int32_t best = -1;
  double best_score = 0;
  bool best_healthy = false;
  for (size_t d = 0; d < deployments_.size(); ++d) {
    if (rtt[d] < 0 || p.tried[d]) continue;
    double score = NsToSeconds(rtt[d]);
    bool healthy = true;
    if (config_.routing == RegionRouting::kLowestLatency)
      score += ttft_ewma_s_[d] * static_cast<double>(outstanding_[d] + 1);
    if (config_.routing == RegionRouting::kFailover) healthy = down_until_ns_[d] <= now;
    // Healthy beats down; then the lower score; ties keep the first listed.
    if (best < 0 || (healthy && !best_healthy) || (healthy == best_healthy && score < best_score)) {
      best = static_cast<int32_t>(d);
      best_score = score;
      best_healthy = healthy;
    }
  }
  return best;
}

void RegionRouter::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  uint32_t slot = slots_.Acquire();
  Pending& p = slots_[slot];
  p.ticket = ticket;
  p.request = r;
  p.cost_usd = 0;
  p.tried.assign(deployments_.size(), 0);
  if (config_.users_from_trace) {
    p.user = r.region;
    if (p.user < 0 || p.user >= config_.users) {
      ++stats_.unknown_region;
      p.user = 0;
    }
  } else {
    const double u = rng_.Uniform();
    double cumulative = 0;
    p.user = config_.users - 1;
    for (int32_t i = 0; i < config_.users; ++i) {
      cumulative += config_.user_shares[i];
      if (u < cumulative) {
        p.user = i;
        break;
      }
    }
  }
  ++stats_.requests[p.user];
  const int32_t d = Choose(p, now);
  if (d < 0) {
    ++stats_.refused[p.user];
    p.done = Completion{};
    p.done.failed = true;
    p.done.first_scheduled_ns = p.done.first_token_ns = p.done.finish_ns = now;
    sim_->Schedule(now, this, kDeliver, slot);
    return;
  }
  SendTo(now, slot, d, 0);
}

void RegionRouter::SendTo(TimeNs now, uint32_t slot, int32_t d, TimeNs already_ns) {
  Pending& p = slots_[slot];
  p.deployment = d;
  p.tried[d] = 1;
  ++outstanding_[d];
  const TimeNs rtt = config_.rtt_ns[p.user][d];
  sim_->Schedule(now + already_ns + Forward(rtt), this, kSend, slot);
}

void RegionRouter::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  const uint32_t slot = static_cast<uint32_t>(data);
  Pending& p = slots_[slot];
  if (kind == kSend) {
    p.sent_ns = now;
    deployments_[p.deployment]->Submit(now, p.request, slot);
    return;
  }
  assert(kind == kDeliver);
  const uint64_t ticket = p.ticket;
  const Completion c = p.done;
  slots_.Release(slot);
  if (listener_) listener_->OnFinished(now, ticket, c);
}

void RegionRouter::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  const uint32_t slot = static_cast<uint32_t>(ticket);
  Pending& p = slots_[slot];
  const int32_t d = p.deployment;
  --outstanding_[d];
  const TimeNs back = Back(config_.rtt_ns[p.user][d]);
  p.cost_usd += c.cost_usd;
  if (c.failed && config_.routing == RegionRouting::kFailover) {
    down_until_ns_[d] = now + config_.health_check_ns;
    const int32_t next = Choose(p, now);
    if (next >= 0) {
      // The error travels back to the router first.
      ++stats_.failovers;
      SendTo(now, slot, next, back);
      return;
    }
  }
  if (c.failed) {
    ++stats_.failed[p.user];
  } else {
    ++stats_.answered[p.user][d];
    const double ttft_s = NsToSeconds(c.first_token_ns - p.sent_ns);
    ttft_ewma_s_[d] += kLatencyEwmaWeight * (ttft_s - ttft_ewma_s_[d]);
  }
  p.done = c;
  p.done.cost_usd = p.cost_usd;
  p.done.first_token_ns += back;
  p.done.finish_ns += back;
  sim_->Schedule(now + back, this, kDeliver, slot);
}

}  // namespace plan
