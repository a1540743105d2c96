// A leaf of a composite candidate, tagged: every completion it produces carries the leaf's
// tier number in Completion::tier (what the report's per-tier rows count), and it tallies every
// request sent to it and every charge, answers its parent later discarded included.
#pragma once

#include <cstdint>

#include "sim/target.h"

namespace plan {

struct TierStats {
  int64_t sent = 0;
  int64_t failed = 0;
  double cost_usd = 0;  // per-request charges of every answer it gave
};

class TierTag : public Target, public TargetListener {
 public:
  // REQUIRES: `inner` outlives this; this becomes its listener.
  TierTag(Target* inner, int16_t tier) : inner_(inner), tier_(tier) { inner_->set_listener(this); }

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override {
    ++stats_.sent;
    inner_->Submit(now, r, ticket);
  }
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override {
    Completion tagged = c;
    tagged.tier = tier_;
    stats_.failed += c.failed;
    stats_.cost_usd += c.cost_usd;
    if (listener_) listener_->OnFinished(now, ticket, tagged);
  }
  const TierStats& stats() const { return stats_; }

 private:
  Target* inner_;
  int16_t tier_;
  TierStats stats_;
};

// The outermost node of a composite: a request that finally failed is counted under the
// `failed` tier, whichever leaf gave up on it, so every other tier counts answers only.
class FailureTag : public Target, public TargetListener {
 public:
  FailureTag(Target* inner, int16_t failed_tier) : inner_(inner), tier_(failed_tier) {
    inner_->set_listener(this);
  }
  void Submit(TimeNs now, const Request& r, uint64_t ticket) override {
    inner_->Submit(now, r, ticket);
  }
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override {
    Completion out = c;
    if (c.failed) out.tier = tier_;
    if (listener_) listener_->OnFinished(now, ticket, out);
  }

 private:
  Target* inner_;
  int16_t tier_;
};

}  // namespace plan
