// The human-readable summary shared by the terminal table and the Markdown table.
#include <fmt/format.h>

#include <cmath>
#include <string>

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

std::string UsdRange(double low, double high) {
  const std::string a = FormatUsd(low), b = FormatUsd(high);
  return a == b ? a : a + "-" + b;
}

std::string FormatPercent(double fraction) {
  std::string s = fmt::format("{:.1f}", fraction * 100);
  // Rounding 99.96% up to "100.0%" would claim every request met the SLO.
  if (fraction < 1 && s == "100.0") s = "99.9";
  return s + "%";
}

std::string FormatSig3(double v) {
  if (v == 0 || !std::isfinite(v)) return fmt::format("{:g}", v);
  const double a = std::fabs(v);
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  if (magnitude >= 2) {
    // Whole numbers, the digits past the third zeroed ("2,470").
    const double unit = std::pow(10.0, magnitude - 2);
    std::string digits = fmt::format("{}", std::llround(std::round(a / unit) * unit));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
    return (v < 0 ? "-" : "") + digits;
  }
  std::string out = fmt::format("{:.{}f}", v, 2 - magnitude);
  // Rounding up may add a digit (9.996 -> "10.00"): drop the one too many.
  if (std::fabs(std::stod(out)) >= std::pow(10.0, magnitude + 1) &&
      out.find('.') != std::string::npos)
    out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::vector<std::string> SloMisses(const SloSpec& slo, const CandidateRow& row) {
  std::vector<std::string> out;
  if (row.requests.completed <= 0) out.push_back("nothing completed");
  if (slo.ttft_p99_s && row.latency.ttft_s.p99 > *slo.ttft_p99_s) out.push_back("TTFT");
  if (slo.tpot_p99_s && row.latency.tpot_s.p99 > *slo.tpot_p99_s) out.push_back("TPOT");
  if (slo.e2e_p99_s && row.latency.e2e_s.p99 > *slo.e2e_p99_s) out.push_back("e2e");
  if (row.requests.failed > 0) out.push_back("failed");
  return out;
}

bool NoTpot(const CandidateRow& row) {
  return row.requests.completed > 0 && row.latency.tpot_s == LatencyStats{};
}

std::vector<std::string> SummaryHeader() {
  return {"name",         "kind",         "$/month",       "$/1M tok (in+out)",
          "TTFT p50 (s)", "TTFT p99 (s)", "TPOT p50 (ms)", "TPOT p99 (ms)",
          "e2e p99 (s)",  "in SLO",       "SLO",           "GPUs",
          "load",         "error"};
}

std::vector<bool> SummaryRightAligned() {
  return {false, false, true, true, true, true, true, true, true, true, false, true, true, true};
}

std::vector<std::string> SummaryCells(const CandidateRow& row, bool recommended,
                                      const SloSpec& slo) {
  const auto& l = row.latency;
  // Which clauses fail, judged as the verdict is (metrics/slo.h): "met", or "TTFT+failed".
  std::string verdict;
  for (const std::string& miss : SloMisses(slo, row))
    verdict += (verdict.empty() ? "" : "+") + miss;
  if (verdict.empty()) verdict = row.slo.met ? "met" : "missed";
  if (row.load.overloaded) verdict += ", overloaded";
  const bool no_tpot = NoTpot(row);
  return {recommended ? row.name + " *" : row.name,
          row.kind,
          FormatUsd(row.cost.usd_per_month),
          FormatUsd(row.cost.usd_per_million_tokens),
          FormatSig3(l.ttft_s.p50),
          FormatSig3(l.ttft_s.p99),
          no_tpot ? "-" : FormatSig3(l.tpot_s.p50 * 1000),
          no_tpot ? "-" : FormatSig3(l.tpot_s.p99 * 1000),
          FormatSig3(l.e2e_s.p99),
          FormatPercent(row.slo.attainment),
          verdict,
          row.resources.gpus > 0 ? fmt::format("{}", row.resources.gpus) : "-",
          LoadFraction(row.load) > 0 ? FormatSig3(LoadFraction(row.load)) : "-",
          row.fidelity.error_pct > 0 ? fmt::format("+-{:g}%", row.fidelity.error_pct) : "-"};
}

namespace {
std::string RangeText(const CandidateFidelity::Range& r, double scale) {
  const std::string low = FormatSig3(r.low * scale);
  const std::string high = FormatSig3(r.high * scale);
  return low == high ? low : low + "-" + high;
}
std::string UsdRange(const CandidateFidelity::Range& r) { return plan::UsdRange(r.low, r.high); }
}  // namespace

std::vector<std::string> OverloadLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& row : report.candidates) {
    const CandidateRow::Load& l = row.load;
    if (!l.overloaded) continue;
    out.push_back(fmt::format(
        "overloaded: {} still had {} of its {} requests ({}) waiting or running when the last one "
        "arrived, {} s into the workload, and took {} s more to finish them: the offered load is "
        "beyond what it serves, so its latencies grow with the length of the run",
        row.name, l.backlog, row.requests.total,
        FormatPercent(static_cast<double>(l.backlog) / static_cast<double>(row.requests.total)),
        FormatSig3(l.arrival_span_s), FormatSig3(l.drain_s)));
    if (LoadFraction(l) > 0)
      out.back() += fmt::format(" ({} req/s offered, {}x its roofline capacity of {} req/s)",
                                FormatSig3(l.offered_requests_per_s), FormatSig3(LoadFraction(l)),
                                FormatSig3(l.capacity_requests_per_s));
  }
  return out;
}

std::vector<std::string> HeadroomLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& row : report.candidates) {
    const CandidateRow::Headroom& h = row.headroom;
    if (!h.computed) continue;
    if (out.empty())
      out.push_back(
          "Headroom (the highest request rate meeting the SLO on this request mix, the workload "
          "replayed faster or slower):");
    const double offered = h.offered_requests_per_s;
    std::string what;
    if (h.meets_requests_per_s <= 0) {
      what = fmt::format("misses the SLO even at {} req/s ({}x the offered {})",
                         FormatSig3(h.misses_requests_per_s),
                         FormatSig3(h.misses_requests_per_s / offered), FormatSig3(offered));
    } else if (h.misses_requests_per_s <= 0) {
      what = fmt::format("meets it at {} req/s and more ({}x the offered {}; not searched beyond)",
                         FormatSig3(h.meets_requests_per_s),
                         FormatSig3(h.meets_requests_per_s / offered), FormatSig3(offered));
    } else {
      what = fmt::format("{} req/s, {}x the offered {} (misses it at {})",
                         FormatSig3(h.meets_requests_per_s),
                         FormatSig3(h.meets_requests_per_s / offered), FormatSig3(offered),
                         FormatSig3(h.misses_requests_per_s));
    }
    if (row.load.capacity_requests_per_s > 0)
      what +=
          fmt::format("; roofline bound {} req/s", FormatSig3(row.load.capacity_requests_per_s));
    out.push_back(fmt::format("  {}: {}", row.name, what));
  }
  return out;
}

std::vector<std::string> InterruptionLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& row : report.candidates) {
    const CandidateRow::Interruptions& in = row.interruptions;
    if (!in.modelled) continue;
    if (out.empty())
      out.push_back(
          "Spot interruptions (a reclaimed replica's requests restart from scratch; the cost is "
          "the engine time thrown away):");
    out.push_back(fmt::format(
        "  {}: {} interruptions, {} requests restarted, {} prompt + {} output tokens recomputed, "
        "{} ({} of its cost)",
        row.name, in.count, in.requests_restarted, in.recomputed_prefill_tokens,
        in.recomputed_decode_tokens, FormatUsd(in.recomputed_cost_usd),
        FormatPercent(row.cost.total_usd > 0 ? in.recomputed_cost_usd / row.cost.total_usd : 0)));
  }
  return out;
}

std::vector<std::string> CompositeLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& row : report.candidates) {
    if (row.tiers.empty()) continue;
    std::string tiers;
    for (const CandidateRow::Tier& t : row.tiers) {
      if (t.requests == 0 && t.cost_usd == 0) continue;
      tiers += fmt::format(
          "{}{} {} ({} requests, {}{})", tiers.empty() ? "" : "; ", t.name, FormatPercent(t.share),
          t.requests, FormatUsd(t.cost_usd),
          t.ttft_p99_s > 0 ? fmt::format(", TTFT p99 {:.3g} s", t.ttft_p99_s) : std::string());
    }
    out.push_back(fmt::format("{} ({}): {}", row.name, row.kind, tiers));
    // The per-tier notes ("tier X: ...") restate the line above; the rest are the nodes' own.
    for (const std::string& note : row.notes)
      if (note.rfind("tier ", 0) != 0) out.push_back("  " + note);
  }
  return out;
}

std::vector<std::string> BoundsLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& row : report.candidates) {
    const CandidateFidelity& f = row.fidelity;
    if (!f.bounded) continue;
    if (out.empty())
      out.push_back(
          "Bounds (every figure at the fast and the slow edge of its error band, same requests):");
    const CandidateFidelity::Bounds& b = f.bounds;
    const std::string tpot =
        NoTpot(row) ? "-" : fmt::format("{} ms", RangeText(b.tpot_p99_s, 1000));
    out.push_back(fmt::format(
        "  {}: cost {} ({}/month), TTFT p99 {} s, TPOT p99 {}, e2e p99 {} s, SLO met {} at "
        "the fast edge, {} at the slow; {} figures (+-{:g}%)",
        row.name, UsdRange(b.total_usd), UsdRange(b.usd_per_month), RangeText(b.ttft_p99_s, 1),
        tpot, RangeText(b.e2e_p99_s, 1), b.slo_met_fast ? "yes" : "no",
        b.slo_met_slow ? "yes" : "no", f.basis, f.error_pct));
  }
  if (!report.robustness.empty()) {
    if (!out.empty()) out.emplace_back();  // a paragraph of its own
    out.push_back(report.robustness);
  }
  return out;
}

}  // namespace plan
