// Parsers for one catalog entry each. They report problems to the table's Diagnostics and
// always return an entry (possibly partial) so that every error in a file gets reported.
#pragma once

#include "catalog/api_offer.h"
#include "catalog/compliance.h"
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
EngineVersion ParseEngineVersion(TomlTable& t);  // one [[engine.version]]
Interconnect ParseInterconnect(TomlTable& t);    // a gpu's [gpu.interconnect]
Region ParseRegion(TomlTable& t);
RegionLink ParseRegionLink(TomlTable& t);
ApiOffer ParseOffer(TomlTable& t);
OfferProfile ParseOfferProfile(TomlTable& t);
LatencyError ParseLatencyError(TomlTable& t);
// A [[cloud]] (`cloud`) or an [[offer_compliance]] entry.
ComplianceProfile ParseComplianceProfile(TomlTable& t, bool cloud);

// Fills each offer's latency figures and regions from the profiles that match it (see
// OfferProfile), its error bands from `errors` (by basis) or its calibrated profiles, and
// checks every region id; problems go to `diag`.
void ResolveOffers(std::vector<ApiOffer>* offers, const std::vector<OfferProfile>& profiles,
                   const std::vector<LatencyError>& errors,
                   const std::vector<std::string>& region_ids, Diagnostics* diag);

// Reads `id` and renames the table in messages to "<kind> '<id>'".
std::string ReadEntryId(TomlTable& t, const char* kind);

}  // namespace plan
