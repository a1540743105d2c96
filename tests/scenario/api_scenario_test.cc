#include <catch2/catch.hpp>

#include <string>

#include "catalog/catalog.h"
#include "run/evaluate_candidate.h"
#include "run/run_scenario.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// 300 generated requests; candidates are appended by each test.
const char* kHead = R"(name = "api-test"
seed = 7

[workload.generator]
arrival = "poisson"
rate_per_s = 5
requests = 300
input_tokens = { dist = "lognormal", median = 800, sigma = 0.8 }
output_tokens = { dist = "lognormal", median = 150, sigma = 0.5 }

[slo]
ttft_p99_s = 3.0
)";

const char* kHaiku = R"(
[[candidate]]
name = "haiku"
kind = "api"
offer = "anthropic/claude-haiku-4-5"
region = "eu-west"
availability = 0.99
cached_fraction = 0.3
)";

std::string ParseError(const std::string& candidates) {
  Result<Scenario> s =
      ParseScenario(std::string(kHead) + candidates, "test/api.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

const CandidateRow& Row(const Report& report, const std::string& name) {
  for (const CandidateRow& row : report.candidates)
    if (row.name == name) return row;
  FAIL("no row " << name);
  return report.candidates.front();
}

}  // namespace

TEST_CASE("An unknown offer is an error at its value with the nearest offer", "[api]") {
  CHECK(ParseError(R"(
[[candidate]]
name = "haiku"
kind = "api"
offer = "anthropic/claude-haiku-4.5"
)") == "test/api.toml:17:9: candidate 'haiku': unknown offer 'anthropic/claude-haiku-4.5'; did you "
       "mean 'anthropic/claude-haiku-4-5'?\n"
       "  offer = \"anthropic/claude-haiku-4.5\"\n"
       "          ^");
}

TEST_CASE("Bad api keys: region, batch without a batch price, outage windows", "[api]") {
  CHECK(ParseError(R"(
[[candidate]]
name = "groq"
kind = "api"
offer = "groq/llama-3.1-8b-instant"
region = "eu-wset"
batch = true
outages = [{ start_s = 50, end_s = 40 }]
availability = 1.5
)") == "test/api.toml:18:10: candidate 'groq': unknown region 'eu-wset'; did you mean 'eu-west'?\n"
       "  region = \"eu-wset\"\n"
       "           ^\n"
       "test/api.toml:19:9: candidate 'groq': offer 'groq/llama-3.1-8b-instant' has no batch price "
       "in the catalog\n"
       "  batch = true\n"
       "          ^\n"
       "test/api.toml:20:36: 'end_s' in an outage of candidate 'groq' must be after start_s (50), "
       "not 40\n"
       "  outages = [{ start_s = 50, end_s = 40 }]\n"
       "                                     ^\n"
       "test/api.toml:21:16: 'availability' in groq must be <= 1, not 1.5\n"
       "  availability = 1.5\n"
       "                 ^");
}

TEST_CASE("The round trip is to the nearest region serving the offer", "[api]") {
  Result<Scenario> s =
      ParseScenario(std::string(kHead) + kHaiku, "test/api.toml", EmbeddedCatalog());
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  const ApiSpec& api = s->candidates[0].api;
  CHECK(api.served_from == "us-east");
  CHECK(api.rtt_s == EmbeddedCatalog().RttS("eu-west", "us-east"));
  CHECK(api.rtt_s == 67 * 1e-3);
}

TEST_CASE("An api candidate runs, prices every completed request, and counts failures", "[api]") {
  Result<Scenario> s =
      ParseScenario(std::string(kHead) + kHaiku, "test/api.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  Result<CandidateRow> row = EvaluateCandidate(*s, s->candidates[0], EmbeddedCatalog());
  INFO((row.ok() ? "" : row.status().message()));
  REQUIRE(row.ok());
  CHECK(row->kind == "api");
  CHECK(row->requests.total == 300);
  CHECK(row->requests.completed + row->requests.failed == 300);
  CHECK(row->cost.total_usd > 0);
  CHECK(row->resources.gpus == 0);
  // Every TTFT includes the 67 ms round trip from eu-west to us-east.
  CHECK(row->latency.ttft_s.max >= 0.067);
  CHECK(
      row->assumptions.front().rfind("anthropic/claude-haiku-4-5 (claude-haiku-4-5 via anthropic) "
                                     "at $1/M input, $5/M output, $0.1/M cache read, $1.25/M "
                                     "cache write",
                                     0) == 0);
}

TEST_CASE("Adding a candidate does not change another candidate's numbers", "[api]") {
  std::string one = std::string(kHead) + kHaiku;
  std::string three = std::string(kHead) + R"(
[[candidate]]
name = "mini"
kind = "api"
offer = "openai/gpt-4.1-mini"
availability = 0.95
)" + kHaiku + R"(
[[candidate]]
name = "groq"
kind = "api"
offer = "groq/llama-3.1-8b-instant"
rpm = 30
)";
  Result<Scenario> s1 = ParseScenario(one, "test/api.toml", EmbeddedCatalog());
  Result<Scenario> s3 = ParseScenario(three, "test/api.toml", EmbeddedCatalog());
  REQUIRE(s1.ok());
  REQUIRE(s3.ok());
  Result<Report> r1 = RunScenario(*s1, EmbeddedCatalog(), {});
  Result<Report> r3 = RunScenario(*s3, EmbeddedCatalog(), {{}, 2});
  REQUIRE(r1.ok());
  REQUIRE(r3.ok());
  CHECK(Row(*r1, "haiku") == Row(*r3, "haiku"));
  // The haiku run draws from its own stream: some of its attempts are refused (availability
  // 0.99), and the other candidates' draws (0.95, rate limits) do not move them.
  CHECK(Row(*r3, "mini").requests.total == 300);
  CHECK(Row(*r3, "groq").notes.size() >= 1);  // 30 rpm against ~300 rpm of traffic: 429s
}

}  // namespace plan
