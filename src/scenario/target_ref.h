// A reference from one candidate to a target it is built from: another candidate of the
// scenario (its whole spec is reused, wrappers included) or a catalog offer id. Written as a
// plain string in the scenario; resolved once every candidate is parsed (scenario/references.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/source_loc.h"

namespace plan {

class TomlTable;

struct TargetRef {
  std::string name;
  SourceLoc loc;           // the string's value, for errors
  int32_t candidate = -1;  // index into Scenario::candidates when it names a candidate
  bool offer = false;      // it names a catalog offer instead

  bool resolved() const { return candidate >= 0 || offer; }
};

// Reads `key` of `t` as a reference (required); the value's position goes into loc.
TargetRef ReadTargetRef(TomlTable& t, std::string_view key);

}  // namespace plan
