#include "arch/api_target.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "arch/api_price.h"

namespace plan {

namespace {
constexpr uint32_t kAttempt = 1;
constexpr uint32_t kFinish = 2;
// Rate limits are per minute, enforced over a sliding window of that length.
constexpr TimeNs kWindowNs = 60 * kNsPerS;
}  // namespace

ApiTarget::ApiTarget(Simulation* sim, ApiTargetConfig config, Rng rng)
    : sim_(sim), config_(std::move(config)), rng_(rng) {
  assert(!config_.batch || config_.offer.has_batch());
}

void ApiTarget::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  uint32_t slot = slots_.Acquire();
  Pending& p = slots_[slot];
  p.ticket = ticket;
  p.input_tokens = r.input_tokens;
  p.output_tokens = std::max(0, r.output_tokens);  // 0: an embedding
  p.retries = 0;
  p.prefix_hashes.assign(r.prefix_hashes.begin(), r.prefix_hashes.end());
  p.prefix_block_tokens = r.prefix_block_tokens;
  p.done = Completion{};

  const ApiOffer& o = config_.offer;
  const bool too_long = (o.max_input_tokens > 0 && p.input_tokens > o.max_input_tokens) ||
                        (o.max_output_tokens > 0 && p.output_tokens > o.max_output_tokens);
  const bool over_tpm = !config_.batch && config_.tpm > 0 &&
                        static_cast<double>(p.input_tokens) + p.output_tokens > config_.tpm;
  if (too_long || over_tpm) {
    ++stats_.attempts;
    ++(too_long ? stats_.failed_too_long : stats_.failed_over_tpm);
    Fail(now + config_.rtt_ns, slot);
    return;
  }
  Attempt(now, slot);
}

void ApiTarget::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  uint32_t slot = static_cast<uint32_t>(data);
  if (kind == kAttempt) {
    Attempt(now, slot);
    return;
  }
  assert(kind == kFinish);
  // Copies: the listener may submit again at once, reusing the slot or growing slots_.
  const uint64_t ticket = slots_[slot].ticket;
  const Completion done = slots_[slot].done;
  slots_.Release(slot);
  if (listener_) listener_->OnFinished(now, ticket, done);
}

void ApiTarget::Fail(TimeNs at, uint32_t slot) {
  Pending& p = slots_[slot];
  p.done.failed = true;
  p.done.first_scheduled_ns = p.done.first_token_ns = p.done.finish_ns = at;
  p.done.output_tokens = 0;
  p.done.cost_usd = 0;
  sim_->Schedule(at, this, kFinish, slot);
}

TimeNs ApiTarget::RateLimitDelay(TimeNs now, int64_t tokens) {
  while (!window_.empty() && window_.front().first + kWindowNs <= now) {
    window_tokens_ -= window_.front().second;
    window_.pop_front();
  }
  // How many of the oldest entries must leave before the request fits.
  size_t must_leave = 0;
  if (config_.rpm > 0) {
    double over = static_cast<double>(window_.size()) + 1 - std::floor(config_.rpm);
    must_leave = std::max<size_t>(must_leave, over > 0 ? static_cast<size_t>(over) : 0);
  }
  if (config_.tpm > 0) {
    int64_t excess = window_tokens_ + tokens - static_cast<int64_t>(std::floor(config_.tpm));
    size_t k = 0;
    while (excess > 0 && k < window_.size()) excess -= window_[k++].second;
    must_leave = std::max(must_leave, k);
  }
  if (must_leave == 0) return 0;
  assert(must_leave <= window_.size());
  TimeNs wait = window_[must_leave - 1].first + kWindowNs - now;
  // Providers send retry-after in whole seconds, rounded up.
  return (wait + kNsPerS - 1) / kNsPerS * kNsPerS;
}

void ApiTarget::Attempt(TimeNs now, uint32_t slot) {
  Pending& p = slots_[slot];
  ++stats_.attempts;
  TimeNs retry_after = 0;
  bool refused = false;
  for (const auto& [start, end] : config_.outages) {
    if (now >= start && now < end) {
      refused = true;
      ++stats_.outage_errors;
      break;
    }
  }
  if (!refused && config_.availability < 1 && rng_.Uniform() >= config_.availability) {
    refused = true;
    ++stats_.unavailable_errors;
  }
  if (!refused && !config_.batch) {
    retry_after = RateLimitDelay(now, static_cast<int64_t>(p.input_tokens) + p.output_tokens);
    if (retry_after > 0) {
      refused = true;
      ++stats_.rate_limited;
    }
  }
  if (!refused) {
    Admit(now, p);
    sim_->Schedule(p.done.finish_ns, this, kFinish, slot);
    return;
  }
  const TimeNs error_at = now + config_.rtt_ns;
  if (p.retries >= config_.max_retries) {
    ++stats_.failed_after_retries;
    Fail(error_at, slot);
    return;
  }
  ++p.retries;
  ++stats_.retries;
  double factor = std::ldexp(1.0, std::min(p.retries - 1, 62));
  TimeNs backoff =
      static_cast<TimeNs>(std::min<double>(static_cast<double>(config_.retry_backoff_ns) * factor,
                                           static_cast<double>(config_.retry_backoff_max_ns)));
  sim_->Schedule(error_at + std::max(backoff, retry_after), this, kAttempt, slot);
}

std::pair<int64_t, int64_t> ApiTarget::CacheUse(TimeNs now, const Pending& p) {
  const ApiOffer& o = config_.offer;
  if (config_.cache_mode == PromptCacheMode::kOff || !o.has_prompt_cache()) return {0, 0};
  if (config_.cache_mode == PromptCacheMode::kFraction) {
    int64_t read = static_cast<int64_t>(std::floor(config_.cached_fraction * p.input_tokens));
    return {read >= o.cache_min_tokens ? read : 0, 0};
  }
  if (!p.prefix_hashes.empty()) ++stats_.prefixed_requests;
  const int64_t block = p.prefix_block_tokens;
  const int64_t blocks = static_cast<int64_t>(p.prefix_hashes.size());
  const int64_t prefix = std::min<int64_t>(blocks * block, p.input_tokens);
  if (block <= 0 || prefix <= 0 || prefix < o.cache_min_tokens) return {0, 0};
  int64_t hits = 0;
  while (hits < blocks) {
    auto it = cache_expiry_ns_.find(p.prefix_hashes[hits]);
    if (it == cache_expiry_ns_.end() || it->second <= now) break;
    ++hits;
  }
  for (uint64_t h : p.prefix_hashes) cache_expiry_ns_[h] = now + config_.cache_ttl_ns;
  if (cache_expiry_ns_.size() >= cache_prune_at_) {
    std::erase_if(cache_expiry_ns_, [now](const auto& e) { return e.second <= now; });
    cache_prune_at_ = std::max<size_t>(cache_prune_at_, 2 * cache_expiry_ns_.size());
  }
  const int64_t read = std::min(hits * block, prefix);
  return {read, prefix - read};
}

void ApiTarget::Admit(TimeNs now, Pending& p) {
  const ApiOffer& o = config_.offer;
  const int64_t tokens = static_cast<int64_t>(p.input_tokens) + p.output_tokens;
  if (!config_.batch) {
    window_.emplace_back(now, tokens);
    window_tokens_ += tokens;
  }
  auto [read, write] = CacheUse(now, p);
  stats_.cache_read_tokens += read;
  stats_.cache_write_tokens += write;

  Completion& c = p.done;
  c.first_scheduled_ns = now;
  c.output_tokens = p.output_tokens;
  c.cached_input_tokens = static_cast<int32_t>(read);
  c.cost_usd = RequestCostUsd(o, ReportUsage(o, p.input_tokens, read, write, p.output_tokens),
                              config_.batch);
  if (config_.batch) {
    c.first_token_ns = c.finish_ns = now + config_.batch_turnaround_ns;
    return;
  }
  const ApiLatency& l = o.latency;
  const double median_s = l.ttft_fixed_s + l.ttft_per_input_token_s * (p.input_tokens - read);
  const double service_s = rng_.LogNormal(median_s, l.ttft_sigma);
  const double speed = rng_.LogNormal(l.output_tokens_per_s, l.output_sigma);
  c.first_token_ns = now + config_.rtt_ns + SecondsToNs(service_s);
  c.finish_ns = c.first_token_ns + SecondsToNs(std::max(0, p.output_tokens - 1) / speed);
}

}  // namespace plan
