#include <catch2/catch.hpp>

#include "../report/sample_report.h"
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

TEST_CASE("plan report refuses part files, unknown schemas and two runs on one page",
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
  r = test::RunCli({"report", run, run, "-f", "html"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == run + ": one page shows one run or search and one break-even sweep; " + run +
                     " is already one\n");
}

}  // namespace plan
