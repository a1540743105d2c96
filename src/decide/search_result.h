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
// measure how long the workload ran, not the configuration. Nor do runs stopped early
// (CandidateRow::stopped): a search leaves stopped only those MightBeOnFrontier rules out.
std::vector<std::string> ParetoFrontier(const std::vector<CandidateRow>& rows,
                                        double (*latency)(const CandidateRow&));

// Whether a stopped run `row` might be on the TTFT or TPOT frontier of the rows an exhaustive
// search would give; false for a run that was not stopped. It cannot when its whole run is
// sure to take no part (a request failed, or the backlog at the last arrival already makes it
// overloaded), or when, on each frontier, a run to the end among `rows` that takes part costs
// less than the stopped row's cost (a lower bound on its whole run's, for a fixed fleet) with a
// p99 no higher than the stopped row's lower bound on it: that row comes first in the
// frontier's order and the stopped one never improves on it.
bool MightBeOnFrontier(const CandidateRow& row, const std::vector<const CandidateRow*>& rows);

// Whether stopped `x`, once run to the end, might rule stopped `row` off a frontier: x costs
// less (at its lower bound) and one of its p99 lower bounds is no higher than row's. A search
// re-runs `row` only once no such x is left stopped.
bool MightRuleOut(const CandidateRow& x, const CandidateRow& row);

}  // namespace plan
