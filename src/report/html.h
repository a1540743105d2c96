// The HTML report: one self-contained page (inline CSS and SVG; no network, no external
// script) with the charts people would rather look at than read: TTFT, TPOT and e2e latency
// tails per candidate (to p99.9, with the SLO's bounds), monthly cost, how requests split (by
// outcome, and by tier for composites), cost vs traffic volume with the break-even points, and the
// search's cost/latency Pareto frontiers. A six-line inline script only records on <body
// data-charts-rendered="N"> how many charts laid out with a non-empty box, which the
// headless-browser test reads; the page needs no script to show.
#pragma once

#include <string>

#include "report/breakeven_report.h"
#include "report/report.h"
#include "report/search_report.h"

namespace plan {

// Any combination; sections appear for what is given. With a search, the report's candidates
// are its configurations: the page shows the best and the frontiers' configurations only.
struct HtmlInputs {
  const Report* report = nullptr;
  const BreakevenReport* breakeven = nullptr;
  const SearchReport* search = nullptr;
};

// REQUIRES: at least one input.
std::string RenderHtml(const HtmlInputs& in);

}  // namespace plan
