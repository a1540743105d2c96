#include <catch2/catch.hpp>

#include "report/diff.h"
#include "sample_report.h"

namespace plan {
namespace {

Threshold Parse(const std::string& text) {
  Result<Threshold> t = ParseThreshold(text, "--fail-on");
  REQUIRE(t.ok());
  return *t;
}

std::string ParseError(const std::string& text) {
  Result<Threshold> t = ParseThreshold(text, "--fail-on");
  REQUIRE(!t.ok());
  CHECK(t.status().code() == StatusCode::kInvalidInput);
  return t.status().message();
}

// SampleReport with the fleet 5.0012% dearer (8619.9 -> 9051), the API's TTFT p99 up from
// 1.2 s to 1.5 s (+25%) and the fleet's attainment down 2 points (0.95 -> 0.93).
Report Changed() {
  Report r = SampleReport();
  r.candidates[1].cost.usd_per_month = 9051;
  r.candidates[0].latency.ttft_s.p99 = 1.5;
  r.candidates[1].slo.attainment = 0.93;
  return r;
}

}  // namespace

TEST_CASE("Thresholds read relative, absolute-change and new-value bounds", "[diff]") {
  Threshold t = Parse("usd_per_month > +5%");
  CHECK(t.metric == "cost.usd_per_month");
  CHECK(t.op == Threshold::Op::kGreater);
  CHECK(t.mode == Threshold::Mode::kRelativeChange);
  CHECK(t.bound == 0.05);

  t = Parse("ttft_s.p99>=+10%");
  CHECK(t.metric == "latency.ttft_s.p99");
  CHECK(t.op == Threshold::Op::kGreaterEqual);
  CHECK(t.bound == 0.1);

  t = Parse("slo.attainment < -0.01");
  CHECK(t.metric == "slo.attainment");
  CHECK(t.op == Threshold::Op::kLess);
  CHECK(t.mode == Threshold::Mode::kAbsoluteChange);
  CHECK(t.bound == -0.01);

  t = Parse("  latency.e2e_s.p99 <= 2 ");
  CHECK(t.metric == "latency.e2e_s.p99");
  CHECK(t.op == Threshold::Op::kLessEqual);
  CHECK(t.mode == Threshold::Mode::kNewValue);
  CHECK(t.bound == 2);
}

TEST_CASE("Thresholds are judged on the new value, the change, or the relative change", "[diff]") {
  // 100 -> 105 is exactly +5%: not above it, but at it.
  CHECK_FALSE(ThresholdCrossed(Parse("usd_per_month > +5%"), 100, 105));
  CHECK(ThresholdCrossed(Parse("usd_per_month >= +5%"), 100, 105));
  CHECK(ThresholdCrossed(Parse("usd_per_month > +5%"), 100, 105.5));
  // A cost appearing from nothing is an infinite rise; staying at zero is no change.
  CHECK(ThresholdCrossed(Parse("usd_per_month > +5%"), 0, 1));
  CHECK_FALSE(ThresholdCrossed(Parse("usd_per_month > +5%"), 0, 0));
  // 0.995 -> 0.98 is a change of -0.015, below -0.01.
  CHECK(ThresholdCrossed(Parse("slo.attainment < -0.01"), 0.995, 0.98));
  CHECK_FALSE(ThresholdCrossed(Parse("slo.attainment < -0.01"), 0.995, 0.99));
  // The new value alone: unchanged at 2.5 s still crosses "> 2".
  CHECK(ThresholdCrossed(Parse("e2e_s.p99 > 2"), 2.5, 2.5));
  CHECK(ThresholdQuantity(Parse("ttft_s.p99 > -10%"), 2, 1.5) == -0.25);
}

TEST_CASE("Threshold parse errors name the column and put a caret under it", "[diff]") {
  CHECK(ParseError("usd_per_mont > +5%") ==
        "--fail-on:1:1: unknown metric 'usd_per_mont'; did you mean 'cost.usd_per_month'?\n"
        "  usd_per_mont > +5%\n"
        "  ^");
  CHECK(ParseError("usd_per_month >> +5%") ==
        "--fail-on:1:16: expected a number: '2' (the new value), '+0.5' (a change) or '+5%' "
        "(a relative change)\n"
        "  usd_per_month >> +5%\n"
        "                 ^");
  CHECK(ParseError("usd_per_month = 5") ==
        "--fail-on:1:15: expected a comparison: '>', '>=', '<' or '<='\n"
        "  usd_per_month = 5\n"
        "                ^");
  CHECK(ParseError("usd_per_month > 5%") ==
        "--fail-on:1:17: a percentage is a change from the base: give it a sign, '+5%' or '-5%'\n"
        "  usd_per_month > 5%\n"
        "                  ^");
  CHECK(ParseError("p99 > 1") ==
        "--fail-on:1:1: metric 'p99' is ambiguous: it could be latency.ttft_s.p99, "
        "latency.tpot_s.p99, latency.e2e_s.p99, latency.queue_s.p99\n"
        "  p99 > 1\n"
        "  ^");
  CHECK(ParseError("usd_per_month > +5% please") ==
        "--fail-on:1:21: unexpected 'please' after the threshold\n"
        "  usd_per_month > +5% please\n"
        "                      ^");
  CHECK(ParseError("> 5") ==
        "--fail-on:1:1: expected a metric name, e.g. 'usd_per_month' or 'latency.ttft_s.p99'\n"
        "  > 5\n"
        "  ^");
}

TEST_CASE("A diff lists changed metrics, added and removed candidates and crossings", "[diff]") {
  Report base = SampleReport();
  Report now = Changed();
  CandidateRow extra = now.candidates[0];
  extra.name = "sonnet";
  now.candidates.push_back(extra);
  ReportDiff d = DiffReports(base, now, {Parse("usd_per_month > +5%"), Parse("attainment < -0.01")},
                             {Parse("ttft_s.p99 > +10%")});
  d.base_path = "base.json";
  d.new_path = "new.json";
  CHECK(d.changed());
  CHECK(d.added == std::vector<std::string>{"sonnet"});
  CHECK(d.removed.empty());
  REQUIRE(d.crossings.size() == 3);
  CHECK(d.failures() == 2);
  CHECK(d.warnings() == 1);

  // (9051 - 8619.9) / 8619.9 = +5.0012%; 0.93 - 0.95 = -2.0 points; 1.5 / 1.2 = +25%.
  CHECK(
      RenderDiff(d, DiffFormat::kTable) ==
      "plan diff base.json -> new.json (scenario support-chatbot)\n"
      "\n"
      "candidate      metric                 base      new   change\n"
      "-------------  ------------------  -------  -------  -------\n"
      "haiku          latency.ttft_s.p99  1.200 s  1.500 s   +25.0%\n"
      "h100-vllm-fp8  cost.usd_per_month   $8,620   $9,051    +5.0%\n"
      "               slo.attainment        95.0%    93.0%  -2.0 pp\n"
      "\n"
      "added: sonnet\n"
      "\n"
      "FAIL: h100-vllm-fp8: cost.usd_per_month $8,620 -> $9,051 (+5.0%) crosses 'usd_per_month > "
      "+5%'\n"
      "FAIL: h100-vllm-fp8: slo.attainment 95.0% -> 93.0% (-2.0 pp) crosses 'attainment < -0.01'\n"
      "warning: haiku: latency.ttft_s.p99 1.200 s -> 1.500 s (+25.0%) crosses 'ttft_s.p99 > +10%'\n"
      "\n"
      "2 candidates compared: 2 changed, 1 added, 0 removed; 2 fail thresholds crossed, 1 "
      "warning\n");

  CHECK(RenderDiff(d, DiffFormat::kMarkdown) ==
        "### plan: cost and latency changes\n"
        "\n"
        "Scenario `support-chatbot`: 2 candidates compared: 2 changed, 1 added, 0 removed.\n"
        "\n"
        "| candidate | metric | base | new | change |\n"
        "| --- | --- | ---: | ---: | ---: |\n"
        "| haiku | latency.ttft_s.p99 | 1.200 s | 1.500 s | +25.0% |\n"
        "| h100-vllm-fp8 | cost.usd_per_month | \\$8,620 | \\$9,051 | +5.0% |\n"
        "| h100-vllm-fp8 | slo.attainment | 95.0% | 93.0% | -2.0 pp |\n"
        "\n"
        "- Added: `sonnet`\n"
        "\n"
        "**2 fail thresholds crossed, 1 warning**\n"
        "\n"
        "- **fail** `h100-vllm-fp8`: cost.usd_per_month \\$8,620 -> \\$9,051 (+5.0%) crosses "
        "'usd_per_month > +5%'\n"
        "- **fail** `h100-vllm-fp8`: slo.attainment 95.0% -> 93.0% (-2.0 pp) crosses "
        "'attainment < -0.01'\n"
        "- **warning** `haiku`: latency.ttft_s.p99 1.200 s -> 1.500 s (+25.0%) crosses "
        "'ttft_s.p99 > +10%'\n");

  CHECK(RenderDiff(d, DiffFormat::kGithub) ==
        "::error title=plan diff h100-vllm-fp8::cost.usd_per_month $8,620 -> $9,051 (+5.0%25) "
        "crosses 'usd_per_month > +5%25'\n"
        "::error title=plan diff h100-vllm-fp8::slo.attainment 95.0%25 -> 93.0%25 (-2.0 pp) "
        "crosses 'attainment < -0.01'\n"
        "::warning title=plan diff haiku::latency.ttft_s.p99 1.200 s -> 1.500 s (+25.0%25) "
        "crosses 'ttft_s.p99 > +10%25'\n"
        "::notice title=plan diff::2 candidates compared: 2 changed, 1 added, 0 removed; "
        "2 fail thresholds crossed, 1 warning\n");
}

TEST_CASE("A Markdown diff of equal reports is empty, the text says nothing changed", "[diff]") {
  ReportDiff d = DiffReports(SampleReport(), SampleReport(), {Parse("usd_per_month > +5%")}, {});
  d.base_path = "a.json";
  d.new_path = "b.json";
  CHECK_FALSE(d.changed());
  CHECK(RenderDiff(d, DiffFormat::kMarkdown).empty());
  CHECK(RenderDiff(d, DiffFormat::kTable) ==
        "plan diff a.json -> b.json (scenario support-chatbot)\n"
        "\n"
        "no changes: 2 candidates compared: 0 changed, 0 added, 0 removed; "
        "0 fail thresholds crossed, 0 warnings\n");
  // An absolute bound is judged even when nothing changed: e2e p99 of the fleet is 12.25 s.
  ReportDiff abs = DiffReports(SampleReport(), SampleReport(), {Parse("e2e_s.p99 > 10")}, {});
  REQUIRE(abs.crossings.size() == 1);
  CHECK(abs.crossings[0].candidate == "h100-vllm-fp8");
  CHECK(RenderDiff(abs, DiffFormat::kMarkdown).find("crosses 'e2e_s.p99 > 10'") !=
        std::string::npos);
}

TEST_CASE("A removed candidate and a lost recommendation show in the diff", "[diff]") {
  Report now = SampleReport();
  now.candidates.erase(now.candidates.begin());  // haiku, the recommended one
  now.recommendation.clear();
  ReportDiff d = DiffReports(SampleReport(), now, {}, {});
  CHECK(d.removed == std::vector<std::string>{"haiku"});
  CHECK(RenderDiff(d, DiffFormat::kMarkdown) ==
        "### plan: cost and latency changes\n"
        "\n"
        "Scenario `support-chatbot`: 1 candidate compared: 0 changed, 0 added, 1 removed.\n"
        "\n"
        "- Removed: `haiku`\n"
        "- Recommendation: `haiku` -> `(none)`\n");
}

TEST_CASE("A candidate newly ruled out by require shows in the diff", "[diff]") {
  // The catalog dropped Anthropic's BAA: haiku is excluded, no other figure moved.
  Report now = SampleReport();
  now.candidates[0].excluded = {"anthropic/claude-haiku-4-5 lacks hipaa (unknown)"};
  now.recommendation.clear();
  ReportDiff d = DiffReports(SampleReport(), now, {}, {});
  REQUIRE(d.candidates.size() == 2);
  CHECK(d.candidates[0].changed());
  CHECK_FALSE(d.candidates[1].changed());
  const std::string md = RenderDiff(d, DiffFormat::kMarkdown);
  CHECK_THAT(md, Catch::Contains("| haiku | excluded | no | yes | now excluded by require |"));
  CHECK_THAT(md, Catch::Contains("1 changed"));
}

}  // namespace plan
