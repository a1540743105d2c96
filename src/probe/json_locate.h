// Where a JSON value sits in its text, for path:line:col errors about a document nlohmann has
// already parsed (it keeps no positions).
#pragma once

#include <string>

#include "util/source_loc.h"

namespace plan {

// The line and column of the value at RFC 6901 `pointer` ("/rows/3/ttft_s") in `text`; when
// the pointer runs past what exists, the deepest value on its way. REQUIRES: `text` is valid
// JSON.
SourceLoc LocateJsonPointer(const std::string& text, const std::string& path,
                            const std::string& pointer);

// Line and column of byte `offset` (1-based both).
SourceLoc LocAt(const std::string& text, const std::string& path, size_t offset);

}  // namespace plan
