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

TEST_CASE("plan diff shows only metrics whose printed values differ", "[diff][cli]") {
  test::ScratchDir dir;
  const std::string base =
      dir.Write("base.json", RenderReport(SampleReport(), ReportFormat::kJson));
  // $5.333 per 1M tokens -> $5.3334 and TTFT p99 +0.0001 s: both print as before, so no change.
  Report nudged = SampleReport();
  nudged.candidates[0].cost.usd_per_million_tokens += 1e-4;
  nudged.candidates[0].latency.ttft_s.p99 += 1e-4;
  const std::string same = dir.Write("same.json", RenderReport(nudged, ReportFormat::kJson));
  test::CliRun r = RunCli({"diff", base, same});
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "plan diff " + base + " -> " + same +
            " (scenario support-chatbot)\n"
            "\n"
            "no changes: 2 candidates compared: 0 changed, 0 added, 0 removed; 0 fail thresholds "
            "crossed, 0 warnings\n");
  CHECK(RunCli({"diff", base, same, "-f", "md"}).out.empty());
  // A change that shows is listed alone, its unchanged neighbours left out.
  nudged.candidates[1].cost.usd_per_month = 9051;
  const std::string now = dir.Write("now.json", RenderReport(nudged, ReportFormat::kJson));
  r = RunCli({"diff", base, now, "-f", "table"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "plan diff " + base + " -> " + now +
                     " (scenario support-chatbot)\n"
                     "\n"
                     "candidate      metric                base     new  change\n"
                     "-------------  ------------------  ------  ------  ------\n"
                     "h100-vllm-fp8  cost.usd_per_month  $8,620  $9,051   +5.0%\n"
                     "\n"
                     "2 candidates compared: 1 changed, 0 added, 0 removed; 0 fail thresholds "
                     "crossed, 0 warnings\n");
}

TEST_CASE("plan diff calls its plain format table, and text still works with a warning",
          "[diff][cli]") {
  test::ScratchDir dir;
  const std::string base =
      dir.Write("base.json", RenderReport(SampleReport(), ReportFormat::kJson));
  const test::CliRun table = RunCli({"diff", base, base, "-f", "table"});
  CHECK(table.exit_code == 0);
  CHECK(table.out == RunCli({"diff", base, base}).out);
  const test::CliRun text = RunCli({"diff", base, base, "-f", "text"});
  CHECK(text.exit_code == 0);
  CHECK(text.out == table.out);
  CHECK(text.err == "plan diff: warning: -f text is deprecated; it is now called -f table\n");
  const test::CliRun bad = RunCli({"diff", base, base, "-f", "tabel"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "unknown diff format 'tabel'; did you mean 'table'?\n");
}

}  // namespace plan
