// A position in an input file, for `path:line:col: message` errors.
#pragma once

#include <string>

namespace plan {

struct SourceLoc {
  std::string path;
  int line = 0;    // 1-based; 0 = unknown (the whole file)
  int column = 0;  // 1-based; 0 = unknown

  // "path:line:col", "path:line" or "path" as far as known.
  std::string ToString() const;
  bool operator==(const SourceLoc&) const = default;
};

}  // namespace plan
