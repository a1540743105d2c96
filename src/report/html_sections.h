// Internal to report/: the sections of the HTML page, each an HTML fragment with its charts.
#pragma once

#include <string>
#include <vector>

#include "report/breakeven_report.h"
#include "report/report.h"
#include "report/search_report.h"

namespace plan {

// The most candidates drawn on one latency chart; more would be unreadable.
inline constexpr size_t kMaxCdfCurves = 8;

std::string SummarySection(const Report& report, const std::vector<const CandidateRow*>& rows);
// TTFT, TPOT and e2e tails as complementary CDFs (charts #ttft-cdf, #tpot-cdf when the report
// has TPOT quantiles, #e2e-cdf), with the SLO's bounds.
std::string LatencySection(const Report& report, const std::vector<const CandidateRow*>& rows);
// Monthly cost bars; requests split by outcome, and for composites requests and cost by tier.
std::string CostSection(const std::vector<const CandidateRow*>& rows);
std::string SplitSection(const std::vector<const CandidateRow*>& rows);
// Each candidate's error band, basis and bounds (absent when no row records its fidelity).
std::string FidelitySection(const std::vector<const CandidateRow*>& rows);
// Cost vs volume (chart #cost-vs-volume), crossovers, bands and sensitivity.
std::string BreakevenSection(const BreakevenReport& b);
// Pareto frontiers (charts #pareto-ttft and #pareto-tpot) and pruning.
std::string SearchSection(const SearchReport& s);

}  // namespace plan
