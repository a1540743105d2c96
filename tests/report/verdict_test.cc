// What the table says about each candidate's verdict (issue 12): 3 significant figures, the SLO
// clauses missed, composites' tiers and notes, and a warning that different models were
// compared on cost and latency only.
#include <catch2/catch.hpp>

#include "report/report.h"
#include "report/writers.h"
#include "sample_report.h"

namespace plan {

TEST_CASE("Latencies print to 3 significant figures, the sketch's accuracy", "[report]") {
  CHECK(FormatSig3(0.0455) == "0.0455");
  CHECK(FormatSig3(0.045) == "0.0450");
  CHECK(FormatSig3(0.208) == "0.208");
  CHECK(FormatSig3(2.746) == "2.75");
  CHECK(FormatSig3(15.8) == "15.8");
  CHECK(FormatSig3(113.308) == "113");
  CHECK(FormatSig3(2465.649) == "2,470");
  CHECK(FormatSig3(1234567) == "1,230,000");
  // Rounding up into the next decade keeps 3 figures.
  CHECK(FormatSig3(9.996) == "10.0");
  CHECK(FormatSig3(99.96) == "100");
  CHECK(FormatSig3(0.09996) == "0.100");
  CHECK(FormatSig3(0) == "0");
}

TEST_CASE("Each candidate names the SLO clauses it misses", "[report]") {
  Report report = SampleReport();  // SLO: TTFT p99 <= 2 s, TPOT p99 <= 0.1 s
  const CandidateRow& api = report.candidates[0];
  CHECK(SloMisses(report.slo, api).empty());
  CandidateRow slow = report.candidates[1];  // 10 failed requests
  CHECK(SloMisses(report.slo, slow) == std::vector<std::string>{"failed"});
  slow.latency.ttft_s.p99 = 2.5;
  slow.latency.tpot_s.p99 = 0.1;  // at the bound: met
  report.slo.e2e_p99_s = 10;      // 12.25 s: missed
  CHECK(SloMisses(report.slo, slow) == std::vector<std::string>{"TTFT", "e2e", "failed"});
  slow.requests.completed = 0;
  CHECK(SloMisses(report.slo, slow).front() == "nothing completed");

  report.candidates[1] = slow;
  const std::string table = RenderReport(report, ReportFormat::kTable);
  CHECK(table.find("  nothing completed+TTFT+e2e+failed  ") != std::string::npos);
}

TEST_CASE("Composites list their tiers and notes under the table", "[report]") {
  Report report = SampleReport();
  CandidateRow& hybrid = report.candidates[1];
  hybrid.name = "cascade";
  hybrid.kind = "hybrid";
  hybrid.tiers = {
      {"cheap (fleet)", 850, 0.85, 2.5}, {"expensive (gpt)", 150, 0.15, 3.4}, {"failed", 0, 0, 0}};
  hybrid.notes = {"cascade: 150 of 1000 requests escalated (15.0%)",
                  "tier cheap (fleet): 850 requests (85.0%), $2.5000 (sent 1000, 0 failed there)"};
  CHECK(CompositeLines(report) ==
        std::vector<std::string>{"cascade (hybrid): cheap (fleet) 85.0% (850 requests, $2.50); "
                                 "expensive (gpt) 15.0% (150 requests, $3.40)",
                                 "  cascade: 150 of 1000 requests escalated (15.0%)"});
  const std::string table = RenderReport(report, ReportFormat::kTable);
  CHECK(table.find("\nComposite candidates, by tier:\n  cascade (hybrid): cheap (fleet) 85.0%") !=
        std::string::npos);
  CHECK(table.find("\n    cascade: 150 of 1000 requests escalated (15.0%)\n") != std::string::npos);
  const std::string md = RenderReport(report, ReportFormat::kMd);
  CHECK(md.find("\n- cascade (hybrid): cheap (fleet) 85.0% (850 requests, \\$2.50); ") !=
        std::string::npos);
  CHECK(md.find("\n  - cascade: 150 of 1000 requests escalated (15.0%)\n") != std::string::npos);
}

TEST_CASE("The verdict says when the candidates serve different models", "[report]") {
  Report report = SampleReport();
  report.candidates[0].models = {"claude-haiku-4-5"};
  report.candidates[1].models = {"llama-3.1-70b-instruct"};
  CHECK(RecommendationLine(report) ==
        "* haiku is recommended: the cheapest candidate meeting the SLO, $3.20 for this workload "
        "($4,675/month) (1 of 2 meet TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed requests). "
        "The candidates serve different models (claude-haiku-4-5, llama-3.1-70b-instruct): this "
        "compares cost and latency only, not the quality of their answers");
  report.candidates[1].models = {"claude-haiku-4-5"};
  CHECK(RecommendationLine(report).find("different models") == std::string::npos);

  // Both survive JSON, with the clauses missed.
  report.candidates[1].slo.misses = {"failed"};
  Result<Report> back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "r.json");
  REQUIRE(back.ok());
  CHECK(back->candidates[1].models == std::vector<std::string>{"claude-haiku-4-5"});
  CHECK(back->candidates[1].slo.misses == std::vector<std::string>{"failed"});
}

TEST_CASE("Headroom reads as a rate and a multiple of the offered one", "[report]") {
  Report report = SampleReport();
  report.candidates[0].headroom = {true, 5.53, 14.3, 15.6};
  report.candidates[1].headroom = {true, 5.53, 0, 0.0864};
  CHECK(HeadroomLines(report) ==
        std::vector<std::string>{
            "Headroom (the highest request rate meeting the SLO on this request mix, the workload "
            "replayed faster or slower):",
            "  haiku: 14.3 req/s, 2.59x the offered 5.53 (misses it at 15.6)",
            "  h100-vllm-fp8: misses the SLO even at 0.0864 req/s (0.0156x the offered 5.53)"});
  report.candidates[1].headroom = {true, 5.53, 354, 0};
  CHECK(HeadroomLines(report)[2] ==
        "  h100-vllm-fp8: meets it at 354 req/s and more (64.0x the offered 5.53; not searched "
        "beyond)");
  Result<Report> back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "r.json");
  REQUIRE(back.ok());
  CHECK(back->candidates[1].headroom == report.candidates[1].headroom);
  CHECK_FALSE(back->candidates[0].load.overloaded);
}

}  // namespace plan
