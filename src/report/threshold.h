// CI thresholds for `plan diff`: "usd_per_month > +5%" and the like, judged per candidate.
//
// Grammar (spaces between tokens are optional):
//   threshold := metric op bound
//   metric    := NAME ('.' NAME)*   a numeric field of a plan.report/v1 candidate, by its
//                                   path below the candidate ("cost.usd_per_month",
//                                   "latency.ttft_s.p99"); any unique suffix of whole names
//                                   will do ("usd_per_month", "ttft_s.p99", "attainment")
//   op        := '>' | '>=' | '<' | '<='
//   bound     := '+' NUMBER '%' | '-' NUMBER '%'   relative: (new - base) / base op bound/100
//              | '+' NUMBER | '-' NUMBER           absolute change: new - base op bound
//              | NUMBER                            the new value itself: new op bound
// A relative change from a base of 0 is 0 when the new value is 0 too, else +/-infinity, so a
// cost appearing from nothing crosses "> +5%". A metric a report does not have (the fidelity
// figures of an older report or of a run without bounds) is absent: no threshold is crossed.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace plan {

struct Threshold {
  enum class Op { kGreater, kGreaterEqual, kLess, kLessEqual };
  enum class Mode { kNewValue, kAbsoluteChange, kRelativeChange };

  std::string text;    // as the user wrote it
  std::string metric;  // the full path, e.g. "cost.usd_per_month"
  Op op = Op::kGreater;
  Mode mode = Mode::kNewValue;
  double bound = 0;  // relative changes as a fraction: "+5%" is 0.05
};

// Every metric a threshold may name, as full paths in report order.
const std::vector<std::string>& ThresholdMetrics();

// What MetricValue gives for a metric the row does not have: a quiet NaN, which every
// comparison treats as false.
inline constexpr double kAbsentMetric = std::numeric_limits<double>::quiet_NaN();
inline bool IsAbsent(double v) { return v != v; }

// The metric's value in `row`, or kAbsentMetric. REQUIRES: `metric` is one of
// ThresholdMetrics().
double MetricValue(const CandidateRow& row, const std::string& metric);

// Parses one expression given to `flag` (e.g. "--fail-on"). Errors read
// "FLAG:1:COL: message" followed by the expression and a caret under the column.
Result<Threshold> ParseThreshold(const std::string& text, const std::string& flag);

// The quantity compared with the bound: the new value, new - base, or the relative change.
double ThresholdQuantity(const Threshold& t, double base, double now);

// True when the comparison holds, i.e. the threshold is crossed.
bool ThresholdCrossed(const Threshold& t, double base, double now);

}  // namespace plan
