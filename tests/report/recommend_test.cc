#include <catch2/catch.hpp>

#include "report/report.h"

namespace plan {
namespace {

CandidateRow Row(const std::string& name, double total_usd, bool met, double ttft_p99_s = 1) {
  CandidateRow row;
  row.name = name;
  row.cost.total_usd = total_usd;
  row.latency.ttft_s.p99 = ttft_p99_s;
  row.slo.met = met;
  return row;
}

}  // namespace

TEST_CASE("The recommendation serves the workload cheapest among candidates meeting the SLO",
          "[report]") {
  Report report;
  report.candidates = {Row("b", 900, true), Row("a", 1200, true),
                       Row("cheap-but-slow", 100, false)};
  CHECK(Recommend(&report) == "b");
  CHECK(report.recommendation == "b");
  CHECK(report.warnings.empty());
}

TEST_CASE("Equal costs recommend the faster TTFT p99, then the name first in byte order",
          "[report]") {
  Report report;
  report.candidates = {Row("zeta", 500, true), Row("alpha", 500, true), Row("mid", 700, true)};
  CHECK(Recommend(&report) == "alpha");
  report.candidates = {Row("zeta", 500, true, 0.5), Row("alpha", 500, true, 0.9)};
  CHECK(Recommend(&report) == "zeta");
}

TEST_CASE("No candidate meeting the SLO recommends nothing and warns", "[report]") {
  Report report;
  report.slo.e2e_p99_s = 30;
  report.recommendation = "stale";
  report.candidates = {Row("a", 100, false), Row("b", 50, false)};
  CHECK(Recommend(&report) == "");
  CHECK(report.recommendation == "");
  CHECK(report.warnings == std::vector<std::string>{"no candidate meets the SLO (e2e p99 <= 30 s, "
                                                    "no failed requests); nothing is recommended"});
  CHECK(RecommendationLine(report) == "");
}

TEST_CASE("MakeCandidateRow copies the Collector's, the pricing's and the fleets' figures",
          "[report]") {
  CandidateMetrics m;
  m.requests_total = 10;
  m.requests_completed = 9;
  m.requests_failed = 1;
  m.ttft_s = {0.1, 0.2, 0.3, 0.4, 0.5};
  m.queue_s = {0.01, 0.02, 0.03, 0.04, 0.05};
  m.requests_per_s = 3;
  m.output_tokens_per_s = 300;
  m.slo_attainment = 0.9;
  m.goodput_requests_per_s = 2.7;
  m.input_tokens = 1000;
  m.cached_input_tokens = 250;
  CostSummary cost;
  cost.total_usd = 1;
  cost.usd_per_month = 730.5;
  cost.energy_kwh = 0.2;
  cost.assumptions = {"x"};

  // What the fleets held: 8 GPUs in 2 replicas, 60% busy, KV peak 70%, 5 preemptions.
  const CandidateRow row =
      MakeCandidateRow("fleet", "self_hosted", m, cost, CandidateRow::Resources{8, 2, 0.6, 0.7, 5});
  CHECK(row.name == "fleet");
  CHECK(row.kind == "self_hosted");
  CHECK(row.requests == CandidateRow::Requests{10, 9, 1});
  CHECK(row.latency.ttft_s == LatencyStats{0.1, 0.2, 0.3, 0.4, 0.5});
  CHECK(row.latency.queue_s == LatencyStats{0.01, 0.02, 0.03, 0.04, 0.05});
  CHECK(row.throughput == CandidateRow::Throughput{3, 0, 300});
  CHECK(row.slo == CandidateRow::Slo{0.9, 2.7, false});
  CHECK(row.cost == CandidateRow::Cost{1, 0, 730.5, 0, 0, 0.2});
  // The prefix-cache share is the Collector's: 250 of 1,000 prompt tokens.
  CHECK(row.resources == CandidateRow::Resources{8, 2, 0.6, 0.7, 5, 0.25});
  CHECK(row.assumptions == std::vector<std::string>{"x"});
}

}  // namespace plan
