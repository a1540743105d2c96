// A failover chain: targets tried in order until one answers. On any candidate the chain
// lists what is tried after the candidate's own target (`failover = { chain = [...] }`); a
// candidate of kind "failover" has no target of its own, so its chain starts with the primary.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario/target_ref.h"
#include "util/source_loc.h"

namespace plan {

class TomlTable;

enum class LastResort {
  kError,           // the request fails
  kCachedResponse,  // a stored generic answer: served at once, at no cost, counted as degraded
};

struct FailoverSpec {
  bool enabled = false;
  std::vector<TargetRef> chain;
  // An attempt whose whole answer has not arrived after this long is abandoned (like an SDK's
  // request timeout) and the next one starts; 0 = no timeout.
  double timeout_s = 0;
  int32_t retries = 0;  // further attempts at the same target before moving on
  LastResort last_resort = LastResort::kError;
  SourceLoc loc;
};

// Reads chain, timeout_s, retries and last_resort from `t`: the `failover` table of a
// candidate (not Finished here: the caller does), or a kind = "failover" candidate table.
// `min_chain` is the shortest chain allowed.
FailoverSpec ParseFailoverSpec(TomlTable& t, size_t min_chain);

}  // namespace plan
