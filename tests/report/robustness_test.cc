// The recommendation's robustness across the candidates' error bands (issue 10, item 7), and
// how the bounds read in the table, Markdown, JSON and CSV.
#include <catch2/catch.hpp>

#include "report/diff.h"
#include "report/report.h"
#include "sample_report.h"

namespace plan {
namespace {

CandidateFidelity::Range R(double low, double high) { return {low, high}; }

// SampleReport with error bands: haiku (published API latency, TTFT +-94%, speed +-65%) and
// the H100 fleet (vllm on hopper, fitted, +-41%), made to meet the SLO nominally.
Report BoundedReport() {
  Report report = SampleReport();
  CandidateRow& api = report.candidates[0];
  api.fidelity.basis = "published";
  api.fidelity.error_pct = 94;
  api.fidelity.leaves = {{"anthropic/claude-haiku-4-5", "published", 94, 65,
                          "anthropic/claude-haiku-4-5: published latency; TTFT +-94%, output "
                          "speed +-65%"}};
  api.fidelity.bounded = true;
  CandidateFidelity::Bounds& a = api.fidelity.bounds;
  a.total_usd = R(3.2, 3.2);
  a.usd_per_month = R(4675.2, 4675.2);
  a.usd_per_million_tokens = R(5.3333333333333339, 5.3333333333333339);
  a.output_tokens_per_s = R(98, 100);
  a.ttft_p50_s = R(0.21, 0.78);
  a.ttft_p99_s = R(0.62, 2.33);
  a.tpot_p50_s = R(0.0067, 0.018);
  a.tpot_p99_s = R(0.012, 0.033);
  a.e2e_p50_s = R(1.2, 3.3);
  a.e2e_p99_s = R(2.7, 7.4);
  a.slo_attainment = R(0.97, 1.0);
  a.slo_met_fast = true;
  a.slo_met_slow = false;

  CandidateRow& fleet = report.candidates[1];
  fleet.requests.failed = 0;
  fleet.slo.met = true;
  fleet.fidelity.basis = "fitted";
  fleet.fidelity.error_pct = 41;
  fleet.fidelity.leaves = {{"vllm on hopper", "fitted", 41, 0,
                            "vllm on hopper: efficiencies fitted to 60 measured rows (set); step "
                            "times +-41%"}};
  fleet.fidelity.bounded = true;
  CandidateFidelity::Bounds& f = fleet.fidelity.bounds;
  f.total_usd = R(5.9, 5.9);
  f.usd_per_month = R(8619.9, 8619.9);
  f.usd_per_million_tokens = R(9.8333333333333339, 9.8333333333333339);
  f.output_tokens_per_s = R(99, 99);
  f.ttft_p50_s = R(0.18, 0.35);
  f.ttft_p99_s = R(0.64, 1.27);
  f.tpot_p50_s = R(0.02, 0.039);
  f.tpot_p99_s = R(0.044, 0.088);
  f.e2e_p50_s = R(3.9, 7.8);
  f.e2e_p99_s = R(8.7, 17.3);
  f.slo_attainment = R(0.95, 0.99);
  f.slo_met_fast = true;
  f.slo_met_slow = true;
  report.warnings.clear();
  Recommend(&report);
  return report;
}

}  // namespace

TEST_CASE("The recommendation holds when no rival could be cheaper and it meets the SLO slow",
          "[report][fidelity]") {
  Report report = BoundedReport();
  // Make haiku dearer than the fleet at every edge: the fleet ($5.90) is recommended, meets the
  // SLO at its slow edge, and haiku's cheapest edge ($6.00) cannot undercut it.
  report.candidates[0].cost.total_usd = 6.5;
  report.candidates[0].fidelity.bounds.total_usd = R(6.0, 6.5);
  report.warnings.clear();
  CHECK(Recommend(&report) == "h100-vllm-fp8");
  CHECK(report.robustness ==
        "the recommendation holds across the error bands: h100-vllm-fp8 meets the SLO with every "
        "figure at its slow edge (cost $5.90), and no other candidate could be cheaper while "
        "meeting it");
}

TEST_CASE("Candidates within each other's error are named, with what to probe",
          "[report][fidelity]") {
  Report report = BoundedReport();
  // haiku is cheapest ($3.20) but misses the SLO at its slow edge (TTFT p99 2.33 s > 2 s); the
  // fleet costs more at every edge, so it is no rival on cost: only the SLO clause fails.
  CHECK(report.recommendation == "haiku");
  CHECK(report.robustness ==
        "haiku misses the SLO with its figures at their slow edge (TTFT p99 up to 2.33 s, SLO met "
        "97.0% of requests at worst); the cheapest candidate meeting it even there is "
        "h100-vllm-fp8 ($5.90): probe before buying (plan probe, then plan calibrate): "
        "anthropic/claude-haiku-4-5 (published, TTFT +-94%, speed +-65%)");

  // The fleet's cheapest edge below haiku's dearest: the two are within each other's error,
  // and the wider band is named first.
  report.candidates[1].fidelity.bounds.total_usd = R(3.0, 5.9);
  report.candidates[0].fidelity.bounds.slo_met_slow = true;
  Recommend(&report);
  CHECK(report.robustness ==
        "haiku and h100-vllm-fp8 are within each other's error (cost haiku $3.20, h100-vllm-fp8 "
        "$3.00-$5.90): probe before buying (plan probe, then plan calibrate): "
        "anthropic/claude-haiku-4-5 (published, TTFT +-94%, speed +-65%), vllm on hopper "
        "(fitted, +-41%)");
}

TEST_CASE("A candidate that misses the SLO only nominally is named in a warning",
          "[report][fidelity]") {
  Report report = BoundedReport();
  for (CandidateRow& r : report.candidates) r.slo.met = false;
  report.candidates[0].fidelity.bounds.slo_met_fast = false;
  report.warnings.clear();
  CHECK(Recommend(&report).empty());
  CHECK(report.robustness.empty());
  REQUIRE(report.warnings.size() == 2);
  CHECK(report.warnings[1] ==
        "within the error bands, h100-vllm-fp8 could meet it (with every figure at its fast "
        "edge): probe before ruling it out (plan probe, then plan calibrate): vllm on hopper "
        "(fitted, +-41%)");
}

TEST_CASE("The table shows each candidate's band and bounds under the recommendation",
          "[report][fidelity]") {
  const std::string table = RenderReport(BoundedReport(), ReportFormat::kTable);
  const std::string tail =
      "* haiku is recommended: the cheapest candidate meeting the SLO, $3.20 for this workload "
      "($4,675/month) (2 of 2 meet TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed requests)\n"
      "\n"
      "Bounds (every figure at the fast and the slow edge of its error band, same requests):\n"
      "  haiku: cost $3.20 ($4,675/month), TTFT p99 0.620-2.33 s, TPOT p99 12.0-33.0 ms, e2e "
      "p99 2.70-7.40 s, SLO met yes at the fast edge, no at the slow; published figures (+-94%)\n"
      "  h100-vllm-fp8: cost $5.90 ($8,620/month), TTFT p99 0.640-1.27 s, TPOT p99 44.0-88.0 "
      "ms, e2e p99 8.70-17.3 s, SLO met yes at the fast edge, yes at the slow; fitted figures "
      "(+-41%)\n"
      "\n"
      "haiku misses the SLO with its figures at their slow edge (TTFT p99 up to 2.33 s, SLO met "
      "97.0% of requests at worst); the cheapest candidate meeting it even there is "
      "h100-vllm-fp8 ($5.90): probe before buying (plan probe, then plan calibrate): "
      "anthropic/claude-haiku-4-5 (published, TTFT +-94%, speed +-65%)\n";
  REQUIRE(table.size() > tail.size());
  CHECK(table.substr(table.size() - tail.size()) == tail);
  // The band column.
  CHECK(table.find("99.8%  met     -     -  +-94%\n") != std::string::npos);
  CHECK(table.find("95.0%  met     4     -  +-41%\n") != std::string::npos);

  const std::string md = RenderReport(BoundedReport(), ReportFormat::kMd);
  CHECK(md.find("\n- h100-vllm-fp8: cost \\$5.90 (\\$8,620/month), TTFT p99 0.640-1.27 s") !=
        std::string::npos);
}

TEST_CASE("Fidelity and robustness survive a JSON round trip, and CSV flattens the bounds",
          "[report][fidelity]") {
  const Report report = BoundedReport();
  Result<Report> back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "r.json");
  INFO((back.ok() ? "" : back.status().message()));
  REQUIRE(back.ok());
  CHECK(back->candidates == report.candidates);
  CHECK(back->robustness == report.robustness);

  // A report without fidelity reads back without it.
  Result<Report> plain = ReadReportJson(RenderReport(SampleReport(), ReportFormat::kJson), "p");
  REQUIRE(plain.ok());
  CHECK(plain->candidates[0].fidelity == CandidateFidelity{});

  const std::string csv = RenderReport(report, ReportFormat::kCsv);
  CHECK(csv.find(",fidelity.basis,fidelity.error_pct,fidelity.bounds.total_usd.low,"
                 "fidelity.bounds.total_usd.high,") != std::string::npos);
  CHECK(
      csv.find(
          ",fidelity.bounds.slo_met_fast,fidelity.bounds.slo_met_slow,excluded,recommended\r\n") !=
      std::string::npos);
  CHECK(csv.find(",published,94.0,3.2,3.2,4675.2,4675.2,") != std::string::npos);
  // Without fidelity the cells are empty, and the row keeps the header's width.
  const std::string plain_csv = RenderReport(SampleReport(), ReportFormat::kCsv);
  CHECK(plain_csv.find(",,,,,,,,,,,,,,,,,,,,,,,,,,true\r\n") != std::string::npos);
}

TEST_CASE("plan diff compares bounds where both reports have them, and no other way",
          "[report][fidelity]") {
  const Report plain = SampleReport();  // no fidelity recorded
  const Report bounded = BoundedReport();
  Result<Threshold> gate = ParseThreshold("fidelity.bounds.ttft_p99_s.high > 1", "--fail-on");
  REQUIRE(gate.ok());
  Result<Threshold> growth = ParseThreshold("fidelity.bounds.ttft_p99_s.high > +10%", "--fail-on");
  REQUIRE(growth.ok());
  // From a report without bounds: the figures are new; a change cannot cross a threshold, while
  // the new value alone still can (haiku's 2.33 s and the fleet's 1.27 s are both over 1 s).
  CHECK(DiffReports(plain, bounded, {*growth}, {}).failures() == 0);
  ReportDiff from_plain = DiffReports(plain, bounded, {*gate}, {});
  CHECK(from_plain.failures() == 2);
  const MetricChange* band = nullptr;
  for (const MetricChange& m : from_plain.candidates[0].metrics)
    if (m.metric == "fidelity.error_pct") band = &m;
  REQUIRE(band);
  CHECK(band->changed());
  CHECK(FormatMetric(band->metric, band->base) == "-");
  CHECK(FormatMetric(band->metric, band->now) == "+-94%");
  CHECK(FormatChange(band->metric, band->base, band->now) == "new");
  // Both without: nothing changed.
  CHECK_FALSE(DiffReports(plain, plain, {*gate}, {}).changed());
  // Both with: haiku's slow-edge TTFT p99 (2.33 s) crosses the gate, the fleet's now does not.
  Report slower = bounded;
  slower.candidates[1].fidelity.bounds.ttft_p99_s.high = 0.9;
  ReportDiff both = DiffReports(bounded, slower, {*gate}, {});
  REQUIRE(both.failures() == 1);
  CHECK(both.crossings[0].candidate == "haiku");
}

}  // namespace plan
