// Cloud regions and the round-trip times between them.
#pragma once

#include <string>

#include "util/source_loc.h"

namespace plan {

struct Region {
  std::string id;
  std::string name;
  std::string jurisdiction;  // residency zone: "us", "eu", "apac", ...
  std::string source;
  std::string checked;  // date the entry was last checked, YYYY-MM-DD
  SourceLoc loc;
  bool operator==(const Region&) const = default;
};

struct RegionLink {
  std::string from;
  std::string to;
  double rtt_s = 0;
  std::string source;
  std::string checked;
  SourceLoc loc;
  SourceLoc from_loc, to_loc;  // the `from` / `to` values, for unknown-region errors
  bool operator==(const RegionLink&) const = default;
};

}  // namespace plan
