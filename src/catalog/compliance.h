// Compliance attributes (catalog/compliance.toml): what an API offer's provider, or a cloud a
// fleet runs in, publicly states about HIPAA, SOC 2, ISO 27001, zero data retention and the EU
// data boundary, each with the page it came from and the date it was read. An attribute nobody
// states publicly is unknown, never assumed false; a scenario's `require` treats unknown as a
// failure (scenario/compliance_check.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/source_loc.h"

namespace plan {

// The attributes a scenario may require, in this order everywhere: "hipaa", "soc2",
// "iso27001", "zero_data_retention", "eu_data_boundary", "self_hosted". The last is never
// read from the catalog: a fleet or an edge device is self-hosted, an API offer is not.
const std::vector<std::string>& ComplianceAttributeNames();
// The ones a catalog entry may state (all but "self_hosted").
const std::vector<std::string>& StatedComplianceAttributeNames();

// One stated attribute: its value and where it was read.
struct ComplianceFact {
  std::string attribute;
  bool value = false;
  std::string source;   // a public URL
  std::string checked;  // YYYY-MM-DD, the date it was read
  SourceLoc loc;
  bool operator==(const ComplianceFact&) const = default;
};

// A [[offer_compliance]] entry (id = its `match`: an offer id or a prefix ending in '*', as
// OfferProfile; per attribute the most specific entry stating it wins) or a [[cloud]] entry
// (id = the cloud a self_hosted candidate names with `cloud`).
struct ComplianceProfile {
  std::string id;
  std::string name;  // clouds: the provider's name
  std::vector<ComplianceFact> facts;
  SourceLoc loc;

  const ComplianceFact* Find(const std::string& attribute) const;
  bool operator==(const ComplianceProfile&) const = default;
};

}  // namespace plan
