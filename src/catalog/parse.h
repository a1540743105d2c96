// Parsers for one catalog entry each. They report problems to the table's Diagnostics and
// always return an entry (possibly partial) so that every error in a file gets reported.
#pragma once

#include "catalog/engine_profile.h"
#include "catalog/gpu_spec.h"
#include "catalog/model_spec.h"
#include "catalog/quant_profile.h"
#include "catalog/region.h"
#include "util/toml_reader.h"

namespace plan {

GpuSpec ParseGpu(TomlTable& t);
ModelSpec ParseModel(TomlTable& t);
QuantProfile ParseQuant(TomlTable& t);
EngineProfile ParseEngine(TomlTable& t);
Region ParseRegion(TomlTable& t);
RegionLink ParseRegionLink(TomlTable& t);

// Reads `id` and renames the table in messages to "<kind> '<id>'".
std::string ReadEntryId(TomlTable& t, const char* kind);

}  // namespace plan
