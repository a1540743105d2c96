// A scenario's `require`: every tier a candidate may send data to is checked against what its
// provider or cloud states (catalog/compliance.toml); failing candidates are simulated and
// shown, with one sentence per tier, and never recommended.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "../report/schema_check.h"
#include "catalog/catalog.h"
#include "report/report.h"
#include "run/run_scenario.h"
#include "scenario/compliance_check.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"
#include "testing/run_cli.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Lines 1-9; candidates start on line 11. 40 requests at 2/s, 200 tokens in, 20 out.
const char* kHead = R"(name = "hipaa"
require = ["hipaa", "zero_data_retention"]
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 40
input_tokens = { dist = "fixed", value = 200 }
output_tokens = { dist = "fixed", value = 20 }
[slo]
ttft_p99_s = 5.0
)";

// Together: hipaa unknown (no BAA page in the catalog); a fleet on AWS: hipaa from AWS's BAA,
// zero data retention by construction.
const char* kLeaves = R"(
[[candidate]]
name = "together"
kind = "api"
offer = "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"

[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
cloud = "aws"
region = "us-east"
)";

Scenario Parse(const std::string& candidates) {
  Result<Scenario> s =
      ParseScenario(std::string(kHead) + kLeaves + candidates, "hipaa.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  return std::move(s).value();
}

std::vector<std::string> Failures(const Scenario& s, const std::string& name) {
  for (const CandidateSpec& c : s.candidates)
    if (c.name == name) return ComplianceFailures(s, c, EmbeddedCatalog());
  FAIL("no candidate " << name);
  return {};
}

std::string ErrorOf(const std::string& text) {
  Result<Scenario> s = ParseScenario(text, "bad.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

}  // namespace

TEST_CASE("Unknown fails a requirement, and a fleet inherits its cloud's BAA", "[compliance]") {
  const Catalog& catalog = EmbeddedCatalog();
  // together/* states zero data retention but no BAA: hipaa is unknown, not false.
  const std::string together = "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo";
  CHECK(OfferAttribute(catalog, together, "hipaa") == Attribute::kUnknown);
  CHECK(OfferAttribute(catalog, together, "zero_data_retention") == Attribute::kYes);
  CHECK(OfferAttribute(catalog, together, "self_hosted") == Attribute::kNo);
  const ComplianceFact* baa = catalog.OfferFact("groq/llama-3.1-8b-instant", "hipaa");
  REQUIRE(baa);
  CHECK(baa->value);
  CHECK(baa->source == "https://console.groq.com/docs/legal/customer-business-associate-addendum");
  CHECK(baa->checked == "2026-12-05");

  SelfHostedSpec fleet;
  CHECK(FleetAttribute(catalog, fleet, "", "hipaa") == Attribute::kUnknown);  // no cloud said
  CHECK(FleetAttribute(catalog, fleet, "", "eu_data_boundary") == Attribute::kUnknown);
  CHECK(FleetAttribute(catalog, fleet, "", "zero_data_retention") == Attribute::kYes);
  fleet.cloud = "aws";
  fleet.region = "us-east";
  CHECK(FleetAttribute(catalog, fleet, "", "hipaa") == Attribute::kYes);
  CHECK(FleetAttribute(catalog, fleet, "", "soc2") == Attribute::kUnknown);
  CHECK(FleetAttribute(catalog, fleet, "", "eu_data_boundary") == Attribute::kNo);
  CHECK(FleetAttribute(catalog, fleet, "eu-west", "eu_data_boundary") == Attribute::kYes);
}

TEST_CASE("A hybrid whose cheap tier lacks a requirement is excluded, naming the tier",
          "[compliance]") {
  const Scenario s = Parse(R"(
[[candidate]]
name = "cascade"
kind = "hybrid"
mode = "cascade"
cheap = "together"
expensive = "fleet"
escalate_fraction = 0.2
)");
  CHECK(Failures(s, "together") ==
        std::vector<std::string>{
            "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo lacks hipaa (unknown)"});
  CHECK(Failures(s, "fleet").empty());
  CHECK(Failures(s, "cascade") ==
        std::vector<std::string>{"cheap (together) lacks hipaa (unknown)"});
}

TEST_CASE("A failover chain that would send data to a non-compliant fallback is flagged",
          "[compliance]") {
  const Scenario s = Parse(R"(
[[candidate]]
name = "chain"
kind = "failover"
chain = ["fleet", "together", "groq/llama-3.1-8b-instant"]

[[candidate]]
name = "wrapped"
kind = "api"
offer = "openai/gpt-4.1-mini"
failover = { chain = ["together"] }
)");
  CHECK(Failures(s, "chain") ==
        std::vector<std::string>{
            "failover would send data to fallback 1 (together), which lacks hipaa (unknown)",
            "failover would send data to fallback 2 (groq/llama-3.1-8b-instant), which lacks "
            "zero_data_retention (unknown)"});
  // The primary itself (OpenAI: BAA and zero data retention stated) passes.
  CHECK(Failures(s, "wrapped") ==
        std::vector<std::string>{
            "failover would send data to fallback 1 (together), which lacks hipaa (unknown)"});
}

TEST_CASE("A multi_region deployment outside the EU lacks eu_data_boundary", "[compliance]") {
  Result<Scenario> parsed =
      ParseScenario(std::string(kHead).replace(std::string(kHead).find("\"zero_data_retention\""),
                                               21, "\"eu_data_boundary\"") +
                        kLeaves + R"(
[[candidate]]
name = "two-regions"
kind = "multi_region"
users = { "eu-west" = 1.0 }
deployments = [{ region = "eu-west", target = "fleet" }, { region = "us-east", target = "fleet" }]
)",
                    "hipaa.toml", EmbeddedCatalog());
  REQUIRE(parsed.ok());
  // The fleet alone sits in us-east (its own region); in a deployment it takes the deployment's.
  CHECK(Failures(*parsed, "fleet") == std::vector<std::string>{"the fleet lacks eu_data_boundary"});
  CHECK(Failures(*parsed, "two-regions") ==
        std::vector<std::string>{"us-east (fleet) lacks eu_data_boundary"});
}

TEST_CASE("A compliant fleet is recommended over a cheaper API lacking a BAA", "[compliance]") {
  const Scenario s = Parse("");
  RunOptions options;
  options.bounds = false;
  Result<Report> report = RunScenario(s, EmbeddedCatalog(), options);
  REQUIRE(report.ok());
  REQUIRE(report->candidates.size() == 2);
  const CandidateRow& api = report->candidates[0];
  const CandidateRow& fleet = report->candidates[1];
  // Both meet the SLO and the API is cheaper on 40 requests than an hour-priced H100 ...
  CHECK(api.slo.met);
  CHECK(fleet.slo.met);
  CHECK(api.cost.total_usd < fleet.cost.total_usd);
  // ... but it is excluded, still simulated and shown with its reason.
  CHECK(api.requests.completed == 40);
  CHECK(api.excluded == std::vector<std::string>{"together/meta-llama/Meta-Llama-3.1-8B-Instruct-"
                                                 "Turbo lacks hipaa (unknown)"});
  CHECK(fleet.excluded.empty());
  CHECK(report->recommendation == "fleet");
  CHECK(report->require == std::vector<std::string>{"hipaa", "zero_data_retention"});
  const std::string table = RenderReport(*report, ReportFormat::kTable);
  CHECK(table.find("\nExcluded from the recommendation by require (hipaa, zero_data_retention); "
                   "still simulated above:\n  together: together/meta-llama/Meta-Llama-3.1-8B-"
                   "Instruct-Turbo lacks hipaa (unknown)\n") != std::string::npos);
  CHECK(table.find("* fleet is recommended: the cheapest candidate meeting the SLO and the "
                   "requirements (hipaa, zero_data_retention), ") != std::string::npos);

  // The JSON carries both fields and reads back to the same report.
  const std::string json = RenderReport(*report, ReportFormat::kJson);
  CHECK(json.find("\"require\": [\n    \"hipaa\",\n    \"zero_data_retention\"\n  ]") !=
        std::string::npos);
  CHECK(test::SchemaProblems("plan.report.v1.json", nlohmann::json::parse(json)).empty());
  Result<Report> back = ReadReportJson(json, "run.json");
  REQUIRE(back.ok());
  CHECK(back->require == report->require);
  CHECK(back->candidates[0].excluded == api.excluded);
  CHECK(RenderReport(*back, ReportFormat::kJson) == json);
}

TEST_CASE("Nothing compliant meeting the SLO recommends nothing and says why", "[compliance]") {
  Report report;
  report.require = {"hipaa"};
  report.slo.ttft_p99_s = 2;
  CandidateRow api;
  api.name = "together";
  api.slo.met = true;
  api.excluded = {"together/x lacks hipaa (unknown)"};
  CandidateRow slow;
  slow.name = "slow-fleet";
  report.candidates = {api, slow};
  CHECK(Recommend(&report).empty());
  CHECK(report.warnings ==
        std::vector<std::string>{"no compliant candidate meets the SLO (TTFT p99 <= 2 s, no failed "
                                 "requests): every candidate meeting it lacks a requirement "
                                 "(hipaa); nothing is recommended"});
}

TEST_CASE("An unknown requirement or cloud is bad input with the nearest name", "[compliance]") {
  CHECK(ErrorOf(R"(name = "x"
require = ["hipaa", "hippa", "eu_data_boundry"]
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 10
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }
[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
cloud = "awz"
)") == "bad.toml:2:21: unknown requirement 'hippa'; did you mean 'hipaa'?\n"
       "  require = [\"hipaa\", \"hippa\", \"eu_data_boundry\"]\n"
       "                      ^\n"
       "bad.toml:2:30: unknown requirement 'eu_data_boundry'; did you mean 'eu_data_boundary'?\n"
       "  require = [\"hipaa\", \"hippa\", \"eu_data_boundry\"]\n"
       "                               ^\n"
       "bad.toml:14:9: candidate 'fleet': unknown cloud 'awz'; did you mean 'aws'?\n"
       "  cloud = \"awz\"\n"
       "          ^");
}

}  // namespace plan

namespace plan {

TEST_CASE("A compliance entry needs its value, source and date, and names only known attributes",
          "[compliance]") {
  Result<Catalog> c = LoadCatalog({{{"c.toml", R"([[offer_compliance]]
match = "acme/*"
hipaa = { value = true, source = "https://acme.example/baa" }
hippa = { value = true, source = "https://acme.example/baa", checked = "2026-12-05" }
)"}}});
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() ==
        "c.toml:3:9: hipaa of offer_compliance 'acme/*' is missing required key 'checked'\n"
        "  hipaa = { value = true, source = \"https://acme.example/baa\" }\n"
        "          ^\n"
        "c.toml:4:1: unknown key 'hippa' in offer_compliance 'acme/*'; did you mean 'hipaa'?\n"
        "  hippa = { value = true, source = \"https://acme.example/baa\", checked = "
        "\"2026-12-05\" }\n"
        "  ^");
}

TEST_CASE("The most specific compliance entry stating an attribute wins", "[compliance]") {
  Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources(), {{"mine.toml", R"(
[[offer_compliance]]
match = "groq/llama-3.1-8b-instant"
zero_data_retention = { value = true, source = "https://example.com/our-groq-contract", checked = "2026-12-05" }
)"}}});
  REQUIRE(c.ok());
  // The exact id adds zero data retention; hipaa still comes from "groq/*".
  CHECK(OfferAttribute(*c, "groq/llama-3.1-8b-instant", "zero_data_retention") == Attribute::kYes);
  CHECK(OfferAttribute(*c, "groq/llama-3.1-8b-instant", "hipaa") == Attribute::kYes);
  CHECK(OfferAttribute(*c, "groq/llama-3.3-70b-versatile", "zero_data_retention") ==
        Attribute::kUnknown);
}

}  // namespace plan

namespace plan {

TEST_CASE("The Markdown and HTML reports say why a candidate is excluded", "[compliance]") {
  Report report;
  report.require = {"hipaa"};
  CandidateRow api;
  api.name = "cheap";
  api.slo.met = true;
  api.excluded = {"cheap (x|y) lacks hipaa (unknown)"};
  report.candidates = {api};
  Recommend(&report);
  const std::string md = RenderReport(report, ReportFormat::kMd);
  CHECK(md.find("\nExcluded from the recommendation by require (hipaa); still simulated above:\n"
                "\n- cheap: cheap (x\\|y) lacks hipaa (unknown)\n") != std::string::npos);
  const std::string html = RenderReport(report, ReportFormat::kHtml);
  CHECK(html.find("<p class=\"note\">  cheap: cheap (x|y) lacks hipaa (unknown)</p>") !=
        std::string::npos);
}

}  // namespace plan

namespace plan {

TEST_CASE("plan catalog show gives an offer's compliance with its sources, unknown where unstated",
          "[compliance]") {
  test::CliRun r = test::RunCli({"catalog", "show", "groq/llama-3.1-8b-instant"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("  compliance.hipaa                  yes "
                   "(https://console.groq.com/docs/legal/customer-business-associate-addendum, "
                   "read 2026-12-05)\n"
                   "  compliance.soc2                   unknown\n"
                   "  compliance.iso27001               unknown\n"
                   "  compliance.zero_data_retention    unknown\n"
                   "  compliance.eu_data_boundary       unknown\n") != std::string::npos);
}

}  // namespace plan
