// The page around the sections: head, styles, title, the summary table, bar charts drawn with
// CSS, and the self-check script.
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <span>

#include "report/html.h"
#include "report/html_sections.h"
#include "report/svg_chart.h"
#include "report/writers.h"

namespace plan {

namespace {

constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.6rem 0; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.recommended td { font-weight: 600; background: #eef6ff; }
#summary td:first-child { white-space: nowrap; } .wide { overflow-x: auto; }
.note { color: #555; font-size: 0.85rem; }
.chart { max-width: 100%; height: auto; margin: 0.5rem 0; }
.chart .grid { stroke: #e6e6e6; } .chart .frame { fill: none; stroke: #999; }
.chart .tick { font-size: 11px; fill: #444; } .chart .axis-label { font-size: 12px; fill: #222; }
.chart .chart-title { font-size: 14px; font-weight: 600; fill: #222; }
.chart .legend text { font-size: 12px; fill: #222; } .chart .no-data { fill: #888; }
.chart .reference { stroke: #c00; stroke-dasharray: 4 3; } .chart .reference-label { font-size: 11px; fill: #c00; }
.chart .guide { stroke: #888; stroke-dasharray: 2 3; } .chart .guide-label { font-size: 11px; fill: #666; }
.chart .marker circle { fill: none; stroke: #000; stroke-width: 1.5; } .chart .marker text { font-size: 11px; }
.chart .point-label text { font-size: 11px; fill: #333; } .chart .leader { stroke: #777; stroke-width: 0.8; }
.bars { display: grid; grid-template-columns: 16rem 1fr 7rem; gap: 0.3rem 0.8rem; font-size: 0.85rem;
        align-items: center; max-width: 900px; }
.bar { display: flex; height: 1rem; background: #f3f3f3; }
.bar span { display: block; height: 100%; }
.tier-key { list-style: none; padding: 0; margin: 0.3rem 0; display: flex; flex-wrap: wrap;
            gap: 0.2rem 1.4rem; font-size: 0.85rem; }
.tier-key li { white-space: nowrap; }
.tier-key span { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.35rem; vertical-align: middle; }
h3 { font-size: 1rem; margin: 1rem 0 0.2rem; }
.key span { display: inline-block; width: 0.8rem; height: 0.8rem; margin: 0 0.3rem 0 1rem; vertical-align: middle; }
)";

// Colour-blind-safe colours for the CSS bars (Okabe & Ito, as the SVG charts): outcomes use the
// first three (met, missed, failed); tiers their own, none of those three, so a tier never reads
// as "met" or "missed".
constexpr const char* kBarColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#999999"};
constexpr const char* kTierColors[] = {"#E69F00", "#56B4E9", "#CC79A7",
                                       "#332288", "#999999", "#000000"};

constexpr const char* kSelfCheck = R"(<script>
// Self-check read by plan's test in headless Chromium: how many charts laid out with a box.
(function () {
  var n = 0;
  document.querySelectorAll('svg.chart').forEach(function (s) {
    var b = s.getBBox(); if (b.width > 0 && b.height > 0) n++; });
  document.body.setAttribute('data-charts-rendered', String(n));
})();
</script>
)";

// "plan: support-chatbot", or both names when a run and a sweep of different scenarios share
// the page.
std::string Title(const HtmlInputs& in) {
  std::string run = in.search ? in.search->report.scenario : in.report ? in.report->scenario : "";
  std::string sweep = in.breakeven ? in.breakeven->scenario : "";
  if (run.empty() || sweep.empty() || run == sweep) return "plan: " + (run.empty() ? sweep : run);
  return "plan: " + run + " + " + sweep;
}

// The rows a page about `in` shows: every candidate, or for a search its best configuration
// and those on either frontier, cheapest first.
std::vector<const CandidateRow*> ShownRows(const HtmlInputs& in, const Report& report) {
  std::vector<const CandidateRow*> rows;
  for (const CandidateRow& r : report.candidates) {
    if (in.search) {
      const SearchSummary& s = in.search->search;
      const bool shown = r.name == report.recommendation ||
                         std::count(s.pareto_ttft.begin(), s.pareto_ttft.end(), r.name) ||
                         std::count(s.pareto_tpot.begin(), s.pareto_tpot.end(), r.name);
      if (!shown) continue;
    }
    rows.push_back(&r);
  }
  if (in.search)
    std::stable_sort(rows.begin(), rows.end(), [](const CandidateRow* a, const CandidateRow* b) {
      return a->cost.total_usd < b->cost.total_usd;
    });
  return rows;
}

std::string Bar(const std::vector<std::pair<double, std::string>>& parts, double total,
                std::span<const char* const> colors = kBarColors) {
  std::string out = "<div class=\"bar\">";
  for (size_t i = 0; i < parts.size(); ++i) {
    const double pct = total > 0 ? parts[i].first / total * 100 : 0;
    out += fmt::format("<span style=\"width:{:.2f}%;background:{}\" title=\"{}\"></span>", pct,
                       colors[i % colors.size()], EscapeHtml(parts[i].second));
  }
  return out + "</div>";
}

}  // namespace

std::string SummarySection(const Report& report, const std::vector<const CandidateRow*>& rows) {
  // In a box that scrolls sideways when a narrow window cannot hold the unwrapped names.
  std::string out = "<div class=\"wide\"><table id=\"summary\"><thead><tr>";
  const std::vector<bool> right = SummaryRightAligned();
  const std::vector<std::string> header = SummaryHeader();
  for (size_t i = 0; i < header.size(); ++i)
    out += fmt::format("<th{}>{}</th>", right[i] ? " class=\"num\"" : "", EscapeHtml(header[i]));
  out += "</tr></thead><tbody>\n";
  for (const CandidateRow* row : rows) {
    const bool rec = row->name == report.recommendation;
    out += rec ? "<tr class=\"recommended\">" : "<tr>";
    const std::vector<std::string> cells = SummaryCells(*row, rec, report.slo);
    for (size_t i = 0; i < cells.size(); ++i)
      out += fmt::format("<td{}>{}</td>", right[i] ? " class=\"num\"" : "", EscapeHtml(cells[i]));
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  const std::string line = RecommendationLine(report);
  if (!line.empty()) out += "<p>" + EscapeHtml(line) + "</p>\n";
  for (const std::string& e : ExclusionLines(report))
    out += "<p class=\"note\">" + EscapeHtml(e) + "</p>\n";
  // The overloaded among the rows shown; a search's other configurations only counted.
  Report shown;
  for (const CandidateRow* row : rows) shown.candidates.push_back(*row);
  for (const std::string& o : OverloadLines(shown))
    out += "<p class=\"note\">" + EscapeHtml(o) + "</p>\n";
  const auto overloaded = [](const CandidateRow& r) { return r.load.overloaded; };
  const auto hidden =
      std::count_if(report.candidates.begin(), report.candidates.end(), overloaded) -
      std::count_if(shown.candidates.begin(), shown.candidates.end(), overloaded);
  if (hidden > 0)
    out += fmt::format(
        "<p class=\"note\">{} more configuration{} not shown here {} overloaded: the offered load "
        "is beyond what {} serve{} (the JSON and table outputs list each).</p>\n",
        hidden, hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are", hidden == 1 ? "it" : "they",
        hidden == 1 ? "s" : "");
  if (!report.robustness.empty())
    out += "<p id=\"robustness\">" + EscapeHtml(report.robustness) + "</p>\n";
  for (const std::string& w : report.warnings)
    out += "<p class=\"note\">warning: " + EscapeHtml(w) + "</p>\n";
  return out;
}

namespace {
std::string RangeCell(const std::string& low, const std::string& high) {
  return EscapeHtml(low == high ? low : low + " - " + high);
}
}  // namespace

// Each candidate's error band, what it rests on, and its figures at both edges of the band.
std::string FidelitySection(const std::vector<const CandidateRow*>& rows) {
  if (std::none_of(rows.begin(), rows.end(),
                   [](const CandidateRow* r) { return !r->fidelity.basis.empty(); }))
    return "";
  std::string out =
      "<h2 id=\"fidelity\">Error bands</h2>\n<p class=\"note\">Each candidate run again with "
      "every figure at the fast and the slow edge of its error band, on the same requests: the "
      "ranges below are how far the predictions may move.</p>\n<table id=\"bounds\"><thead><tr>"
      "<th>name</th><th>basis</th><th class=\"num\">error</th><th class=\"num\">$/month</th>"
      "<th class=\"num\">TTFT p99 (s)</th><th class=\"num\">TPOT p99 (ms)</th><th>SLO met "
      "(fast / slow edge)</th><th>what it rests on</th></tr></thead><tbody>\n";
  for (const CandidateRow* r : rows) {
    const CandidateFidelity& f = r->fidelity;
    if (f.basis.empty()) continue;
    const CandidateFidelity::Bounds& b = f.bounds;
    std::string evidence;
    for (const CandidateFidelity::Leaf& l : f.leaves)
      evidence += (evidence.empty() ? "" : "<br>") + EscapeHtml(l.evidence);
    out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">+-{:g}%</td>",
                       EscapeHtml(r->name), EscapeHtml(f.basis), f.error_pct);
    if (f.bounded) {
      out += fmt::format(
          "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td>{} / {}</td>",
          RangeCell(FormatUsd(b.usd_per_month.low), FormatUsd(b.usd_per_month.high)),
          RangeCell(fmt::format("{:.3f}", b.ttft_p99_s.low),
                    fmt::format("{:.3f}", b.ttft_p99_s.high)),
          RangeCell(fmt::format("{:.1f}", b.tpot_p99_s.low * 1000),
                    fmt::format("{:.1f}", b.tpot_p99_s.high * 1000)),
          b.slo_met_fast ? "yes" : "no", b.slo_met_slow ? "yes" : "no");
    } else {
      out +=
          "<td class=\"num\">-</td><td class=\"num\">-</td><td class=\"num\">-</td>"
          "<td>not computed</td>";
    }
    out += "<td>" + evidence + "</td></tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string CostSection(const std::vector<const CandidateRow*>& rows) {
  double most = 0;
  for (const CandidateRow* r : rows) most = std::max(most, r->cost.usd_per_month);
  std::string out = "<h2 id=\"cost\">Monthly cost</h2>\n<div class=\"bars\">\n";
  for (const CandidateRow* r : rows)
    out += fmt::format("<div>{}</div>{}<div class=\"num\">{}/month</div>\n", EscapeHtml(r->name),
                       Bar({{r->cost.usd_per_month, FormatUsd(r->cost.usd_per_month)}}, most),
                       EscapeHtml(FormatUsd(r->cost.usd_per_month)));
  return out + "</div>\n";
}

std::string SplitSection(const std::vector<const CandidateRow*>& rows) {
  std::string out =
      "<h2 id=\"splits\">Requests by outcome</h2>\n"
      "<p class=\"key\"><span style=\"background:#0072B2\"></span>met the SLO"
      "<span style=\"background:#D55E00\"></span>missed it<span style=\"background:#009E73\">"
      "</span>failed</p>\n<div class=\"bars\">\n";
  for (const CandidateRow* r : rows) {
    const double total = static_cast<double>(r->requests.total);
    const double met = std::round(r->slo.attainment * total);
    const double failed = static_cast<double>(r->requests.failed);
    const std::vector<std::pair<double, std::string>> parts = {
        {met, fmt::format("met the SLO: {:.0f}", met)},
        {std::max(0.0, total - met - failed), "missed the SLO"},
        {failed, fmt::format("failed: {:.0f}", failed)}};
    out += fmt::format("<div>{}</div>{}<div class=\"num\">{} requests</div>\n", EscapeHtml(r->name),
                       Bar(parts, total), r->requests.total);
  }
  out += "</div>\n";

  // Composites (hybrid tiers, regions, failover chains): where requests went, what each cost.
  if (std::none_of(rows.begin(), rows.end(),
                   [](const CandidateRow* r) { return !r->tiers.empty(); }))
    return out;
  out +=
      "<h2 id=\"tiers\">Requests and cost by tier</h2>\n<p class=\"note\">Each composite's "
      "requests by the tier that answered them, and its cost per month split the same way (the "
      "unit of the monthly cost chart above).</p>\n";
  for (const CandidateRow* r : rows) {
    if (r->tiers.empty()) continue;
    std::vector<std::pair<double, std::string>> requests, cost;
    double tier_usd = 0;
    for (const CandidateRow::Tier& t : r->tiers) tier_usd += t.cost_usd;
    // A tier's share of the workload's cost is its share of the month's.
    auto monthly = [&](double usd) {
      return tier_usd > 0 ? usd / tier_usd * r->cost.usd_per_month : 0;
    };
    std::string key;
    for (size_t i = 0; i < r->tiers.size(); ++i) {
      const CandidateRow::Tier& t = r->tiers[i];
      requests.emplace_back(
          static_cast<double>(t.requests),
          fmt::format("{}: {} requests ({})", t.name, t.requests, FormatPercent(t.share)));
      cost.emplace_back(monthly(t.cost_usd),
                        fmt::format("{}: {}/month", t.name, FormatUsd(monthly(t.cost_usd))));
      key += fmt::format(
          "<li><span style=\"background:{}\"></span>{}: {} of requests, {}/month</li>",
          kTierColors[i % std::size(kTierColors)], EscapeHtml(t.name),
          EscapeHtml(FormatPercent(t.share)), EscapeHtml(FormatUsd(monthly(t.cost_usd))));
    }
    out += fmt::format("<h3>{}</h3>\n<ul class=\"tier-key\">{}</ul>\n<div class=\"bars\">\n",
                       EscapeHtml(r->name), key);
    out += fmt::format("<div>requests</div>{}<div class=\"num\">{} requests</div>\n",
                       Bar(requests, static_cast<double>(r->requests.total), kTierColors),
                       r->requests.total);
    out += fmt::format("<div>cost per month</div>{}<div class=\"num\">{}/month</div>\n</div>\n",
                       Bar(cost, r->cost.usd_per_month, kTierColors),
                       EscapeHtml(FormatUsd(r->cost.usd_per_month)));
  }
  return out;
}

std::string RenderHtml(const HtmlInputs& in) {
  assert(in.report || in.breakeven || in.search);
  const Report* report = in.search ? &in.search->report : in.report;
  const std::string title = Title(in);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out +=
      "<title>" + EscapeHtml(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<h1>" + EscapeHtml(title) + "</h1>\n";
  if (report) {
    const std::vector<const CandidateRow*> rows = ShownRows(in, *report);
    out += fmt::format(
        "<p class=\"note\">Seed {}; SLO: {}.{}</p>\n", report->seed,
        EscapeHtml(SloDescription(report->slo)),
        in.search ? " The best configuration and those on the cost/latency frontiers." : "");
    out += SummarySection(*report, rows);
    if (in.search) out += SearchSection(*in.search);
    out += LatencySection(*report, rows);
    out += CostSection(rows);
    out += SplitSection(rows);
    out += FidelitySection(rows);
  }
  if (in.breakeven) out += BreakevenSection(*in.breakeven);
  out += fmt::format(
      "<p class=\"note\">Made by plan {}; this page is self-contained and loads "
      "nothing from the network.</p>\n",
      EscapeHtml(PLAN_VERSION));
  out += kSelfCheck;
  return out + "</body>\n</html>\n";
}

}  // namespace plan
