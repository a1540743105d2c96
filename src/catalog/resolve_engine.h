// An engine as it runs on one GPU at one tensor-parallel degree: the scheduler limits its
// release picks for that GPU (vLLM's depend on device memory and name) and, for SGLang, the
// memory fraction for tp. Scenario overrides are applied on top by the caller.
#pragma once

#include <string>

#include "catalog/engine_profile.h"
#include "catalog/gpu_spec.h"

namespace plan {

struct ResolvedEngine {
  EngineProfile engine;  // a copy with max_num_seqs / max_batched_tokens resolved
  std::string version;   // the release whose rules applied; "" when the catalog lists none
  bool newest = false;   // the version was not asked for: the newest the catalog knows
  // One sentence for the report's assumptions, e.g. "engine vllm 0.28.0 (the newest release the
  // catalog knows; pin it with engine_version): max_num_seqs 1024, max_batched_tokens 16384 on GPUs
  // with memory >= 70 GiB, name without 'A100'".
  std::string description;
};

// `version` "" picks the newest release. REQUIRES: version empty or one of e.VersionIds().
ResolvedEngine ResolveEngine(const EngineProfile& e, const GpuSpec& gpu,
                             const std::string& version);

}  // namespace plan
