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
          "e2e p99 (s)",  "SLO met",      "GPUs",          "error"};
}

std::vector<bool> SummaryRightAligned() {
  return {false, false, true, true, true, true, true, true, true, true, true, true};
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
          row.resources.gpus > 0 ? fmt::format("{}", row.resources.gpus) : "-",
          row.fidelity.error_pct > 0 ? fmt::format("+-{:g}%", row.fidelity.error_pct) : "-"};
}

namespace {
std::string RangeText(const CandidateFidelity::Range& r, const char* fmt_spec, double scale) {
  const std::string low = fmt::format(fmt::runtime(fmt_spec), r.low * scale);
  const std::string high = fmt::format(fmt::runtime(fmt_spec), r.high * scale);
  return low == high ? low : low + "-" + high;
}
std::string UsdRange(const CandidateFidelity::Range& r) {
  const std::string low = FormatUsd(r.low), high = FormatUsd(r.high);
  return low == high ? low : low + "-" + high;
}
}  // namespace

std::vector<std::string> BoundsLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& row : report.candidates) {
    const CandidateFidelity& f = row.fidelity;
    if (!f.bounded) continue;
    if (out.empty())
      out.push_back(
          "Bounds (every figure at the fast and the slow edge of its error band, same requests):");
    const CandidateFidelity::Bounds& b = f.bounds;
    out.push_back(fmt::format(
        "  {}: cost {} ({}/month), TTFT p99 {} s, TPOT p99 {} ms, e2e p99 {} s, SLO met {} at "
        "the fast edge, {} at the slow; {} figures (+-{:g}%)",
        row.name, UsdRange(b.total_usd), UsdRange(b.usd_per_month),
        RangeText(b.ttft_p99_s, "{:.3f}", 1), RangeText(b.tpot_p99_s, "{:.1f}", 1000),
        RangeText(b.e2e_p99_s, "{:.2f}", 1), b.slo_met_fast ? "yes" : "no",
        b.slo_met_slow ? "yes" : "no", f.basis, f.error_pct));
  }
  if (!report.robustness.empty()) {
    if (!out.empty()) out.emplace_back();  // a paragraph of its own
    out.push_back(report.robustness);
  }
  return out;
}

}  // namespace plan
