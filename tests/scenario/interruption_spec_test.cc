// [candidate.interruptions] and interruptions = "none" (scenario/interruption_spec.h): spot
// pricing must say how it is reclaimed, and a rate carries its unit.
#include <catch2/catch.hpp>

#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {

using test::EmbeddedCatalog;

namespace {

// The candidate's keys end with `pricing` on line 13; `extra` starts on line 14.
Result<Scenario> Parse(const std::string& pricing, const std::string& extra) {
  std::string text = R"(name = "t"
[workload.generator]
arrival = "poisson"
rate_per_s = 5
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 20 }
[[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
pricing = ")" + pricing +
                     "\"\n" + extra;
  return ParseScenario(text, "s.toml", EmbeddedCatalog());
}

std::string ErrorOf(const std::string& pricing, const std::string& extra) {
  Result<Scenario> s = Parse(pricing, extra);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

}  // namespace

TEST_CASE("a spot candidate with an interruption table parses", "[scenario][spot]") {
  Result<Scenario> s = Parse("spot",
                             "[candidate.interruptions]\nrate_per_hour = 0.05\nnotice_s = 120\n"
                             "replacement_s = 300\n");
  REQUIRE(s.ok());
  const InterruptionSpec& in = s->candidates[0].self_hosted.interruptions;
  CHECK(in.enabled);
  CHECK_FALSE(in.none);
  CHECK(in.rate_per_hour == 0.05);
  CHECK(in.notice_s == 120);
  CHECK(in.replacement_s == 300);
}

TEST_CASE("interruptions = none is an explicit choice", "[scenario][spot]") {
  Result<Scenario> s = Parse("spot", "interruptions = \"none\"\n");
  REQUIRE(s.ok());
  CHECK(s->candidates[0].self_hosted.interruptions.none);
  CHECK_FALSE(s->candidates[0].self_hosted.interruptions.enabled);
  // On-demand capacity needs neither.
  REQUIRE(Parse("on_demand", "").ok());
}

TEST_CASE("spot pricing without an interruption model is an error", "[scenario][spot]") {
  CHECK(ErrorOf("spot", "") ==
        "s.toml:13:11: candidate 'a': spot capacity can be reclaimed; say how often with a "
        "[candidate.interruptions] table (rate_per_hour, notice_s, replacement_s; published "
        "figures in catalog/evidence/spot_interruptions.toml), or price it without interruptions "
        "with "
        "interruptions = \"none\"\n"
        "  pricing = \"spot\"\n"
        "            ^");
}

TEST_CASE("interruption inputs are checked", "[scenario][spot]") {
  const std::string table = "[candidate.interruptions]\n";
  CHECK(ErrorOf("spot", table + "rate_per_hour = -0.5\nreplacement_s = 300\n") ==
        "s.toml:15:17: 'rate_per_hour' in the interruptions of candidate 'a' must be >= 0, not "
        "-0.5\n"
        "  rate_per_hour = -0.5\n"
        "                  ^");
  CHECK(ErrorOf("spot", table + "rate_per_hour = 5000\nreplacement_s = 300\n") ==
        "s.toml:15:17: 'rate_per_hour' in the interruptions of candidate 'a' is 5000 reclaims "
        "per replica-hour, more than one a second; it counts per hour (0.05 = one reclaim in 20 "
        "replica-hours)\n"
        "  rate_per_hour = 5000\n"
        "                  ^");
  CHECK(ErrorOf("spot", table + "rate = 0.05\nreplacement_s = 300\n") ==
        "s.toml:15:8: 'rate' in the interruptions of candidate 'a' needs its unit: write "
        "rate_per_hour (reclaims per replica-hour)\n"
        "  rate = 0.05\n"
        "         ^");
  CHECK(ErrorOf("spot", table + "rate_per_hour = 0.05\nnotice_s = -1\nreplacement_s = 300\n") ==
        "s.toml:16:12: 'notice_s' in the interruptions of candidate 'a' must be >= 0, not -1\n"
        "  notice_s = -1\n"
        "             ^");
  CHECK(ErrorOf("spot", table + "rate_per_hour = 0.05\n") ==
        "s.toml:14:1: the interruptions of candidate 'a' is missing required key "
        "'replacement_s'\n"
        "  [candidate.interruptions]\n"
        "  ^");
  CHECK(ErrorOf("spot", "interruptions = \"nope\"\n") ==
        "s.toml:14:17: 'interruptions' in a: unknown value 'nope'; did you mean 'none'?\n"
        "  interruptions = \"nope\"\n"
        "                  ^");
}

}  // namespace plan
