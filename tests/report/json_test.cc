#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/report.h"
#include "sample_report.h"
#include "schema_check.h"
#include "util/files.h"

namespace plan {

TEST_CASE("The JSON writer's output has every field plan.report/v1 requires", "[report]") {
  auto schema_text = ReadFile(std::string(PLAN_SOURCE_DIR) + "/schema/plan.report.v1.json");
  REQUIRE(schema_text.ok());
  const nlohmann::json schema = nlohmann::json::parse(*schema_text);
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");

  const nlohmann::json report =
      nlohmann::json::parse(RenderReport(SampleReport(), ReportFormat::kJson));
  std::vector<std::string> problems;
  test::CheckRequired(schema, schema, report, "", &problems);
  CHECK(problems.empty());
  // The walk can fail: a report missing a required field is caught.
  nlohmann::json broken = report;
  broken["candidates"][1]["latency"]["tpot_s"].erase("p99");
  broken["candidates"][0]["resources"]["gpus"] = "four";
  problems.clear();
  test::CheckRequired(schema, schema, broken, "", &problems);
  CHECK(problems == std::vector<std::string>{"/candidates/0/resources/gpus is string",
                                             "/candidates/1/latency/tpot_s/p99 missing"});
}

TEST_CASE("A report written as JSON reads back equal", "[report]") {
  const Report report = SampleReport();
  auto back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "run.json");
  REQUIRE(back.ok());
  CHECK(*back == report);

  Report none = SampleReport();
  none.candidates[0].slo.met = false;
  none.warnings.clear();
  Recommend(&none);
  const std::string text = RenderReport(none, ReportFormat::kJson);
  CHECK(text.find("\"recommendation\": null") != std::string::npos);
  auto back_none = ReadReportJson(text, "run.json");
  REQUIRE(back_none.ok());
  CHECK(*back_none == none);
  // Writing what was read gives the same bytes.
  CHECK(RenderReport(*back_none, ReportFormat::kJson) == text);
}

TEST_CASE("Reading a report names every problem by JSON pointer", "[report]") {
  nlohmann::json j = nlohmann::json::parse(RenderReport(SampleReport(), ReportFormat::kJson));
  j["candidates"][1]["cost"].erase("usd_per_month");
  j["candidates"][0]["requests"]["failed"] = -1;
  j["candidates"][0]["latency"]["ttft_s"]["p99"] = "fast";
  j.erase("seed");
  auto r = ReadReportJson(j.dump(), "base.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidInput);
  CHECK(r.status().message() ==
        "base.json: /: missing required field 'seed'\n"
        "base.json: /candidates/0/requests/failed: expected a non-negative integer, got -1\n"
        "base.json: /candidates/0/latency/ttft_s/p99: expected a number, got string\n"
        "base.json: /candidates/1/cost: missing required field 'usd_per_month'");
}

TEST_CASE("Reading a report rejects another schema and broken JSON", "[report]") {
  auto other = ReadReportJson("{\"schema\": \"plan.report/v2\"}", "new.json");
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().message() ==
        "new.json: /schema: unsupported schema 'plan.report/v2' (this plan reads plan.report/v1)");

  auto broken = ReadReportJson("{\n  \"schema\": \"plan.report/v1\",\n  \"seed\": 4x\n}", "x.json");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message() ==
        "x.json:3:12: not valid JSON: syntax error while parsing object - invalid literal; last "
        "read: '4x'; expected '}'");

  auto array = ReadReportJson("[]", "a.json");
  REQUIRE_FALSE(array.ok());
  CHECK(array.status().message() == "a.json: /: expected a report object, got array");
}

}  // namespace plan
