// An exact-match response cache in front of a candidate's target (`response_cache = { ... }`).
// A hit costs nothing and arrives whole after the edge round trip. Hits come from a given hit
// rate (drawn per request) or, without one, from repeated prompts in the trace: the same input
// length and the same prefix hashes covering the whole prompt, once the first answer to that
// prompt has finished. Misses pass through unchanged.
#pragma once

#include <optional>

#include "util/source_loc.h"

namespace plan {

class TomlTable;

// A user to a CDN/edge point of presence in the same metro; a planning figure.
inline constexpr double kDefaultEdgeRttS = 0.02;

struct ResponseCacheSpec {
  bool enabled = false;
  std::optional<double> hit_rate;  // unset: hits from repeated prompts in the trace
  double edge_rtt_s = kDefaultEdgeRttS;
  SourceLoc loc;
};

// Reads the `response_cache` table `t` and Finishes it.
ResponseCacheSpec ParseResponseCacheSpec(TomlTable& t);

}  // namespace plan
