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
  SourceLoc loc;
};

struct RegionLink {
  std::string from;
  std::string to;
  double rtt_s = 0;
  std::string source;
  SourceLoc loc;
};

}  // namespace plan
