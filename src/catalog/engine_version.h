// An engine release's scheduler defaults, which depend on the GPU (vLLM picks its token budget
// by device memory and name) and are chosen by a scenario's `engine_version`.
#pragma once

#include <string>
#include <vector>

#include "util/source_loc.h"

namespace plan {

// One rule of a release: the limits apply to a GPU meeting every condition given. A release's
// rules are tried in file order; the first match wins.
struct EngineLimitRule {
  double min_memory_bytes = 0;                 // device memory at least this (0: any)
  double max_memory_bytes = 0;                 // device memory below this (0: any)
  std::vector<std::string> gpu_name_includes;  // one of them in the GPU's name (case-insensitive)
  std::vector<std::string> gpu_name_excludes;  // none of them in the GPU's name
  int max_num_seqs = 0;                        // 0: keep the engine's default
  int max_batched_tokens = 0;                  // 0: keep the engine's default
  std::string when;                            // the condition in words, for reports
  SourceLoc loc;
  bool operator==(const EngineLimitRule&) const = default;
};

struct EngineVersion {
  std::string id;        // "0.9.0": the first release with these rules
  std::string released;  // YYYY-MM-DD, when known
  std::vector<EngineLimitRule> limits;
  std::string source;
  SourceLoc loc;
  bool operator==(const EngineVersion&) const = default;
};

// Dotted versions compared number by number ("0.10.0" > "0.9.0"); a non-numeric part compares
// as text. Negative, zero or positive like strcmp.
int CompareVersions(const std::string& a, const std::string& b);

}  // namespace plan
