// Composite candidates run end to end: outages and fallbacks, residency, common random
// numbers, edge devices and the hybrid's saving.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <string>

#include "../sim/sim_fakes.h"
#include "arch/target_tree.h"
#include "catalog/catalog.h"
#include "run/evaluate_candidate.h"
#include "run/run_scenario.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"
#include "workload/workload_spec.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// 400 requests over ~200 s.
const char* kHead = R"(name = "composite"
seed = 11
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 400
input_tokens = { dist = "lognormal", median = 800, sigma = 0.6 }
output_tokens = { dist = "lognormal", median = 120, sigma = 0.5 }
[slo]
ttft_p99_s = 5.0
)";

const char* kBase = R"(
[[candidate]]
name = "haiku"
kind = "api"
offer = "anthropic/claude-haiku-4-5"
[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
)";

const char* kComposites = R"(
[[candidate]]
name = "cascade"
kind = "hybrid"
mode = "cascade"
cheap = "fleet"
expensive = "anthropic/claude-sonnet-4-5"
escalate_fraction = 0.2
[[candidate]]
name = "chain"
kind = "failover"
chain = ["openai/gpt-4.1-mini", "haiku"]
last_resort = "cached_response"
[[candidate]]
name = "global"
kind = "multi_region"
users = { "us-east" = 0.7, "eu-west" = 0.3 }
deployments = [{ region = "us-east", target = "fleet" },
               { region = "eu-central", target = "azure/gpt-4.1-mini" }]
residency = "jurisdiction"
[[candidate]]
name = "laptop"
kind = "edge"
device = "apple-m4-max"
model = "llama-3.2-1b-instruct"
[[candidate]]
name = "cached-haiku"
kind = "api"
offer = "anthropic/claude-haiku-4-5"
response_cache = { hit_rate = 0.25 }
)";

Scenario Parse(const std::string& candidates) {
  Result<Scenario> s =
      ParseScenario(std::string(kHead) + candidates, "test/composite.toml", EmbeddedCatalog());
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  return std::move(s).value();
}

const CandidateSpec& Spec(const Scenario& s, const std::string& name) {
  for (const CandidateSpec& c : s.candidates)
    if (c.name == name) return c;
  FAIL("no candidate " << name);
  return s.candidates.front();
}

const CandidateRow& Row(const Report& report, const std::string& name) {
  for (const CandidateRow& row : report.candidates)
    if (row.name == name) return row;
  FAIL("no row " << name);
  return report.candidates.front();
}

CandidateRow RunOne(const Scenario& s, const std::string& name) {
  Result<CandidateRow> row = EvaluateCandidate(s, Spec(s, name), EmbeddedCatalog());
  INFO((row.ok() ? "" : row.status().message()));
  REQUIRE(row.ok());
  return std::move(row).value();
}

// Arrival times of the scenario's request stream, as every candidate sees it.
std::vector<TimeNs> Arrivals(const Scenario& s) {
  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(s.workload, s.seed, 0);
  REQUIRE(source.ok());
  std::vector<TimeNs> out;
  Request r;
  while ((*source)->Next(&r)) out.push_back(r.arrival_ns);
  return out;
}

}  // namespace

TEST_CASE("An outage of the primary offer with a fallback loses no request", "[failover]") {
  Scenario s = Parse(R"(
[[candidate]]
name = "mini"
kind = "api"
offer = "openai/gpt-4.1-mini"
outages = [{ start_s = 50, end_s = 80 }]
failover = { chain = ["anthropic/claude-haiku-4-5"] }
)");
  CandidateRow row = RunOne(s, "mini");
  // No region: no round trip. A request sent at t is refused inside [50, 80) and retried at
  // t + 0.5 and t + 1.5 (back-off 0.5 s, doubling; the SDK default of 2 retries). All three
  // attempts fall inside the outage exactly when 50 <= t < 78.5: those, and only those, go
  // to the fallback.
  int64_t in_window = 0;
  const std::vector<TimeNs> arrivals = Arrivals(s);
  for (TimeNs t : arrivals) in_window += t >= 50 * kNsPerS && t < 78500 * kNsPerS / 1000;
  REQUIRE(in_window > 0);
  CHECK(row.requests.total == 400);
  CHECK(row.requests.failed == 0);
  REQUIRE(row.tiers.size() == 3);
  CHECK(row.tiers[0].name == "primary (mini)");
  CHECK(row.tiers[0].requests == 400 - in_window);
  CHECK(row.tiers[1].name == "fallback 1 (anthropic/claude-haiku-4-5)");
  CHECK(row.tiers[1].requests == in_window);
  CHECK(row.tiers[1].share == static_cast<double>(in_window) / 400);
  CHECK(row.tiers[2].name == "failed");
  CHECK(row.tiers[2].requests == 0);
  const std::string availability = fmt::format(
      "mini: availability 100.0% (400 of 400 answered); served: primary (mini) {}, fallback 1 "
      "(anthropic/claude-haiku-4-5) {}; 0 failed after the whole chain",
      400 - in_window, in_window);
  CHECK(std::find(row.notes.begin(), row.notes.end(), availability) != row.notes.end());
}

TEST_CASE("A residency rule is never violated, even when routing would prefer it",
          "[multiregion]") {
  // EU users (region 1 in the trace) may be served only in eu-west. A latency-aware router
  // would move them to the idle H100s in us-east once the single L4 in eu-west is loaded.
  const std::string deployments = R"(
[[candidate]]
name = "us-big"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
replicas = 2
[[candidate]]
name = "eu-small"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "l4"
quant = "fp8"
[[candidate]]
name = "global"
kind = "multi_region"
users = ["us-east", "eu-west"]
deployments = [{ region = "us-east", target = "us-big" }, { region = "eu-west", target = "eu-small" }]
routing = "lowest_latency"
)";
  auto run = [&](const std::string& extra) {
    Scenario s = Parse(deployments + extra);
    Simulation sim;
    Result<std::unique_ptr<TargetTree>> tree =
        TargetTree::Build(s, Spec(s, "global"), EmbeddedCatalog(), &sim);
    REQUIRE(tree.ok());
    std::vector<Request> requests;
    for (int i = 0; i < 600; ++i) {
      Request r = testing::Req(i * 50 * testing::kMs, 1500, 300);  // 20 per second
      r.region = static_cast<int16_t>(i % 10 == 0 ? 0 : 1);
      requests.push_back(r);
    }
    testing::VectorSource source(requests);
    testing::RecordingObserver obs;
    Driver driver(&sim, &source, (*tree)->root(), &obs);
    REQUIRE(driver.Run().ok());
    // Requests served in each deployment region, by user region.
    std::map<std::pair<int, std::string>, int> served;
    for (size_t i = 0; i < obs.records.size(); ++i) {
      REQUIRE_FALSE(obs.records[i].failed);
      ++served[{requests[i].region, (*tree)->tiers()[obs.records[i].tier].region}];
    }
    return served;
  };
  auto free = run("");
  CHECK(free[{1, "us-east"}] > 0);  // without the rule, EU users do end up in the US
  auto ruled = run("residency = { \"eu-west\" = [\"eu-west\"] }\n");
  CHECK(ruled[{1, "us-east"}] == 0);
  CHECK(ruled[{1, "eu-west"}] == 540);
  CHECK(ruled[{0, "us-east"}] + ruled[{0, "eu-west"}] == 60);
}

TEST_CASE("Adding composite candidates changes no other candidate's numbers",
          "[hybrid][failover][multiregion][edge]") {
  Scenario base = Parse(kBase);
  Scenario all = Parse(std::string(kBase) + kComposites);
  Result<Report> r1 = RunScenario(base, EmbeddedCatalog(), {});
  Result<Report> r2 = RunScenario(all, EmbeddedCatalog(), {{}, 2});
  REQUIRE(r1.ok());
  REQUIRE(r2.ok());
  CHECK(Row(*r1, "haiku") == Row(*r2, "haiku"));
  CHECK(Row(*r1, "fleet") == Row(*r2, "fleet"));
  // Nor does one composite move another: each alone equals its row among all.
  for (const char* name : {"cascade", "chain", "global", "laptop", "cached-haiku"}) {
    INFO(name);
    RunOptions only;
    only.only = {name};
    Result<Report> one = RunScenario(all, EmbeddedCatalog(), only);
    REQUIRE(one.ok());
    CHECK(one->candidates[0] == Row(*r2, name));
  }
  // And the tiers survive the JSON contract.
  Result<Report> back = ReadReportJson(RenderReport(*r2, ReportFormat::kJson), "r.json");
  REQUIRE(back.ok());
  CHECK(Row(*back, "cascade").tiers == Row(*r2, "cascade").tiers);
  CHECK(Row(*back, "cascade").tiers.size() == 3);
}

TEST_CASE("A hybrid states its saving against the expensive tier alone", "[hybrid]") {
  Scenario s = Parse(std::string(kBase) + kComposites);
  // The note is the scenario run's: the expensive offer is simulated once for it.
  RunOptions only;
  only.only = {"cascade"};
  Result<Report> run = RunScenario(s, EmbeddedCatalog(), only);
  REQUIRE(run.ok());
  REQUIRE(run->candidates.size() == 1);
  const CandidateRow& hybrid = run->candidates[0];
  // EvaluateCandidate alone (the evaluator break-even and search call) simulates no baseline.
  CandidateRow evaluated = RunOne(s, "cascade");
  CHECK(evaluated.notes.size() + 1 == hybrid.notes.size());
  CandidateSpec sonnet;
  sonnet.name = "anthropic/claude-sonnet-4-5";
  sonnet.kind = CandidateKind::kApi;
  sonnet.api.offer = sonnet.name;
  Result<CandidateRow> alone = EvaluateCandidate(s, sonnet, EmbeddedCatalog());
  REQUIRE(alone.ok());
  const double saved = alone->cost.total_usd - hybrid.cost.total_usd;
  REQUIRE(saved > 0);
  CHECK(hybrid.notes.back() ==
        fmt::format("against 'anthropic/claude-sonnet-4-5' alone (simulated on the same "
                    "requests: ${:.4f}, TTFT p99 {:.3f} s, 0 failed): this hybrid costs ${:.4f} "
                    "(TTFT p99 {:.3f} s), a saving of ${:.4f} ({:.1f}%)",
                    alone->cost.total_usd, alone->latency.ttft_s.p99, hybrid.cost.total_usd,
                    hybrid.latency.ttft_s.p99, saved, 100 * saved / alone->cost.total_usd));
  // The tiers add up: every request answered by one of them, and their costs make the total
  // (the fleet's GPU-hours included in its tier).
  REQUIRE(hybrid.tiers.size() == 3);
  CHECK(hybrid.tiers[0].requests + hybrid.tiers[1].requests == 400);
  CHECK(hybrid.tiers[0].cost_usd + hybrid.tiers[1].cost_usd ==
        Approx(hybrid.cost.total_usd).epsilon(1e-9));
}

TEST_CASE("A hybrid whose expensive tier is a candidate of the run reuses that row", "[hybrid]") {
  Scenario s = Parse(std::string(kBase) + R"(
[[candidate]]
name = "fleet-or-haiku"
kind = "hybrid"
mode = "classify"
cheap = "fleet"
expensive = "haiku"
expensive_fraction = 0.3
[[candidate]]
name = "fleet-then-haiku"
kind = "hybrid"
mode = "cascade"
cheap = "fleet"
expensive = "haiku"
escalate_fraction = 0.1
)");
  Result<Report> all = RunScenario(s, EmbeddedCatalog(), {{}, 2});
  REQUIRE(all.ok());
  const CandidateRow& haiku = Row(*all, "haiku");
  for (const char* name : {"fleet-or-haiku", "fleet-then-haiku"}) {
    INFO(name);
    const CandidateRow& hybrid = Row(*all, name);
    const double saved = haiku.cost.total_usd - hybrid.cost.total_usd;
    CHECK(hybrid.notes.back() ==
          fmt::format("against 'haiku' alone (its own row in this report: ${:.4f}, TTFT p99 "
                      "{:.3f} s, 0 failed): this hybrid costs ${:.4f} (TTFT p99 {:.3f} s), {} "
                      "${:.4f} ({:.1f}%)",
                      haiku.cost.total_usd, haiku.latency.ttft_s.p99, hybrid.cost.total_usd,
                      hybrid.latency.ttft_s.p99, saved >= 0 ? "a saving of" : "dearer by",
                      std::abs(saved), 100 * saved / haiku.cost.total_usd));
  }
  // Without haiku among the candidates run, it is simulated for the note, with the same figures.
  RunOptions only;
  only.only = {"fleet-or-haiku"};
  Result<Report> one = RunScenario(s, EmbeddedCatalog(), only);
  REQUIRE(one.ok());
  REQUIRE(one->candidates.size() == 1);
  std::string expected = Row(*all, "fleet-or-haiku").notes.back();
  const std::string own = "its own row in this report";
  expected.replace(expected.find(own), own.size(), "simulated on the same requests");
  CHECK(one->candidates[0].notes.back() == expected);
}

TEST_CASE("An edge device answers one request at a time and costs what it is given", "[edge]") {
  Scenario s = Parse(std::string(kBase) + kComposites + R"(
[[candidate]]
name = "laptop-amortised"
kind = "edge"
device = "apple-m4-max"
model = "llama-3.2-1b-instruct"
device_usd_per_hour = 0.25
)");
  Simulation sim;
  Result<std::unique_ptr<TargetTree>> tree =
      TargetTree::Build(s, Spec(s, "laptop"), EmbeddedCatalog(), &sim);
  REQUIRE(tree.ok());
  CHECK_FALSE((*tree)->composite());
  REQUIRE((*tree)->fleets().size() == 1);
  CHECK((*tree)->fleets()[0]->setup->fleet_config().replica.max_num_seqs == 1);
  CHECK((*tree)->fleets()[0]->setup->spec().engine == "llama.cpp");
  CHECK((*tree)->fleets()[0]->setup->spec().quant == "q4_k_m");
  testing::RecordingObserver steps;
  (*tree)->set_observer(&steps);
  testing::VectorSource source({testing::Req(0, 500, 50), testing::Req(0, 500, 50)});
  testing::RecordingObserver obs;
  Driver driver(&sim, &source, (*tree)->root(), &obs);
  REQUIRE(driver.Run().ok());
  for (const StepRecord& step : steps.steps) CHECK(step.running_seqs <= 1);
  // The second request waits for the first to finish.
  CHECK(obs.records[1].queue_ns >= obs.records[0].finish_ns - obs.records[0].arrival_ns);

  CandidateRow owned = RunOne(s, "laptop");
  CHECK(owned.cost.total_usd == 0);
  CHECK(owned.resources.gpus == 1);
  CandidateRow amortised = RunOne(s, "laptop-amortised");
  // One device at $0.25/h, all month: 0.25 x 730.5 h.
  CHECK(amortised.cost.usd_per_hour == 0.25);
  CHECK(amortised.cost.usd_per_month == Approx(0.25 * 730.5).epsilon(1e-12));
  // The same device and the same requests: the latencies do not depend on the price.
  CHECK(amortised.latency == owned.latency);
}

}  // namespace plan

namespace plan {

TEST_CASE("The worked composite scenarios load, and compare-all runs",
          "[hybrid][failover][multiregion][edge]") {
  for (const char* name : {"compare-all", "hybrid", "failover-cache", "multi-region", "edge"}) {
    INFO(name);
    Result<Scenario> s = LoadScenario(std::string(PLAN_SOURCE_DIR) + "/scenarios/" + name + ".toml",
                                      EmbeddedCatalog());
    INFO((s.ok() ? "" : s.status().message()));
    CHECK(s.ok());
  }
  Result<Scenario> s =
      LoadScenario(std::string(PLAN_SOURCE_DIR) + "/scenarios/compare-all.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  Result<Report> report = RunScenario(*s, EmbeddedCatalog(), {{}, 2});
  REQUIRE(report.ok());
  for (const CandidateRow& row : report->candidates) {
    INFO(row.name);
    CHECK(row.requests.total == 19366);  // the Azure conversation trace, every request
    CHECK(row.requests.failed == 0);
  }
  // EU users (40%) answered only in the EU deployment: residency by jurisdiction.
  const CandidateRow& global = Row(*report, "multi-region-us-eu");
  REQUIRE(global.tiers.size() == 3);
  CHECK(global.tiers[0].name == "us-east (self-8b-h100)");
  CHECK(global.tiers[1].name == "eu-central (azure/gpt-4.1-mini)");
  CHECK(std::find(global.notes.begin(), global.notes.end(),
                  fmt::format("multi-region-us-eu: users in eu-west: {} requests; answered {} in "
                              "eu-central (azure/gpt-4.1-mini)",
                              global.tiers[1].requests, global.tiers[1].requests)) !=
        global.notes.end());
}

}  // namespace plan
