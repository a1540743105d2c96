// An exact-match response cache in front of a target (scenario/response_cache_spec.h).
//
// A request arriving at t is a hit when (fixed rate) a uniform draw from the cache's stream is
// below hit_rate, or (trace) its prompt key is stored. A hit is answered whole at
// t + edge_rtt, at no cost, with tier = hit_tier. A miss goes to the target unchanged;
// in trace mode its answer, when it succeeds, stores the key from that instant on.
// The prompt key: the input length and the prefix hashes, only when the hashes cover the
// whole prompt (blocks x block tokens >= input tokens); other requests are never hits.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/target.h"
#include "util/rng.h"

namespace plan {

struct ResponseCacheConfig {
  bool fixed_rate = false;
  double hit_rate = 0;
  TimeNs edge_rtt_ns = 0;
  int16_t hit_tier = 0;
};

struct ResponseCacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t keyless = 0;  // trace mode: requests whose hashes do not cover the prompt
};

class ResponseCache : public Target, public TargetListener, public EventHandler {
 public:
  // REQUIRES: `origin` outlives this; this becomes its listener.
  ResponseCache(Simulation* sim, ResponseCacheConfig config, Target* origin, Rng rng);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  const ResponseCacheStats& stats() const { return stats_; }
  const ResponseCacheConfig& config() const { return config_; }

  // The key of `r`'s whole prompt; 0 when its hashes do not cover it.
  static uint64_t PromptKey(const Request& r);

 private:
  struct Pending {
    uint64_t ticket = 0;
    uint64_t key = 0;
    Completion hit;
  };

  Simulation* sim_;
  ResponseCacheConfig config_;
  Target* origin_;
  Rng rng_;
  SlotPool<Pending> slots_;
  std::unordered_set<uint64_t> stored_;
  ResponseCacheStats stats_;
};

}  // namespace plan
