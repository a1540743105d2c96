// An API offer as a leaf of a target tree (an api candidate, or a tier of a composite): the
// ApiTargetConfig a scenario's ApiSpec describes, and the sentences that tell a report reader
// what was priced and assumed, and what happened.
#pragma once

#include <string>
#include <vector>

#include "arch/api_target.h"
#include "catalog/api_offer.h"
#include "scenario/api_spec.h"

namespace plan {

// REQUIRES: `offer` is the catalog entry spec.offer names (validated by the scenario loader).
ApiTargetConfig MakeApiTargetConfig(const ApiSpec& spec, const ApiOffer& offer);

// Prices, latency model, caching, rate limits and retry policy, one sentence each. `routed`: a
// region router above the offer adds the users' round trip (the spec then gives none).
std::vector<std::string> ApiAssumptions(const ApiSpec& spec, const ApiTargetConfig& config,
                                        bool routed);

// What happened: refusals, retries, failures by cause, cache use; only what occurred.
std::vector<std::string> ApiNotes(const ApiTargetStats& stats, const ApiTargetConfig& config);

}  // namespace plan
