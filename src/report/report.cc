#include "report/report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>
#include <tuple>

#include "report/html.h"
#include "report/writers.h"
#include "util/suggest.h"

namespace plan {

CandidateRow MakeCandidateRow(std::string name, std::string kind, const CandidateMetrics& m,
                              const CostSummary& cost, const CandidateRow::Resources& held) {
  CandidateRow row;
  row.name = std::move(name);
  row.kind = std::move(kind);
  row.requests = {m.requests_total, m.requests_completed, m.requests_failed};
  row.latency = {m.ttft_s, m.tpot_s, m.e2e_s, m.queue_s};
  row.throughput = {m.requests_per_s, m.input_tokens_per_s, m.output_tokens_per_s};
  row.slo = {m.slo_attainment, m.goodput_requests_per_s, m.meets_slo, {}};
  row.cost = {cost.total_usd,       cost.usd_per_hour,
              cost.usd_per_month,   cost.usd_per_million_tokens,
              cost.usd_per_request, cost.energy_kwh};
  row.resources = held;
  row.resources.prefix_cache_hit_fraction =
      m.input_tokens > 0 ? static_cast<double>(m.cached_input_tokens) / m.input_tokens : 0;
  row.latency_cdf = m.latency_cdf;
  row.assumptions = cost.assumptions;
  return row;
}

double LoadFraction(const CandidateRow::Load& load) {
  if (load.offered_requests_per_s <= 0 || load.capacity_requests_per_s <= 0) return 0;
  return load.offered_requests_per_s / load.capacity_requests_per_s;
}

std::string SloDescription(const SloSpec& slo) {
  std::string out;
  auto add = [&](const char* what, const std::optional<double>& bound) {
    if (bound) out += fmt::format("{} p99 <= {} s, ", what, *bound);
  };
  add("TTFT", slo.ttft_p99_s);
  add("TPOT", slo.tpot_p99_s);
  add("e2e", slo.e2e_p99_s);
  return out + "no failed requests";
}

int BasisRank(const std::string& basis) {
  static const char* const kOrder[] = {"assumed", "uncalibrated", "published", "fitted",
                                       "calibrated"};
  for (int i = 0; i < 5; ++i)
    if (basis == kOrder[i]) return i;
  return -1;
}

namespace {
const CandidateRow* FindRow(const Report& report, const std::string& name) {
  for (const CandidateRow& row : report.candidates)
    if (row.name == name) return &row;
  return nullptr;
}

// A row's cost and SLO verdict at its bands' edges (its nominal figures when unbounded).
double CostLow(const CandidateRow& r) {
  return r.fidelity.bounded ? r.fidelity.bounds.total_usd.low : r.cost.total_usd;
}
double CostHigh(const CandidateRow& r) {
  return r.fidelity.bounded ? r.fidelity.bounds.total_usd.high : r.cost.total_usd;
}
bool MeetsAtFastEdge(const CandidateRow& r) {
  return r.fidelity.bounded ? r.fidelity.bounds.slo_met_fast : r.slo.met;
}

std::string CostRange(const CandidateRow& r) { return UsdRange(CostLow(r), CostHigh(r)); }

// What to probe so the bands shrink: the leaves of `rows` not calibrated by the team, widest
// band first, each named once.
std::string WhatToProbe(const std::vector<const CandidateRow*>& rows) {
  std::vector<const CandidateFidelity::Leaf*> leaves;
  for (const CandidateRow* r : rows)
    for (const CandidateFidelity::Leaf& l : r->fidelity.leaves) {
      if (l.basis == "calibrated") continue;
      bool seen = false;
      for (const auto* x : leaves) seen |= x->subject == l.subject;
      if (!seen) leaves.push_back(&l);
    }
  std::stable_sort(leaves.begin(), leaves.end(), [](const auto* a, const auto* b) {
    return std::max(a->error_pct, a->speed_error_pct) > std::max(b->error_pct, b->speed_error_pct);
  });
  std::string out;
  for (const auto* l : leaves) {
    if (!out.empty()) out += ", ";
    out += l->speed_error_pct > 0
               ? fmt::format("{} ({}, TTFT +-{:g}%, speed +-{:g}%)", l->subject, l->basis,
                             l->error_pct, l->speed_error_pct)
               : fmt::format("{} ({}, +-{:g}%)", l->subject, l->basis, l->error_pct);
  }
  return out;
}

// Whether choosing `best` survives the error bands: it meets the SLO with every figure at its
// slow edge, and no other candidate could be cheaper while meeting the SLO at its fast edge.
std::string Robustness(const Report& report, const CandidateRow& best) {
  if (!best.fidelity.bounded) return "";
  std::vector<const CandidateRow*> rivals;
  for (const CandidateRow& r : report.candidates)
    if (&r != &best && r.excluded.empty() && MeetsAtFastEdge(r) && CostLow(r) < CostHigh(best))
      rivals.push_back(&r);
  const bool holds_slo = best.fidelity.bounds.slo_met_slow;
  if (holds_slo && rivals.empty())
    return fmt::format(
        "the recommendation holds across the error bands: {} meets the SLO with every figure at "
        "its slow edge (cost {}), and no other candidate could be cheaper while meeting it",
        best.name, CostRange(best));
  std::string out;
  if (!holds_slo) {
    out = fmt::format(
        "{} misses the SLO with its figures at their slow edge (TTFT p99 up to {:.3g} s, SLO "
        "met {} of requests at worst)",
        best.name, best.fidelity.bounds.ttft_p99_s.high,
        FormatPercent(best.fidelity.bounds.slo_attainment.low));
    // The choice that survives the bands, if any: the cheapest meeting the SLO at its slow edge.
    const CandidateRow* safe = nullptr;
    for (const CandidateRow& r : report.candidates)
      if (r.excluded.empty() && r.fidelity.bounded && r.fidelity.bounds.slo_met_slow &&
          (!safe || CostHigh(r) < CostHigh(*safe)))
        safe = &r;
    out += safe ? fmt::format("; the cheapest candidate meeting it even there is {} ({})",
                              safe->name, CostRange(*safe))
                : "; no candidate meets it with every figure at its slow edge";
  }
  if (!rivals.empty()) {
    std::string names, costs;
    for (const CandidateRow* r : rivals) {
      names += fmt::format("{}{}", names.empty() ? "" : ", ", r->name);
      costs += fmt::format(", {} {}", r->name, CostRange(*r));
    }
    out +=
        fmt::format("{}{} and {} are within each other's error (cost {} {}{})",
                    out.empty() ? "" : "; ", best.name, names, best.name, CostRange(best), costs);
  }
  std::vector<const CandidateRow*> probe = {&best};
  probe.insert(probe.end(), rivals.begin(), rivals.end());
  const std::string what = WhatToProbe(probe);
  if (!what.empty())
    out += fmt::format(": probe before buying (plan probe, then plan calibrate): {}", what);
  return out;
}
}  // namespace

std::string Recommend(Report* report) {
  const CandidateRow* best = nullptr;
  for (const CandidateRow& row : report->candidates) {
    if (!row.slo.met || !row.excluded.empty()) continue;
    // The cost of serving this very workload (the same requests for every candidate); a
    // monthly rate would favour a slow cheap fleet on an offline job. Ties: the faster TTFT.
    auto key = [](const CandidateRow& r) {
      return std::tuple(r.cost.total_usd, r.latency.ttft_s.p99, std::string_view(r.name));
    };
    if (!best || key(row) < key(*best)) best = &row;
  }
  if (!best) {
    report->recommendation.clear();
    report->robustness.clear();
    const bool excluded =
        std::any_of(report->candidates.begin(), report->candidates.end(),
                    [](const CandidateRow& r) { return r.slo.met && !r.excluded.empty(); });
    if (excluded)
      report->warnings.push_back(fmt::format(
          "no compliant candidate meets the SLO ({}): every candidate meeting it lacks a "
          "requirement ({}); nothing is recommended",
          SloDescription(report->slo), fmt::join(report->require, ", ")));
    else
      report->warnings.push_back(fmt::format(
          "no candidate meets the SLO ({}); nothing is recommended", SloDescription(report->slo)));
    std::vector<const CandidateRow*> could;
    for (const CandidateRow& r : report->candidates)
      if (r.excluded.empty() && r.fidelity.bounded && r.fidelity.bounds.slo_met_fast)
        could.push_back(&r);
    if (!could.empty()) {
      std::string names;
      for (const CandidateRow* r : could) names += (names.empty() ? "" : ", ") + r->name;
      report->warnings.push_back(fmt::format(
          "within the error bands, {} could meet it (with every figure at its fast edge): probe "
          "before ruling {} out (plan probe, then plan calibrate): {}",
          names, could.size() == 1 ? "it" : "them", WhatToProbe(could)));
    }
    return "";
  }
  report->recommendation = best->name;
  report->robustness = Robustness(*report, *best);
  return best->name;
}

std::string RecommendationLine(const Report& report) {
  const CandidateRow* row = FindRow(report, report.recommendation);
  if (!row) return "";
  const auto meeting = std::count_if(report.candidates.begin(), report.candidates.end(),
                                     [](const CandidateRow& r) { return r.slo.met; });
  std::string line = fmt::format(
      "* {} is recommended: the cheapest candidate meeting the SLO{}, {} for this "
      "workload ({}/month) ({} of {} meet {})",
      row->name,
      report.require.empty()
          ? ""
          : fmt::format(" and the requirements ({})", fmt::join(report.require, ", ")),
      FormatUsd(row->cost.total_usd), FormatUsd(row->cost.usd_per_month), meeting,
      report.candidates.size(), SloDescription(report.slo));
  // Cheapest is not "as good" when the answers come from different models.
  std::vector<std::string> models;
  for (const CandidateRow& r : report.candidates)
    for (const std::string& m : r.models)
      if (std::find(models.begin(), models.end(), m) == models.end()) models.push_back(m);
  if (models.size() > 1)
    line += fmt::format(
        ". The candidates serve different models ({}): this compares cost and latency only, not "
        "the quality of their answers",
        fmt::join(models, ", "));
  return line;
}

std::vector<std::string> ExclusionLines(const Report& report) {
  std::vector<std::string> out;
  for (const CandidateRow& r : report.candidates) {
    if (r.excluded.empty()) continue;
    if (out.empty())
      out.push_back(
          fmt::format("Excluded from the recommendation by require ({}); still "
                      "simulated above:",
                      fmt::join(report.require, ", ")));
    for (const std::string& why : r.excluded) out.push_back(fmt::format("  {}: {}", r.name, why));
  }
  return out;
}

Result<ReportFormat> ParseReportFormat(const std::string& name) {
  if (name == "table") return ReportFormat::kTable;
  if (name == "json") return ReportFormat::kJson;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "md") return ReportFormat::kMd;
  if (name == "html") return ReportFormat::kHtml;
  return Status::Invalid(
      UnknownNameMessage("report format", name, {"csv", "html", "json", "md", "table"}));
}

std::string RenderReport(const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kTable:
      return RenderTable(report);
    case ReportFormat::kJson:
      return RenderJson(report);
    case ReportFormat::kCsv:
      return RenderCsv(report);
    case ReportFormat::kMd:
      return RenderMarkdown(report);
    case ReportFormat::kHtml:
      return RenderHtml(HtmlInputs{&report, nullptr, nullptr});
  }
  return "";
}

}  // namespace plan
