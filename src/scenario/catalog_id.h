// Checking a candidate's catalog id while its table is read.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "util/toml_reader.h"

namespace plan {

// Unless `id` is empty (a missing key, reported elsewhere) or among `known`, reports at `key`:
// "candidate 'a': unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?".
void CheckCatalogId(TomlTable& t, const char* key, const std::string& id, const char* what,
                    const std::vector<std::string>& known);

// Unless either id is unknown (reported by CheckCatalogId), reports at "quant" a quant the
// engine does not load: "candidate 'a': engine 'mlx' does not load 'q4_k_m' weights; it loads
// mlx-4bit, mlx-8bit, bf16, fp16".
void CheckEngineLoads(TomlTable& t, const Catalog& catalog, const std::string& engine,
                      const std::string& quant);

}  // namespace plan
