// How spot capacity is reclaimed under a self-hosted candidate (sim/fleet.h): a table
//   [candidate.interruptions]
//   rate_per_hour = 0.05   # reclaims per replica-hour (a replica's instance, not per GPU)
//   notice_s = 120         # warning before the reclaim (AWS 120 s, GCP and Azure 30 s)
//   replacement_s = 300    # reclaim to a replacement serving (new instance + weight load)
// or `interruptions = "none"`. A `pricing = "spot"` candidate must say one or the other:
// spot capacity priced without its interruptions is a choice to make, not a default.
// Published figures to start from: catalog/evidence/spot_interruptions.toml.
#pragma once

#include "util/source_loc.h"

namespace plan {

class TomlTable;

// Above one reclaim a second a rate is a unit mistake, not a spot market.
inline constexpr double kMaxInterruptionsPerHour = 3600;

struct InterruptionSpec {
  bool enabled = false;  // a table was given
  bool none = false;     // interruptions = "none"
  double rate_per_hour = 0;
  double notice_s = 0;
  double replacement_s = 0;
};

// Reads `interruptions` from the candidate table `t` (a table or "none"); when `spot`, one of
// the two is required, with the error at the pricing key.
InterruptionSpec ParseInterruptionSpec(TomlTable& t, bool spot);

}  // namespace plan
