#include "scenario/candidate_kind.h"

namespace plan {

const std::vector<std::string>& CandidateKindNames() {
  static const std::vector<std::string> names = {"self_hosted",  "api",  "hybrid",
                                                 "multi_region", "edge", "failover"};
  return names;
}

const char* CandidateKindName(CandidateKind kind) {
  return CandidateKindNames()[static_cast<size_t>(kind)].c_str();
}

std::optional<CandidateKind> ParseCandidateKind(std::string_view name) {
  const std::vector<std::string>& names = CandidateKindNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<CandidateKind>(i);
  return std::nullopt;
}

}  // namespace plan
