#include "report/report.h"

#include <fmt/format.h>

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
  row.slo = {m.slo_attainment, m.goodput_requests_per_s, m.meets_slo};
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

namespace {
const CandidateRow* FindRow(const Report& report, const std::string& name) {
  for (const CandidateRow& row : report.candidates)
    if (row.name == name) return &row;
  return nullptr;
}
}  // namespace

std::string Recommend(Report* report) {
  const CandidateRow* best = nullptr;
  for (const CandidateRow& row : report->candidates) {
    if (!row.slo.met) continue;
    // The cost of serving this very workload (the same requests for every candidate); a
    // monthly rate would favour a slow cheap fleet on an offline job. Ties: the faster TTFT.
    auto key = [](const CandidateRow& r) {
      return std::tuple(r.cost.total_usd, r.latency.ttft_s.p99, std::string_view(r.name));
    };
    if (!best || key(row) < key(*best)) best = &row;
  }
  if (!best) {
    report->recommendation.clear();
    report->warnings.push_back(fmt::format(
        "no candidate meets the SLO ({}); nothing is recommended", SloDescription(report->slo)));
    return "";
  }
  report->recommendation = best->name;
  return best->name;
}

std::string RecommendationLine(const Report& report) {
  const CandidateRow* row = FindRow(report, report.recommendation);
  if (!row) return "";
  const auto meeting = std::count_if(report.candidates.begin(), report.candidates.end(),
                                     [](const CandidateRow& r) { return r.slo.met; });
  return fmt::format(
      "* {} is recommended: the cheapest candidate meeting the SLO, {} for this "
      "workload ({}/month) ({} of {} meet {})",
      row->name, FormatUsd(row->cost.total_usd), FormatUsd(row->cost.usd_per_month), meeting,
      report.candidates.size(), SloDescription(report.slo));
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
