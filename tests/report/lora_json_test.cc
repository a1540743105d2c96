// Multi-LoRA counts in a report (CandidateRow::Lora): the optional JSON object, written only
// for a candidate that serves adapters, and read back as written.
#include <catch2/catch.hpp>

#include "report/report.h"
#include "report/writers.h"
#include "sample_report.h"

namespace plan {

TEST_CASE("LoRA adapter loads are a JSON object only where adapters are served", "[report][lora]") {
  Report report = SampleReport();
  report.candidates[1].lora = {true, 50, 1134, 7};
  const std::string json = RenderReport(report, ReportFormat::kJson);
  CHECK_THAT(json, Catch::Contains("\"lora\": {\n        \"adapters\": 50,\n        \"loads\": "
                                   "1134,\n        \"disk_loads\": 7\n      }"));
  Result<Report> back = ReadReportJson(json, "r.json");
  REQUIRE(back.ok());
  CHECK(back->candidates[1].lora == report.candidates[1].lora);
  CHECK_FALSE(back->candidates[0].lora.modelled);
  CHECK(json.find("\"lora\"") == json.rfind("\"lora\""));  // candidate 0 has none
}

}  // namespace plan
