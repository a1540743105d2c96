#include <catch2/catch.hpp>

#include "../report/sample_report.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::RunCli;

TEST_CASE("plan diff exits 3 when a --fail-on threshold is crossed, 0 for --warn-on",
          "[diff][cli]") {
  test::ScratchDir dir;
  const std::string base =
      dir.Write("base.json", RenderReport(SampleReport(), ReportFormat::kJson));
  Report changed = SampleReport();
  changed.candidates[1].cost.usd_per_month = 9051;  // +5.0012%
  const std::string now = dir.Write("new.json", RenderReport(changed, ReportFormat::kJson));

  test::CliRun r =
      RunCli({"diff", base, now, "--fail-on", "usd_per_month > +5%", "--format", "github"});
  CHECK(r.exit_code == 3);
  CHECK(r.out ==
        "::error title=plan diff h100-vllm-fp8::cost.usd_per_month $8,620 -> $9,051 (+5.0%25) "
        "crosses 'usd_per_month > +5%25'\n"
        "::notice title=plan diff::2 candidates compared: 1 changed, 0 added, 0 removed; "
        "1 fail threshold crossed, 0 warnings\n");
  CHECK(r.err == "plan diff: 1 fail threshold crossed\n");

  r = RunCli({"diff", base, now, "--warn-on", "usd_per_month > +5%", "--fail-on",
              "usd_per_month > +10%", "--format", "md"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("- **warning** `h100-vllm-fp8`: cost.usd_per_month") != std::string::npos);

  r = RunCli({"diff", base, base, "--format", "md"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
}

TEST_CASE("plan diff reports every bad threshold with its column and exits 2", "[diff][cli]") {
  test::ScratchDir dir;
  const std::string base =
      dir.Write("base.json", RenderReport(SampleReport(), ReportFormat::kJson));
  // One expression per flag, so the positionals may follow.
  test::CliRun r = RunCli(
      {"diff", "--fail-on", "usd_per_month > 5%", "--warn-on", "ttft_s.p999 > 1", base, base});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "--fail-on:1:17: a percentage is a change from the base: give it a sign, '+5%' or '-5%'\n"
        "  usd_per_month > 5%\n"
        "                  ^\n"
        "--warn-on:1:1: unknown metric 'ttft_s.p999'; did you mean 'latency.ttft_s.p99'?\n"
        "  ttft_s.p999 > 1\n"
        "  ^\n");
}

TEST_CASE("plan diff names an unreadable or invalid report and exits 2", "[diff][cli]") {
  test::ScratchDir dir;
  const std::string bad =
      dir.Write("bad.json", "{\"schema\": \"plan.report/v1\",\n  \"seed\": }\n");
  test::CliRun r = RunCli({"diff", dir.File("missing.json"), bad});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir.File("missing.json")) == 0);
  CHECK(r.err.find("\n" + bad + ":2:11: not valid JSON: ") != std::string::npos);
  r = RunCli({"diff", bad, bad, "--format", "mkd"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown diff format 'mkd'; did you mean 'md'?\n");
}

}  // namespace plan
