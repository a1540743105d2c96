// The search report for people: the space, the best configuration, the cheapest ones meeting
// the SLO, both Pareto frontiers and why configurations were pruned. CSV is the candidates'.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

#include "report/html.h"
#include "report/search_report.h"
#include "report/writers.h"
#include "util/text_table.h"

namespace plan {

namespace {

// How many of the cheapest configurations meeting the SLO the summary lists.
constexpr size_t kCheapestShown = 10;

const CandidateRow* Find(const Report& r, const std::string& name) {
  for (const CandidateRow& row : r.candidates)
    if (row.name == name) return &row;
  return nullptr;
}

std::vector<const CandidateRow*> CheapestMeeting(const Report& r) {
  std::vector<const CandidateRow*> rows;
  for (const CandidateRow& row : r.candidates)
    if (row.slo.met) rows.push_back(&row);
  // The recommendation's order: the cost of serving this workload, then TTFT p99, then name.
  std::stable_sort(rows.begin(), rows.end(), [](const CandidateRow* a, const CandidateRow* b) {
    return std::tuple(a->cost.total_usd, a->latency.ttft_s.p99, std::string_view(a->name)) <
           std::tuple(b->cost.total_usd, b->latency.ttft_s.p99, std::string_view(b->name));
  });
  if (rows.size() > kCheapestShown) rows.resize(kCheapestShown);
  return rows;
}

std::vector<const CandidateRow*> Rows(const Report& r, const std::vector<std::string>& names) {
  std::vector<const CandidateRow*> rows;
  for (const std::string& n : names)
    if (const CandidateRow* row = Find(r, n)) rows.push_back(row);
  return rows;
}

// Pruning reasons grouped by their kind (the text before ": "), with a count and the first example.
struct PruneGroup {
  std::string kind;
  int64_t count = 0;
  std::string example;
};

std::vector<PruneGroup> GroupPruned(const std::vector<PrunedConfig>& pruned) {
  std::vector<PruneGroup> groups;
  for (const PrunedConfig& p : pruned) {
    const size_t colon = p.reason.find(": ");
    const std::string kind = colon == std::string::npos ? p.reason : p.reason.substr(0, colon);
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const PruneGroup& g) { return g.kind == kind; });
    if (it == groups.end()) {
      const std::string why = colon == std::string::npos ? "" : ": " + p.reason.substr(colon + 2);
      groups.push_back({kind, 0, p.name + why});
      it = groups.end() - 1;
    }
    ++it->count;
  }
  return groups;
}

std::string Heading(const SearchReport& r) {
  const SearchSummary& s = r.search;
  const auto meeting = std::count_if(r.report.candidates.begin(), r.report.candidates.end(),
                                     [](const CandidateRow& c) { return c.slo.met; });
  return fmt::format(
      "Search: {} for {} ({}, {} pricing)\n{} configurations: {} pruned before simulating, {} "
      "simulated, {} meet the SLO, {} failed\n",
      s.model, r.report.scenario, SloDescription(r.report.slo), s.pricing, s.space_size,
      s.pruned.size(), r.report.candidates.size(), meeting, s.failed.size());
}

std::string BestLine(const SearchReport& r) {
  const CandidateRow* best = Find(r.report, r.report.recommendation);
  if (!best) return "no configuration meets the SLO";
  return fmt::format(
      "best: {}, {} for this workload ({}/month; TTFT p99 {:.3f} s, TPOT p99 "
      "{:.1f} ms, {} GPUs)",
      best->name, FormatUsd(best->cost.total_usd), FormatUsd(best->cost.usd_per_month),
      best->latency.ttft_s.p99, best->latency.tpot_s.p99 * 1000, best->resources.gpus);
}

std::string TextRows(const Report& r, const std::vector<const CandidateRow*>& rows) {
  std::vector<TextTable::Align> align;
  for (bool right : SummaryRightAligned())
    align.push_back(right ? TextTable::Align::kRight : TextTable::Align::kLeft);
  TextTable table(SummaryHeader(), align);
  for (const CandidateRow* row : rows)
    table.AddRow(SummaryCells(*row, row->name == r.recommendation, r.slo));
  return table.Render();
}

std::string MdRows(const Report& r, const std::vector<const CandidateRow*>& rows) {
  std::string out = "|";
  for (const std::string& h : SummaryHeader()) out += " " + EscapeMarkdown(h) + " |";
  out += "\n|";
  for (bool right : SummaryRightAligned()) out += right ? " ---: |" : " --- |";
  out += "\n";
  for (const CandidateRow* row : rows) {
    out += "|";
    for (const std::string& c : SummaryCells(*row, row->name == r.recommendation, r.slo))
      out += " " + EscapeMarkdown(c) + " |";
    out += "\n";
  }
  return out;
}

std::string SearchText(const SearchReport& r) {
  std::string out = Heading(r) + "\n" + BestLine(r) + "\n";
  const auto cheapest = CheapestMeeting(r.report);
  if (!cheapest.empty())
    out += fmt::format("\ncheapest meeting the SLO:\n{}", TextRows(r.report, cheapest));
  out += "\nPareto frontier, cost vs TTFT p99:\n" +
         TextRows(r.report, Rows(r.report, r.search.pareto_ttft));
  out += "\nPareto frontier, cost vs TPOT p99:\n" +
         TextRows(r.report, Rows(r.report, r.search.pareto_tpot));
  const std::vector<PruneGroup> groups = GroupPruned(r.search.pruned);
  if (!groups.empty()) out += "\npruned:\n";
  for (const PruneGroup& g : groups)
    out += fmt::format("  {} {} (e.g. {})\n", g.count, g.kind, g.example);
  if (!r.search.failed.empty()) out += "\nfailed:\n";
  for (const FailedConfig& f : r.search.failed) out += fmt::format("  {}: {}\n", f.name, f.error);
  return out;
}

std::string SearchMd(const SearchReport& r) {
  const std::string heading = Heading(r);
  const size_t nl = heading.find('\n');
  std::string out = "### " + EscapeMarkdown(heading.substr(0, nl)) + "\n\n" +
                    EscapeMarkdown(heading.substr(nl + 1, heading.size() - nl - 2)) + ".\n\n**" +
                    EscapeMarkdown(BestLine(r)) + "**\n";
  const auto cheapest = CheapestMeeting(r.report);
  if (!cheapest.empty()) out += "\n#### Cheapest meeting the SLO\n\n" + MdRows(r.report, cheapest);
  out += "\n#### Pareto frontier: cost vs TTFT p99\n\n" +
         MdRows(r.report, Rows(r.report, r.search.pareto_ttft));
  out += "\n#### Pareto frontier: cost vs TPOT p99\n\n" +
         MdRows(r.report, Rows(r.report, r.search.pareto_tpot));
  const std::vector<PruneGroup> groups = GroupPruned(r.search.pruned);
  if (!groups.empty()) out += "\n#### Pruned\n\n";
  for (const PruneGroup& g : groups)
    out += fmt::format("- {} {} (e.g. {})\n", g.count, EscapeMarkdown(g.kind),
                       EscapeMarkdown(g.example));
  return out;
}

}  // namespace

std::string RenderSearch(const SearchReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kTable:
      return SearchText(report);
    case ReportFormat::kJson:
      return RenderSearchJson(report);
    case ReportFormat::kCsv:
      return RenderCsv(report.report);
    case ReportFormat::kMd:
      return SearchMd(report);
    case ReportFormat::kHtml:
      return RenderHtml(HtmlInputs{nullptr, nullptr, &report});
  }
  return "";
}

}  // namespace plan
