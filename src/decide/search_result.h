// The search report from the results of every shard: the same function serves an unsharded
// run and `plan merge`, so both give the same report byte for byte.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "decide/search_part.h"
#include "report/search_report.h"

namespace plan {

// REQUIRES: `results` ascending index, at most one per configuration of `space`.
SearchReport BuildSearchReport(const SearchSpaceInfo& space,
                               const std::vector<PointResult>& results);

// Joins the part files of one search (path, part): they must share a fingerprint and a shard
// count, cover every shard exactly once, and each hold every result its shard owns.
Result<SearchReport> MergeParts(const std::vector<std::pair<std::string, SearchPart>>& parts);

// Names of the configurations on the frontier of cost vs `latency`. Cost is what serving the
// scenario's workload costs (cost.total_usd), as the recommendation judges it: every
// configuration serves the same requests. Ascending cost, each with a strictly lower latency
// than every cheaper one; ties in cost: lower latency, then name. Rows with failed or no
// completed requests take no part, nor overloaded ones (CandidateRow::Load): their latencies
// measure how long the workload ran, not the configuration.
std::vector<std::string> ParetoFrontier(const std::vector<CandidateRow>& rows,
                                        double (*latency)(const CandidateRow&));

}  // namespace plan
