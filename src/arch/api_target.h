// An API offer as a simulation target: each request is sent, possibly refused (rate limit,
// outage, random unavailability) and retried with back-off, then answered after a sampled
// time to first token and streamed at a sampled speed, and priced per token.
//
// Timeline of one attempt sent at t (the client's clock):
//   refused:  the error reaches the client at t + rtt; the next attempt goes at
//             t + rtt + delay, delay = min(retry_backoff x 2^(n-1), retry_backoff_max) for the
//             n-th retry, and never less than a 429's retry-after. After max_retries retries
//             the request fails at t + rtt.
//   accepted: first token at t + rtt + service; last token (n-1) / speed later.
//   batch:    no rate limits; the whole answer at t + batch_turnaround (first = last token).
// Requests over the offer's max input or output tokens, or larger than the token rate limit
// itself, fail at once (t + rtt) without retries. Failed requests cost nothing. Completion
// times are at the user: the round trip is included.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog/api_offer.h"
#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"
#include "util/rng.h"

namespace plan {

enum class PromptCacheMode {
  kOff,
  kFraction,  // a fixed share of every prompt is read from a warm cache; nothing is written
  kPrefix,    // the trace's prefix hashes drive a provider-side cache with a TTL
};

struct ApiTargetConfig {
  ApiOffer offer;  // a copy; scenario overrides (rate limits) are already applied
  TimeNs rtt_ns = 0;
  bool batch = false;  // REQUIRES: offer.has_batch()
  TimeNs batch_turnaround_ns = 0;
  PromptCacheMode cache_mode = PromptCacheMode::kOff;
  double cached_fraction = 0;  // kFraction: share of each prompt read from the cache
  TimeNs cache_ttl_ns = 0;     // kPrefix: an entry lives this long after its last use
  std::vector<std::pair<TimeNs, TimeNs>> outages;  // [start, end): every attempt sent inside fails
  double availability = 1;                         // chance an attempt outside an outage is served
  int32_t max_retries = 0;
  TimeNs retry_backoff_ns = 0;
  TimeNs retry_backoff_max_ns = 0;
  double rpm = 0;  // 0 = no limit; sliding 60 s windows over accepted attempts
  double tpm = 0;  // counts prompt + output tokens of each accepted request
};

struct ApiTargetStats {
  int64_t attempts = 0;
  int64_t rate_limited = 0;        // 429s
  int64_t outage_errors = 0;       // attempts sent inside an outage window
  int64_t unavailable_errors = 0;  // attempts refused by the availability draw
  int64_t retries = 0;
  int64_t failed_too_long = 0;  // over max input / output tokens
  int64_t failed_over_tpm = 0;  // larger than the token rate limit
  int64_t failed_after_retries = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  int64_t prefixed_requests = 0;  // admitted requests that carried prefix hashes
};

class ApiTarget : public Target, public EventHandler {
 public:
  // `rng` is this candidate's own stream (common random numbers across candidates).
  ApiTarget(Simulation* sim, ApiTargetConfig config, Rng rng);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  const ApiTargetStats& stats() const { return stats_; }
  const ApiTargetConfig& config() const { return config_; }

 private:
  struct Pending {
    uint64_t ticket = 0;
    int32_t input_tokens = 0;
    int32_t output_tokens = 0;
    int32_t retries = 0;
    std::vector<uint64_t> prefix_hashes;
    int32_t prefix_block_tokens = 0;
    Completion done;
  };
  void Attempt(TimeNs now, uint32_t slot);
  void Admit(TimeNs now, Pending& p);
  void Fail(TimeNs at, uint32_t slot);
  // 0 when the window admits `tokens` more at `now`, else the retry-after delay.
  TimeNs RateLimitDelay(TimeNs now, int64_t tokens);
  // Cache reads and writes of an admitted request, updating the prefix cache.
  std::pair<int64_t, int64_t> CacheUse(TimeNs now, const Pending& p);

  Simulation* sim_;
  ApiTargetConfig config_;
  Rng rng_;
  SlotPool<Pending> slots_;
  std::deque<std::pair<TimeNs, int64_t>> window_;  // accepted attempts: (time, tokens)
  int64_t window_tokens_ = 0;
  std::unordered_map<uint64_t, TimeNs> cache_expiry_ns_;  // prefix hash -> expiry
  size_t cache_prune_at_ = 1 << 16;
  ApiTargetStats stats_;
};

}  // namespace plan
