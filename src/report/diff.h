// `plan diff`: two reports compared candidate by candidate (matched by name), with CI
// thresholds judged on every candidate present in both. Rendered as a table, as Markdown for a
// pull-request comment (empty when nothing changed), or as GitHub Actions annotations.
#pragma once

#include <string>
#include <vector>

#include "report/report.h"
#include "report/threshold.h"

namespace plan {

// One metric of one candidate in both reports.
struct MetricChange {
  std::string metric;  // a ThresholdMetrics() path
  double base = 0;
  double now = 0;
  // As the reader sees it: values that print the same (FormatMetric) are no change, so a diff
  // never shows "$0.109 -> $0.109", and a figure absent from both reports (threshold.h's
  // kAbsentMetric, printed "-") is none either. Thresholds still judge the exact values.
  bool changed() const;
};

struct CandidateDiff {
  std::string name;
  bool slo_met_base = false, slo_met_now = false;
  // Ruled out by the scenario's `require` (CandidateRow::excluded non-empty).
  bool excluded_base = false, excluded_now = false;
  // The headline metrics (DiffHeadlineMetrics()) plus any a threshold names, in that order.
  std::vector<MetricChange> metrics;
  bool changed() const;
};

// A threshold that holds for a candidate.
struct Crossing {
  bool fail = false;  // else a warning
  std::string candidate;
  Threshold threshold;
  double base = 0, now = 0;
};

struct ReportDiff {
  std::string base_path, new_path;
  std::string scenario_base, scenario_new;
  std::vector<CandidateDiff> candidates;                // in the new report's order
  std::vector<std::string> added;                       // only in the new report
  std::vector<std::string> removed;                     // only in the base report
  std::string recommendation_base, recommendation_new;  // "" = none
  std::vector<Threshold> fail_on, warn_on;
  std::vector<Crossing> crossings;  // fails first, then warnings; each in candidate order

  bool changed() const;  // any metric, candidate, verdict or recommendation differs
  int failures() const;
  int warnings() const;
};

// Cost, latency percentiles and SLO attainment: what every diff shows.
const std::vector<std::string>& DiffHeadlineMetrics();

ReportDiff DiffReports(const Report& base, const Report& now, std::vector<Threshold> fail_on,
                       std::vector<Threshold> warn_on);

enum class DiffFormat { kTable, kMarkdown, kGithub };

// "table" (the name every command gives its plain format), "md", "github"; anything else is
// bad input with a "did you mean". (The CLI still takes "text", the old name for table.)
Result<DiffFormat> ParseDiffFormat(const std::string& name);

std::string RenderDiff(const ReportDiff& diff, DiffFormat format);

// How a metric's value prints in a diff: "$8,620", "0.412 s", "35.2 ms", "99.5%", "12".
std::string FormatMetric(const std::string& metric, double value);
// How its change prints: "+5.0%" (relative), "-1.2 pp" (attainment, in percentage points),
// "new" from a base of 0, "=" when equal.
std::string FormatChange(const std::string& metric, double base, double now);
// "cost.usd_per_month $8,620 -> $9,050 (+5.0%) crosses 'usd_per_month > +5%'".
std::string CrossingSentence(const Crossing& c);

}  // namespace plan
