#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <regex>

#include "report/breakeven_report.h"
#include "report/html.h"
#include "report/search_report.h"
#include "report/svg_chart.h"
#include "sample_report.h"
#include "schema_check.h"
#include "testing/chromium.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

// SampleReport with TTFT, e2e and TPOT CDFs: the API's TTFT runs 0.1 .. 2.5 s, the fleet's
// 0.05 .. 1.4 s; TPOT is a fiftieth of TTFT.
Report ReportWithCdfs() {
  Report r = SampleReport();
  const std::vector<double> q = {0, 0.5, 0.9, 0.99, 0.999, 1};
  const std::vector<double> api = {0.1, 0.4, 0.7, 1.2, 2.2, 2.5},
                            fleet = {0.05, 0.25, 0.5, 0.9, 1.3, 1.4};
  for (size_t i = 0; i < q.size(); ++i) {
    r.candidates[0].latency_cdf.push_back({q[i], api[i], api[i] * 5, api[i] / 50});
    r.candidates[1].latency_cdf.push_back({q[i], fleet[i], fleet[i] * 9, fleet[i] / 50});
  }
  return r;
}

// The <svg> element with id `id`, "" if none.
std::string ChartSvg(const std::string& html, const std::string& id) {
  const size_t at = html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</svg>", at) + 6 - at);
}

BreakevenReport SampleBreakeven() {
  BreakevenReport b;
  b.scenario = "support-chatbot";
  b.workload_rps = 1;
  b.tokens_per_request = 110;
  b.max_replicas = 64;
  b.grid_rps = {0.1, 1, 10};
  b.curves = {
      {"haiku",
       "api",
       false,
       {{0.1, true, true, 0, 0, 263}, {1, true, true, 0, 0, 2630}, {10, true, true, 0, 0, 26300}}},
      {"fleet",
       "self_hosted",
       true,
       {{0.1, true, true, 1, 1, 1461}, {1, true, true, 1, 1, 1461}, {10, true, true, 2, 2, 2922}}}};
  b.base.crossovers = {{"haiku", "fleet", 0.5556, 0.1, 1, true}};
  b.base.bands = {{0.1, 0.5556, "haiku"}, {0.5556, 10, "fleet"}};
  return b;
}

SearchReport SampleSearch() {
  SearchReport s;
  s.report = ReportWithCdfs();
  s.search.model = "llama-3.1-70b-instruct";
  s.search.pricing = "on_demand";
  s.search.space_size = 4;
  s.search.pruned = {{"l4/bf16/vllm/tp1/x1", "does not fit: needs 99.0 GiB more per GPU"},
                     {"l4/bf16/vllm/tp1/x2", "does not fit: needs 99.0 GiB more per GPU"}};
  s.search.pareto_ttft = {"haiku", "h100-vllm-fp8"};
  s.search.pareto_tpot = {"haiku"};
  return s;
}

// Every chart id the page holds, in order.
std::vector<std::string> ChartIds(const std::string& html) {
  std::vector<std::string> ids;
  const std::regex svg("<svg [^>]*id=\"([^\"]+)\" class=\"chart\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), svg); it != std::sregex_iterator();
       ++it)
    ids.push_back((*it)[1]);
  return ids;
}

}  // namespace

TEST_CASE("latency_cdf is written as the schema says and read back", "[html]") {
  Report r = ReportWithCdfs();
  const std::string json = RenderReport(r, ReportFormat::kJson);
  CHECK(test::SchemaProblems("plan.report.v1.json", nlohmann::json::parse(json)).empty());
  const nlohmann::json j = nlohmann::json::parse(json);
  CHECK(j["candidates"][0]["latency_cdf"][1] ==
        nlohmann::json({{"q", 0.5}, {"ttft_s", 0.4}, {"e2e_s", 2.0}, {"tpot_s", 0.008}}));
  Report none = SampleReport();  // optional: absent when empty
  CHECK_FALSE(
      nlohmann::json::parse(RenderReport(none, ReportFormat::kJson))["candidates"][0].contains(
          "latency_cdf"));
  Result<Report> back = ReadReportJson(json, "r.json");
  REQUIRE(back.ok());
  CHECK(*back == r);
  // A report written before tpot_s was recorded still reads, without TPOT.
  nlohmann::json old = nlohmann::json::parse(json);
  for (nlohmann::json& c : old["candidates"])
    for (nlohmann::json& p : c["latency_cdf"]) p.erase("tpot_s");
  CHECK(test::SchemaProblems("plan.report.v1.json", old).empty());
  Result<Report> older = ReadReportJson(old.dump(), "old.json");
  REQUIRE(older.ok());
  CHECK(older->candidates[0].latency_cdf[1].e2e_s == 2.0);
  CHECK_FALSE(older->candidates[0].latency_cdf[1].tpot_s.has_value());
  const std::string page = RenderHtml(HtmlInputs{&*older, nullptr, nullptr});
  CHECK(ChartSvg(page, "tpot-cdf").empty());
  CHECK(page.find("No TPOT distribution in this report") != std::string::npos);
}

TEST_CASE("The latency charts show the tail to p99.9 with the SLO's bounds drawn", "[html]") {
  const Report r = ReportWithCdfs();  // SLO: TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no e2e bound
  const std::string page = RenderHtml(HtmlInputs{&r, nullptr, nullptr});
  const std::string ttft = ChartSvg(page, "ttft-cdf");
  REQUIRE_FALSE(ttft.empty());
  CHECK(ttft.find("TTFT: share of requests slower, to p99.9 (complementary CDF, log)") !=
        std::string::npos);
  // p99.9 is drawn at 0.1% slower; the maximum (nothing slower) cannot be on a log axis.
  CHECK(ttft.find("<title>haiku: p99.9 = 2.2 s (0.1% slower)</title>") != std::string::npos);
  CHECK(ttft.find("p100") == std::string::npos);
  CHECK(ttft.find(">0.1%</text>") != std::string::npos);  // the axis reaches p99.9
  // The SLO bound: a red vertical line (x1 == x2) with its label, and the grey p99 guide.
  const std::regex vertical("<line class=\"reference\" x1=\"([0-9.]+)\" y1=\"40\" x2=\"\\1\"");
  CHECK(std::regex_search(ttft, vertical));
  CHECK(ttft.find(">SLO 2 s</text>") != std::string::npos);
  CHECK(ttft.find("<line class=\"guide\"") != std::string::npos);
  const std::string tpot = ChartSvg(page, "tpot-cdf");
  CHECK(tpot.find(">SLO 0.1 s</text>") != std::string::npos);
  CHECK(tpot.find("<title>h100-vllm-fp8: p50 = 0.005 s (50% slower)</title>") != std::string::npos);
  const std::string e2e = ChartSvg(page, "e2e-cdf");
  REQUIRE_FALSE(e2e.empty());
  CHECK(e2e.find("class=\"reference\"") == std::string::npos);  // no e2e bound in this SLO
  Report bounded = r;
  bounded.slo.e2e_p99_s = 10;
  const std::string with = ChartSvg(RenderHtml(HtmlInputs{&bounded, nullptr, nullptr}), "e2e-cdf");
  CHECK(with.find(">SLO 10 s</text>") != std::string::npos);
}

TEST_CASE("Axis ticks are round: 1-2-5 steps, and 1-2-5 per decade on a short log axis", "[html]") {
  CHECK(AxisTicks(0, 1, false) == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1});
  CHECK(AxisTicks(3, 47, false) == std::vector<double>{0, 10, 20, 30, 40, 50});
  CHECK(AxisTicks(0.05, 12, true) == std::vector<double>{0.01, 0.1, 1, 10, 100});
  CHECK(AxisTicks(1000, 8000, true) == std::vector<double>{1000, 2000, 5000, 10000});
}

TEST_CASE("Curves that coincide differ in dash and marker, and the legend shows both", "[html]") {
  ChartSpec c;
  c.id = "same";
  c.title = "two equal curves";
  const std::vector<ChartPoint> pts = {{1, 1, "a"}, {2, 4, "b"}};
  c.series = {{"first", pts, true, false, true, false, -1},
              {"second", pts, true, false, true, false, -1}};
  const std::string svg = RenderSvgChart(c);
  const size_t first = svg.find("data-name=\"first\""), second = svg.find("data-name=\"second\"");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  const std::string a = svg.substr(first, second - first), b = svg.substr(second);
  // The first is solid with circles, the second dashed "7 3" with squares.
  CHECK(a.find("stroke-dasharray") == std::string::npos);
  CHECK(a.find("<circle") != std::string::npos);
  CHECK(b.substr(0, b.find("</g>")).find("stroke-dasharray=\"7 3\"") != std::string::npos);
  CHECK(b.substr(0, b.find("</g>")).find("<rect") != std::string::npos);
  CHECK(b.substr(0, b.find("</g>")).find("<circle") == std::string::npos);
  // Legend entries: a line sample in the series' dash with its marker, then the name.
  const std::regex legend(
      "<g class=\"legend\"><line [^>]*stroke-dasharray=\"7 3\"/><rect [^>]*></rect><text [^>]*>"
      "second</text>");
  CHECK(std::regex_search(svg, legend));
  // An explicit style overrides the position: style 5 is a hollow circle.
  c.series[1].style = 5;
  CHECK(RenderSvgChart(c).find("fill=\"#fff\" stroke=\"#D55E00\"") != std::string::npos);
}

TEST_CASE("The HTML page is one self-contained file with the charts of every input", "[html]") {
  const Report report = ReportWithCdfs();
  const std::string page = RenderHtml(HtmlInputs{&report, nullptr, nullptr});
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(ChartIds(page) == std::vector<std::string>{"ttft-cdf", "tpot-cdf", "e2e-cdf"});
  // Nothing is fetched: no external script, style sheet, image or frame.
  for (const char* external : {"<link", "<img", "<iframe", " src=", "@import", "url(http"})
    CHECK(page.find(external) == std::string::npos);
  CHECK(page.find("<title>plan: support-chatbot</title>") != std::string::npos);
  // The recommended row is marked, the split shows 998 of 1,000 API requests meeting the SLO.
  CHECK(page.find("<tr class=\"recommended\"><td>haiku *</td>") != std::string::npos);
  CHECK(page.find("title=\"met the SLO: 998\"") != std::string::npos);
  CHECK(page.find("id=\"tiers\"") == std::string::npos);  // no composite, no tier section
  Report hybrid = report;
  hybrid.candidates[0].tiers = {{"haiku", 800, 0.8, 2.5}, {"sonnet", 200, 0.2, 7.5}};
  const std::string tiers = RenderHtml(HtmlInputs{&hybrid, nullptr, nullptr});
  CHECK(tiers.find("title=\"sonnet: 200 requests (20.0%)\"") != std::string::npos);
  // The tier's cost in the cost chart's unit: 7.50 of the workload's 10.00 is 75% of the
  // candidate's $4,675.20/month.
  CHECK(tiers.find("title=\"sonnet: $3,506/month\"") != std::string::npos);
  // Its own legend, in its own palette (not the outcome bars' met/missed blue and vermilion).
  CHECK(tiers.find("<li><span style=\"background:#E69F00\"></span>haiku: 80.0% of requests, "
                   "$1,169/month</li><li><span style=\"background:#56B4E9\"></span>sonnet: 20.0% "
                   "of requests, $3,506/month</li>") != std::string::npos);
  CHECK(tiers.find(".tier-key li { white-space: nowrap; }") != std::string::npos);  // one line each
  const std::string section = tiers.substr(tiers.find("id=\"tiers\""));
  CHECK(section.find("#0072B2") == std::string::npos);
  CHECK(section.find("#D55E00") == std::string::npos);
  CHECK(section.find("<div class=\"num\">$4,675/month</div>") != std::string::npos);

  const BreakevenReport b = SampleBreakeven();
  const SearchReport s = SampleSearch();
  const std::string all = RenderHtml(HtmlInputs{nullptr, &b, &s});
  CHECK(ChartIds(all) == std::vector<std::string>{"pareto-ttft", "pareto-tpot", "ttft-cdf",
                                                  "tpot-cdf", "e2e-cdf", "cost-vs-volume"});
  CHECK(all.find("<g class=\"marker\"><circle") != std::string::npos);  // the crossover
  CHECK(all.find("Pruned: 2 does not fit.") != std::string::npos);
}

TEST_CASE("The search's Pareto charts mark the recommended configuration and name the frontier",
          "[html]") {
  const SearchReport s = SampleSearch();  // haiku recommended; TTFT frontier haiku, h100-vllm-fp8
  const std::string page = RenderHtml(HtmlInputs{nullptr, nullptr, &s});
  const std::string ttft = ChartSvg(page, "pareto-ttft");
  REQUIRE_FALSE(ttft.empty());
  // haiku at $4,675.20/month and TTFT p99 1.2 s, ringed and labelled in full.
  CHECK(std::regex_search(
      ttft,
      std::regex("<g class=\"marker\"><circle [^>]*/>(<line [^>]*/>)?<text [^>]*>recommended: "
                 "haiku</text><title>recommended: haiku</title></g>")));
  // The rest of the frontier carries its full name beside its point.
  CHECK(std::regex_search(
      ttft,
      std::regex("<g class=\"point-label\">(<line [^>]*/>)?<text [^>]*>h100-vllm-fp8</text>")));
  // Cost in the table's unit, $/month, on the axis and in every tooltip.
  CHECK(ttft.find(">USD per month (as in the table)</text>") != std::string::npos);
  CHECK(ttft.find("<title>haiku: $4,675/month, TTFT p99 1.2 s</title>") != std::string::npos);
  CHECK(page.find("#summary td:first-child { white-space: nowrap; }") != std::string::npos);
  // An overloaded configuration off the page is counted, not described; one on it is described.
  SearchReport more = s;
  more.report.candidates.push_back(more.report.candidates[1]);
  more.report.candidates.back().name = "l4/bf16/vllm/tp1/x4";
  more.report.candidates.back().load.overloaded = true;
  more.report.candidates[1].load.overloaded = true;  // h100-vllm-fp8, on the TTFT frontier
  const std::string busy = RenderHtml(HtmlInputs{nullptr, nullptr, &more});
  CHECK(busy.find("overloaded: h100-vllm-fp8 still had") != std::string::npos);
  CHECK(busy.find("overloaded: l4/bf16") == std::string::npos);
  CHECK(busy.find("1 more configuration not shown here is overloaded: the offered load is beyond "
                  "what it serves (the JSON and table outputs list each).") != std::string::npos);
}

TEST_CASE("A text that could break the markup is escaped", "[html]") {
  Report r = SampleReport();
  r.candidates[0].name = "<script>alert(1)</script>";
  r.recommendation = r.candidates[0].name;
  const std::string page = RenderHtml(HtmlInputs{&r, nullptr, nullptr});
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("Headless Chromium renders every chart of the page without a script error", "[html]") {
  const std::string chromium = test::FindChromium();
  if (chromium.empty()) {
    WARN(
        "skipped: no chromium on the PATH (scripts/test.sh installs Debian's chromium; or set "
        "PLAN_CHROMIUM)");
    return;
  }
  test::ScratchDir dir;
  const Report report = ReportWithCdfs();
  const BreakevenReport b = SampleBreakeven();
  const std::string page = dir.Write("page.html", RenderHtml(HtmlInputs{&report, &b, nullptr}));
  const test::LoadedPage loaded = test::LoadInChromium(chromium, dir, page);
  REQUIRE(loaded.exit_code == 0);
  const std::string* out = &loaded.dom;
  // The self-check script ran to its end and found all 4 charts laid out with a box.
  CHECK(out->find("data-charts-rendered=\"4\"") != std::string::npos);
  CHECK(ChartIds(*out) ==
        std::vector<std::string>{"ttft-cdf", "tpot-cdf", "e2e-cdf", "cost-vs-volume"});
  CHECK(out->find("<polyline") != std::string::npos);
  const std::string* errors = &loaded.log;
  INFO(*errors);
  CHECK(errors->find("Uncaught") == std::string::npos);
  CHECK(errors->find(":CONSOLE") == std::string::npos);  // any console message
}

}  // namespace plan
