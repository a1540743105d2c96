// The human-readable summary shared by the terminal table and the Markdown table.
#include <fmt/format.h>

#include <cmath>

#include "report/writers.h"

namespace plan {

std::string FormatUsd(double usd) {
  if (usd == 0) return "$0";
  const char* sign = usd < 0 ? "-" : "";
  const double a = std::fabs(usd);
  if (a < 1) return fmt::format("{}${:.3g}", sign, a);
  if (a < 1000) return fmt::format("{}${:.2f}", sign, a);
  std::string digits = fmt::format("{}", std::llround(a));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return fmt::format("{}${}", sign, digits);
}

std::string FormatPercent(double fraction) {
  std::string s = fmt::format("{:.1f}", fraction * 100);
  // Rounding 99.96% up to "100.0%" would claim every request met the SLO.
  if (fraction < 1 && s == "100.0") s = "99.9";
  return s + "%";
}

std::vector<std::string> SummaryHeader() {
  return {"name",         "kind",         "$/month",       "$/1M tok",
          "TTFT p50 (s)", "TTFT p99 (s)", "TPOT p50 (ms)", "TPOT p99 (ms)",
          "e2e p99 (s)",  "SLO met",      "GPUs"};
}

std::vector<bool> SummaryRightAligned() {
  return {false, false, true, true, true, true, true, true, true, true, true};
}

std::vector<std::string> SummaryCells(const CandidateRow& row, bool recommended) {
  const auto& l = row.latency;
  return {recommended ? row.name + " *" : row.name,
          row.kind,
          FormatUsd(row.cost.usd_per_month),
          FormatUsd(row.cost.usd_per_million_tokens),
          fmt::format("{:.3f}", l.ttft_s.p50),
          fmt::format("{:.3f}", l.ttft_s.p99),
          fmt::format("{:.1f}", l.tpot_s.p50 * 1000),
          fmt::format("{:.1f}", l.tpot_s.p99 * 1000),
          fmt::format("{:.2f}", l.e2e_s.p99),
          FormatPercent(row.slo.attainment),
          row.resources.gpus > 0 ? fmt::format("{}", row.resources.gpus) : "-"};
}

}  // namespace plan
