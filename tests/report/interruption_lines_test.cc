// Spot interruptions in a report (CandidateRow::Interruptions): the line under the table and
// the optional JSON object, read back as written.
#include <catch2/catch.hpp>

#include "report/report.h"
#include "report/writers.h"
#include "sample_report.h"

namespace plan {

TEST_CASE("Spot interruptions read as a line per candidate and survive JSON", "[report][spot]") {
  Report report = SampleReport();
  CHECK(InterruptionLines(report).empty());
  CandidateRow& row = report.candidates[1];
  row.cost.total_usd = 4.8963;
  row.interruptions = {true, 1, 420, 953213, 37743, 0.009611};
  CHECK(InterruptionLines(report) ==
        std::vector<std::string>{
            "Spot interruptions (a reclaimed replica's requests restart from scratch; the cost "
            "is the engine time thrown away):",
            "  h100-vllm-fp8: 1 interruptions, 420 requests restarted, 953213 prompt + 37743 "
            "output tokens recomputed, $0.00961 (0.2% of its cost)"});
  Result<Report> back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "r.json");
  REQUIRE(back.ok());
  CHECK(back->candidates[1].interruptions == row.interruptions);
  CHECK_FALSE(back->candidates[0].interruptions.modelled);
}

TEST_CASE("CSV keeps a spot row's later cells in their columns and says why one is excluded",
          "[report][spot]") {
  // A row with an optional object (interruptions) used to shift its fidelity cells out of
  // their columns, which then read empty.
  Report report = SampleReport();
  report.candidates[1].interruptions = {true, 1, 420, 953213, 37743, 0.009611};
  report.candidates[1].fidelity.basis = "fitted";
  report.candidates[1].excluded = {"the fleet lacks hipaa, soc2 (unknown)", "x"};
  const std::string csv = RenderReport(report, ReportFormat::kCsv);
  const size_t row = csv.find("\r\nh100-vllm-fp8,");
  REQUIRE(row != std::string::npos);
  CHECK(csv.find(",420,953213,37743,0.009611,,,,fitted,", row) != std::string::npos);
  const std::string tail = ",\"the fleet lacks hipaa, soc2 (unknown); x\",false\r\n";
  CHECK(csv.substr(csv.size() - tail.size()) == tail);
}

}  // namespace plan
