// The terminal view of a probe: one block per load level.
#pragma once

#include <string>
#include <vector>

#include "probe/probe_result.h"

namespace plan {

// A heading line (load, counts, throughput), a table of TTFT / TPOT / ITL / e2e (mean, p50,
// p90, p99, max), and the distinct errors of failed requests with their counts.
std::string RenderLevel(const LevelSummary& level, const std::vector<ProbeRow>& rows);

}  // namespace plan
