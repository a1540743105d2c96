// Deterministic leaves for composite tests: API targets with both sigmas 0, so a request sent
// at t with no refusal has its first token at t + rtt + ttft and its last (n - 1) / speed
// later; each leaf tagged with its tier like TargetTree does.
#pragma once

#include <memory>
#include <vector>

#include "../sim/sim_fakes.h"
#include "arch/api_target.h"
#include "arch/tier_tag.h"

namespace plan::testing {

inline ApiTargetConfig FixedApi(double ttft_s, double tokens_per_s, double input_usd_per_mtok,
                                double output_usd_per_mtok) {
  ApiTargetConfig c;
  c.offer.id = "test/model";
  c.offer.prices = {input_usd_per_mtok, output_usd_per_mtok, 0, 0};
  c.offer.latency = {ttft_s, 0, 0, tokens_per_s, 0, "test"};
  return c;
}

// Leaves owned for one test: Add() returns the tagged target to hand to a composite.
class Leaves {
 public:
  explicit Leaves(Simulation* sim) : sim_(sim) {}
  Target* Add(const ApiTargetConfig& config) {
    apis_.push_back(
        std::make_unique<ApiTarget>(sim_, config, Rng(static_cast<uint64_t>(apis_.size()))));
    tags_.push_back(
        std::make_unique<TierTag>(apis_.back().get(), static_cast<int16_t>(tags_.size())));
    return tags_.back().get();
  }
  const ApiTarget& api(size_t i) const { return *apis_[i]; }
  const TierStats& tier(size_t i) const { return tags_[i]->stats(); }

 private:
  Simulation* sim_;
  std::vector<std::unique_ptr<ApiTarget>> apis_;
  std::vector<std::unique_ptr<TierTag>> tags_;
};

inline Request Labelled(TimeNs arrival_ns, int32_t input, int32_t output, int16_t label) {
  Request r = Req(arrival_ns, input, output);
  r.label = label;
  return r;
}

inline Request FromRegion(TimeNs arrival_ns, int16_t region) {
  Request r = Req(arrival_ns, 1000, 101);
  r.region = region;
  return r;
}

constexpr TimeNs kS = kNsPerS;

}  // namespace plan::testing
