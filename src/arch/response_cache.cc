#include "arch/response_cache.h"

#include <algorithm>
#include <cassert>

namespace plan {

namespace {
constexpr uint32_t kHit = 1;

uint64_t Mix(uint64_t h, uint64_t v) {
  // splitmix64's finaliser over the running hash: order-sensitive, well spread.
  uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
}  // namespace

ResponseCache::ResponseCache(Simulation* sim, ResponseCacheConfig config, Target* origin, Rng rng)
    : sim_(sim), config_(config), origin_(origin), rng_(rng) {
  origin_->set_listener(this);
}

uint64_t ResponseCache::PromptKey(const Request& r) {
  const int64_t covered = static_cast<int64_t>(r.prefix_hashes.size()) * r.prefix_block_tokens;
  if (r.prefix_hashes.empty() || covered < r.input_tokens) return 0;
  uint64_t h = Mix(0, static_cast<uint64_t>(r.input_tokens));
  for (uint64_t block : r.prefix_hashes) h = Mix(h, block);
  return h == 0 ? 1 : h;
}

void ResponseCache::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  bool hit;
  uint64_t key = 0;
  if (config_.fixed_rate) {
    hit = rng_.Uniform() < config_.hit_rate;
  } else {
    key = PromptKey(r);
    if (key == 0) ++stats_.keyless;
    hit = key != 0 && stored_.count(key) > 0;
  }
  const uint32_t slot = slots_.Acquire();
  Pending& p = slots_[slot];
  p.ticket = ticket;
  p.key = key;
  if (!hit) {
    ++stats_.misses;
    origin_->Submit(now, r, slot);
    return;
  }
  ++stats_.hits;
  Completion& c = p.hit;
  c = Completion{};
  c.first_scheduled_ns = now;
  c.first_token_ns = c.finish_ns = now + config_.edge_rtt_ns;
  c.output_tokens = std::max(0, r.output_tokens);
  c.tier = config_.hit_tier;
  sim_->Schedule(c.finish_ns, this, kHit, slot);
}

void ResponseCache::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  assert(kind == kHit);
  const uint32_t slot = static_cast<uint32_t>(data);
  const uint64_t ticket = slots_[slot].ticket;
  const Completion c = slots_[slot].hit;
  slots_.Release(slot);
  if (listener_) listener_->OnFinished(now, ticket, c);
}

void ResponseCache::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  const uint32_t slot = static_cast<uint32_t>(ticket);
  const uint64_t outer = slots_[slot].ticket;
  if (!config_.fixed_rate && !c.failed && slots_[slot].key != 0) stored_.insert(slots_[slot].key);
  slots_.Release(slot);
  if (listener_) listener_->OnFinished(now, outer, c);
}

}  // namespace plan
