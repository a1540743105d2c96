// The charted sections of the HTML page: latency CDFs, cost vs volume with break-even points,
// and the search's Pareto frontiers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "report/html_sections.h"
#include "report/svg_chart.h"
#include "report/writers.h"

namespace plan {

namespace {

// A log axis once values span more than this ratio; a linear one squeezes the small end flat.
constexpr double kLogAxisRatio = 30;

bool WantLog(double lo, double hi) { return lo > 0 && hi / lo > kLogAxisRatio; }

std::string Rps(double v) { return fmt::format("{:.3g}", v); }

// The tail of each candidate's latency distribution, as a complementary CDF on log axes: the
// share of requests slower than x, from all of them down to 0.1% (p99.9), so the p99 and p99.9
// stay as readable as the median. The SLO's bound, if it has one here, is the red vertical line;
// a curve meets the clause where it crosses the grey p99 line to the left of it.
ChartSpec CdfChart(const std::vector<const CandidateRow*>& rows, const char* id, const char* what,
                   std::optional<double> (*field)(const LatencyCdfPoint&),
                   const std::optional<double>& bound) {
  ChartSpec c;
  c.id = id;
  c.title = fmt::format("{}: share of requests slower, to p99.9 (complementary CDF, log)", what);
  c.x_label = fmt::format("{} (s)", what);
  c.y_label = "requests slower than x (log)";
  c.y_unit = "%";
  c.log_y = true;
  c.y_reference = 0.01;
  c.y_reference_label = "p99";
  c.y_reference_is_guide = true;
  if (bound) {
    c.x_reference = *bound;
    c.x_reference_label = fmt::format("SLO {:g} s", *bound);
  }
  double lo = 0, hi = 0;
  for (size_t i = 0; i < rows.size() && i < kMaxCdfCurves; ++i) {
    ChartSeries s;
    s.name = rows[i]->name;
    s.dots = true;
    for (const LatencyCdfPoint& p : rows[i]->latency_cdf) {
      const std::optional<double> v = field(p);
      if (!v || p.q >= 1) continue;  // the maximum: nothing is slower, off a log axis
      s.points.push_back({*v, 1 - p.q,
                          fmt::format("{}: p{:g} = {:.4g} s ({:g}% slower)", rows[i]->name,
                                      p.q * 100, *v, (1 - p.q) * 100)});
      if (*v > 0) {
        lo = lo == 0 ? *v : std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
    c.series.push_back(std::move(s));
  }
  if (bound && *bound > 0) {
    lo = lo == 0 ? *bound : std::min(lo, *bound);
    hi = std::max(hi, *bound);
  }
  c.log_x = WantLog(lo, hi);
  return c;
}

// The cost of `curve` at `v`, interpolated between its feasible points (log-log).
double CostAt(const BreakevenCurve& curve, double v) {
  const BreakevenPoint* below = nullptr;
  const BreakevenPoint* above = nullptr;
  for (const BreakevenPoint& p : curve.points) {
    if (!p.feasible) continue;
    if (p.volume_rps <= v) below = &p;
    if (p.volume_rps >= v && !above) above = &p;
  }
  if (!below) return above ? above->usd_per_month : 0;
  if (!above || above == below) return below->usd_per_month;
  const double t =
      std::log(v / below->volume_rps) / std::log(above->volume_rps / below->volume_rps);
  return std::exp(std::log(below->usd_per_month) +
                  t * (std::log(above->usd_per_month) - std::log(below->usd_per_month)));
}

std::string FactorLabel(const PriceCase& c) {
  std::string out;
  if (c.gpu_price_factor != 1)
    out = fmt::format("GPU {:+.0f}%", std::round((c.gpu_price_factor - 1) * 100));
  if (c.api_price_factor != 1)
    out += (out.empty() ? "" : ", ") +
           fmt::format("API {:+.0f}%", std::round((c.api_price_factor - 1) * 100));
  return out.empty() ? "catalog prices" : out;
}

std::string BandsText(const PriceCase& c) {
  std::string s;
  for (const VolumeBand& b : c.bands) {
    const std::string who = b.cheapest.empty() ? "none meets the SLO" : b.cheapest;
    s += s.empty() ? who : fmt::format(", then {} from {} req/s", who, Rps(b.from_rps));
  }
  return c.bands.size() == 1 ? s + " throughout" : s;
}

ChartSpec ParetoChart(const SearchReport& s, const char* id, const char* what,
                      const std::vector<std::string>& frontier,
                      double (*latency)(const CandidateRow&), const std::optional<double>& bound) {
  ChartSpec c;
  c.id = id;
  c.title = fmt::format("Cost vs {} p99: every configuration, and the Pareto frontier", what);
  c.x_label = "USD per month (as in the table)";
  c.y_label = fmt::format("{} p99 (s)", what);
  c.x_unit = "$";
  // name, points, line, step, dots, dashed, colour, style: hollow grey circles for misses.
  ChartSeries met{"meets the SLO", {}, false, false, true, false, 0, 0};
  ChartSeries missed{"misses the SLO", {}, false, false, true, false, 8, 5};
  ChartSeries front{"Pareto frontier", {}, true, false, true, false, 1, 1};
  double xlo = 0, xhi = 0, ylo = 0, yhi = 0;
  auto tip = [&](const CandidateRow& r) {
    return fmt::format("{}: {}/month, {} p99 {:.4g} s", r.name, FormatUsd(r.cost.usd_per_month),
                       what, latency(r));
  };
  for (const CandidateRow& r : s.report.candidates) {
    const double x = r.cost.usd_per_month, y = latency(r);
    (r.slo.met ? met : missed).points.push_back({x, y, tip(r)});
    if (x > 0) xlo = xlo == 0 ? x : std::min(xlo, x), xhi = std::max(xhi, x);
    if (y > 0) ylo = ylo == 0 ? y : std::min(ylo, y), yhi = std::max(yhi, y);
    if (r.name == s.report.recommendation) c.markers.push_back({x, y, "recommended: " + r.name});
  }
  // The frontier's configurations carry their full names, where there is room beside them.
  for (const std::string& name : frontier)
    for (const CandidateRow& r : s.report.candidates)
      if (r.name == name && name != s.report.recommendation)
        front.points.push_back({r.cost.usd_per_month, latency(r), tip(r), r.name});
      else if (r.name == name)
        front.points.push_back({r.cost.usd_per_month, latency(r), tip(r)});
  c.series = {missed, met, front};
  c.log_x = WantLog(xlo, xhi);
  c.log_y = WantLog(ylo, yhi);
  if (bound) {
    c.y_reference = *bound;
    c.y_reference_label = fmt::format("SLO: {} p99 <= {} s", what, *bound);
  }
  return c;
}

}  // namespace

std::string LatencySection(const Report& report, const std::vector<const CandidateRow*>& rows) {
  std::string out = "<h2 id=\"latency\">Latency</h2>\n";
  const bool any = std::any_of(rows.begin(), rows.end(),
                               [](const CandidateRow* r) { return !r->latency_cdf.empty(); });
  if (!any) {
    return out +
           "<p class=\"note\">No latency distributions in this report (the latency_cdf "
           "field comes with plan 0.1.0 reports of completed requests).</p>\n";
  }
  if (rows.size() > kMaxCdfCurves)
    out += fmt::format("<p class=\"note\">The first {} of {} candidates are drawn.</p>\n",
                       kMaxCdfCurves, rows.size());
  out +=
      "<p class=\"note\">Each curve is the share of a candidate's completed requests slower than "
      "the time on the x axis, on a log scale down to 0.1% (p99.9). A candidate meets an SLO "
      "clause where its curve crosses the grey p99 line left of the red SLO line.</p>\n";
  const SloSpec& slo = report.slo;
  out += RenderSvgChart(CdfChart(
      rows, "ttft-cdf", "TTFT",
      [](const LatencyCdfPoint& p) { return std::optional<double>(p.ttft_s); }, slo.ttft_p99_s));
  const bool tpot = std::any_of(rows.begin(), rows.end(), [](const CandidateRow* r) {
    return std::any_of(r->latency_cdf.begin(), r->latency_cdf.end(),
                       [](const LatencyCdfPoint& p) { return p.tpot_s.has_value(); });
  });
  if (tpot)
    out += RenderSvgChart(CdfChart(
        rows, "tpot-cdf", "TPOT", [](const LatencyCdfPoint& p) { return p.tpot_s; },
        slo.tpot_p99_s));
  else
    out +=
        "<p class=\"note\">No TPOT distribution in this report (recorded by later plan "
        "versions, for requests of two or more output tokens).</p>\n";
  out += RenderSvgChart(CdfChart(
      rows, "e2e-cdf", "End-to-end latency",
      [](const LatencyCdfPoint& p) { return std::optional<double>(p.e2e_s); }, slo.e2e_p99_s));
  return out;
}

std::string BreakevenSection(const BreakevenReport& b) {
  std::string out = "<h2 id=\"breakeven\">Break-even: monthly cost vs traffic volume</h2>\n";
  out += fmt::format(
      "<p class=\"note\">{}: SLO {}. The workload runs at {}; {} volumes from {} to {} "
      "req/s; each fleet re-sized to the fewest replicas ({}) meeting the SLO.</p>\n",
      EscapeHtml(b.scenario), EscapeHtml(SloDescription(b.slo)),
      EscapeHtml(FormatVolume(b.workload_rps, b.tokens_per_request)), b.grid_rps.size(),
      Rps(b.grid_rps.front()), Rps(b.grid_rps.back()),
      b.max_replicas > 0
          ? fmt::format("at most {}", b.max_replicas)
          : std::string("up to 4x what its capacity bound or a lower volume needs, at least 8"));
  ChartSpec c;
  c.id = "cost-vs-volume";
  c.title = "Monthly cost at each traffic volume (only where the SLO is met)";
  c.x_label = "traffic volume (requests/s)";
  c.y_label = "USD per month";
  c.y_unit = "$";
  c.log_x = true;
  c.log_y = true;
  for (const BreakevenCurve& curve : b.curves) {
    ChartSeries s;
    s.name = curve.name;
    s.dots = true;
    s.step = curve.resized;  // a fleet's cost holds until it needs another replica
    for (const BreakevenPoint& p : curve.points) {
      if (!p.feasible) continue;
      s.points.push_back(
          {p.volume_rps, p.usd_per_month,
           fmt::format("{}: {}/month at {} req/s{}", curve.name, FormatUsd(p.usd_per_month),
                       Rps(p.volume_rps),
                       curve.resized ? fmt::format(" ({} replicas)", p.replicas) : "")});
    }
    c.series.push_back(std::move(s));
  }
  for (const Crossover& x : b.base.crossovers) {
    for (const BreakevenCurve& curve : b.curves)
      if (curve.name == x.cheaper_above)
        c.markers.push_back(
            {x.volume_rps, CostAt(curve, x.volume_rps), Rps(x.volume_rps) + " req/s"});
  }
  out += RenderSvgChart(c);
  out += "<h3>Crossovers at catalog prices</h3>\n<ul>\n";
  if (b.base.crossovers.empty()) out += "<li>none in this range</li>\n";
  for (const Crossover& x : b.base.crossovers)
    out += fmt::format("<li>{}: <b>{}</b> is cheaper above, {} below{}</li>\n",
                       EscapeHtml(FormatVolume(x.volume_rps, b.tokens_per_request)),
                       EscapeHtml(x.cheaper_above), EscapeHtml(x.cheaper_below),
                       x.exact ? ""
                               : fmt::format(" (a fleet steps between {:.5g} and {:.5g} req/s)",
                                             x.lo_rps, x.hi_rps));
  out +=
      "</ul>\n<h3>Cheapest meeting the SLO, and how prices move it</h3>\n<table id=\"sensitivity\">"
      "<thead><tr><th>prices</th><th>cheapest meeting the SLO</th></tr></thead><tbody>\n";
  out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", EscapeHtml(FactorLabel(b.base)),
                     EscapeHtml(BandsText(b.base)));
  for (const PriceCase& pc : b.sensitivity)
    out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", EscapeHtml(FactorLabel(pc)),
                       EscapeHtml(BandsText(pc)));
  out += "</tbody></table>\n";
  for (const std::string& n : b.notes) out += "<p class=\"note\">" + EscapeHtml(n) + "</p>\n";
  return out;
}

std::string SearchSection(const SearchReport& s) {
  const SearchSummary& sum = s.search;
  std::string out = "<h2 id=\"search\">Search: cost vs latency</h2>\n";
  out += fmt::format(
      "<p class=\"note\">{}: {} configurations, {} pruned before simulating, {} "
      "simulated, {} failed; {} pricing.</p>\n",
      EscapeHtml(sum.model), sum.space_size, sum.pruned.size(), s.report.candidates.size(),
      sum.failed.size(), EscapeHtml(sum.pricing));
  out += RenderSvgChart(ParetoChart(
      s, "pareto-ttft", "TTFT", sum.pareto_ttft,
      [](const CandidateRow& r) { return r.latency.ttft_s.p99; }, s.report.slo.ttft_p99_s));
  out += RenderSvgChart(ParetoChart(
      s, "pareto-tpot", "TPOT", sum.pareto_tpot,
      [](const CandidateRow& r) { return r.latency.tpot_s.p99; }, s.report.slo.tpot_p99_s));
  std::map<std::string, int64_t> pruned;
  for (const PrunedConfig& p : sum.pruned) ++pruned[p.reason.substr(0, p.reason.find(": "))];
  if (!pruned.empty()) out += "<p class=\"note\">Pruned: ";
  std::string list;
  for (const auto& [why, n] : pruned)
    list += fmt::format("{}{} {}", list.empty() ? "" : "; ", n, why);
  if (!pruned.empty()) out += EscapeHtml(list) + ".</p>\n";
  return out;
}

}  // namespace plan
