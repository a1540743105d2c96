#include <catch2/catch.hpp>

#include "../report/sample_report.h"
#include "report/labelled_runs.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {

TEST_CASE("plan report renders a JSON report again, as a table or one HTML page", "[html][cli]") {
  test::ScratchDir dir;
  const std::string run = dir.Write("run.json", RenderReport(SampleReport(), ReportFormat::kJson));
  test::CliRun r = test::RunCli({"report", run});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == RenderReport(SampleReport(), ReportFormat::kTable));
  r = test::RunCli({"report", run, "-f", "html", "-o", dir.File("run.html")});
  REQUIRE(r.exit_code == 0);
  Result<std::string> page = ReadFile(dir.File("run.html"));
  REQUIRE(page.ok());
  CHECK(*page == RenderReport(SampleReport(), ReportFormat::kHtml));
}

TEST_CASE("plan report refuses part files, unknown schemas and a search beside runs",
          "[html][cli]") {
  test::ScratchDir dir;
  const std::string run = dir.Write("run.json", RenderReport(SampleReport(), ReportFormat::kJson));
  const std::string part = dir.Write("part.json", "{\"schema\": \"plan.search-part/v1\"}");
  const std::string other = dir.Write("other.json", "{\"schema\": \"x/v9\"}");
  test::CliRun r = test::RunCli({"report", part, other});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        part + ": /schema: a part of a sharded search; join the parts with plan merge first\n" +
            other +
            ": /schema: 'x/v9' is not a report plan can show (it reads "
            "plan.report/v1 and plan.breakeven/v1)\n");
  r = test::RunCli({"report", run, run, "-f", "json"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "-f json writes one document, and 2 files were given: give one, or show them together "
        "with -f table, md, csv or html\n");
}

TEST_CASE("plan report shows several runs together, each candidate labelled by its file",
          "[html][cli]") {
  test::ScratchDir dir;
  const Report base = SampleReport();
  Report head = SampleReport();
  head.candidates[0].cost.usd_per_month = 5000;
  head.recommendation = "h100-vllm-fp8";
  const std::string a = dir.Write("base.json", RenderReport(base, ReportFormat::kJson));
  const std::string b = dir.Write("head.json", RenderReport(head, ReportFormat::kJson));

  // Tables: one per file, under its name.
  test::CliRun r = test::RunCli({"report", a, b});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "== base ==\n" + RenderReport(base, ReportFormat::kTable) + "\n== head ==\n" +
                     RenderReport(head, ReportFormat::kTable));
  r = test::RunCli({"report", a, b, "-f", "md"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("### base\n\n| name |", 0) == 0);

  // CSV and HTML: one report, the candidates renamed "label: name", nothing recommended across
  // the runs.
  r = test::RunCli({"report", a, b, "-f", "csv"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\r\nbase: haiku,api,") != std::string::npos);
  CHECK(r.out.find("\r\nhead: h100-vllm-fp8,self_hosted,") != std::string::npos);
  r = test::RunCli({"report", a, b, "-f", "html"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("<td>head: haiku</td>") != std::string::npos);
  CHECK(r.out.find("warning: 2 runs side by side, each candidate with its own run") !=
        std::string::npos);
  CHECK(r.out.find("head: h100-vllm-fp8 was recommended") != std::string::npos);

  // Runs shown together share one SLO.
  Report strict = SampleReport();
  strict.slo.ttft_p99_s = 1.0;
  const std::string c = dir.Write("strict.json", RenderReport(strict, ReportFormat::kJson));
  r = test::RunCli({"report", a, c, "-f", "html"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "strict: its SLO (TTFT p99 <= 1 s, TPOT p99 <= 0.1 s, no failed requests) is not base's "
        "(TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed requests); runs shown together must "
        "share one SLO\n");
}

TEST_CASE("Run labels are file names, or paths where names clash", "[cli]") {
  CHECK(RunLabels({"out/base.json", "head.json", "x"}) ==
        std::vector<std::string>{"base", "head", "x"});
  CHECK(RunLabels({"a/run.json", "b/run.json", "c.json"}) ==
        std::vector<std::string>{"a/run.json", "b/run.json", "c"});
}

}  // namespace plan
