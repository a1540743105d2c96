// What a [[candidate]] is: the scenario's `kind` string, parsed once. Code compares the enum;
// reports print CandidateKindName, the same string the scenario gave.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plan {

enum class CandidateKind { kSelfHosted, kApi, kHybrid, kMultiRegion, kEdge, kFailover };

// "self_hosted", "api", "hybrid", "multi_region", "edge", "failover": in the enum's order.
const std::vector<std::string>& CandidateKindNames();
const char* CandidateKindName(CandidateKind kind);
// nullopt for anything not in CandidateKindNames().
std::optional<CandidateKind> ParseCandidateKind(std::string_view name);

// api, self_hosted and edge are one target each; the other kinds are built from targets.
inline bool IsSingleTargetKind(CandidateKind kind) {
  return kind == CandidateKind::kApi || kind == CandidateKind::kSelfHosted ||
         kind == CandidateKind::kEdge;
}

}  // namespace plan
