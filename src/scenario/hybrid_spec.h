// A candidate of kind "hybrid": two tiers, a cheap and an expensive target.
//   classify: a router (with its own delay and per-request price, e.g. a small classifier
//             model) sends each request to one tier, by a trace label, a probability or a
//             rule on the prompt length.
//   cascade:  every request goes to the cheap tier first; a share escalates to the expensive
//             one after the cheap answer, paying both and waiting for both.
#pragma once

#include <cstdint>

#include "scenario/target_ref.h"

namespace plan {

class TomlTable;

enum class HybridMode { kClassify, kCascade };
enum class HybridRoute {
  kLabel,        // Request::label >= label_threshold goes expensive (no label: cheap)
  kProbability,  // expensive with probability expensive_fraction
  kInputTokens,  // input_tokens > input_tokens_over goes expensive
};

struct HybridSpec {
  HybridMode mode = HybridMode::kClassify;
  TargetRef cheap;
  TargetRef expensive;
  HybridRoute route = HybridRoute::kProbability;
  int32_t label_threshold = 1;
  double expensive_fraction = 0;
  int64_t input_tokens_over = 0;
  double escalate_fraction = 0;  // cascade
  // classify: the share of requests whose cheap tier cannot answer at all (an on-device model
  // on a phone that is offline, unsupported or out of memory), sent to the expensive tier
  // whatever the route says; drawn per request from the hybrid's own stream.
  double offline_fraction = 0;
  // classify: before the chosen tier; cascade: the check of each cheap answer.
  double router_latency_s = 0;
  double router_cost_usd = 0;  // per request
};

// Reads the hybrid keys of candidate table `t` (the caller reads name and kind and calls
// Finish). References are resolved later.
HybridSpec ParseHybridSpec(TomlTable& t);

}  // namespace plan
