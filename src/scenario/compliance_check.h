// A scenario's `require` checked against every tier of a candidate: the API offers it may send
// requests to (by their provider's statements in catalog/compliance.toml) and the fleets it
// runs (self-hosted; their cloud's statements and their region's jurisdiction). The walk
// follows the same references as the target tree (arch/target_tree.h): hybrid tiers, failover
// chains, multi_region deployments; a response cache adds no tier of its own.
//
// An attribute nobody states publicly is unknown, and unknown fails a requirement: a candidate
// is compliant only when every tier it may send data to is known to have every attribute.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "scenario/scenario.h"

namespace plan {

enum class Attribute { kYes, kNo, kUnknown };

// What an API offer has: its provider's statement (self_hosted: never).
Attribute OfferAttribute(const Catalog& catalog, const std::string& offer,
                         const std::string& attribute);
// What a fleet has. `region` is where it runs ("" = its spec's own region): eu_data_boundary is
// its jurisdiction being "eu"; hipaa, soc2 and iso27001 come from its cloud; self_hosted and
// zero_data_retention hold by construction.
Attribute FleetAttribute(const Catalog& catalog, const SelfHostedSpec& fleet,
                         const std::string& region, const std::string& attribute);

// One sentence per tier of `c` lacking any of `scenario.require`, in tier order; empty when it
// meets them all (or nothing is required). A tier reached through a failover fallback reads
// "failover would send data to fallback 1 (x), which lacks hipaa"; any other reads
// "cheap (x) lacks hipaa, soc2 (unknown)" ("(unknown)": no public statement found).
std::vector<std::string> ComplianceFailures(const Scenario& scenario, const CandidateSpec& c,
                                            const Catalog& catalog);

}  // namespace plan
