// Checking a candidate's catalog id while its table is read.
#pragma once

#include <string>
#include <vector>

#include "util/toml_reader.h"

namespace plan {

// Unless `id` is empty (a missing key, reported elsewhere) or among `known`, reports at `key`:
// "candidate 'a': unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?".
void CheckCatalogId(TomlTable& t, const char* key, const std::string& id, const char* what,
                    const std::vector<std::string>& known);

}  // namespace plan
