// One small request stream through every kind of candidate (api, self_hosted, edge, hybrid in
// both modes, failover with a response cache, multi_region): every request is answered or
// fails exactly once, a composite's tiers account for every request and every dollar, and
// the same seed gives the same report byte for byte.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "arch/target_tree.h"
#include "catalog/catalog.h"
#include "report/report.h"
#include "run/evaluate_candidate.h"
#include "run/run_scenario.h"
#include "scenario/scenario.h"
#include "sim/sim.h"
#include "workload/workload_spec.h"

namespace plan {
namespace {

const Catalog& Embedded() {
  static const Catalog catalog = [] {
    Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources()});
    REQUIRE(c.ok());
    return std::move(c).value();
  }();
  return catalog;
}

constexpr int64_t kRequests = 240;
constexpr double kRouterUsd = 0.0001;  // the classify hybrid's charge per request

// 240 requests over ~2 minutes. haiku-down's outage (t = 30..90 s, no retries) makes some
// requests fail outright, and sends others down the failover chain.
const char* kScenario = R"(name = "every-kind"
seed = 7
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 240
input_tokens = { dist = "lognormal", median = 600, sigma = 0.6 }
output_tokens = { dist = "lognormal", median = 100, sigma = 0.5 }
[slo]
ttft_p99_s = 5.0

[[candidate]]
name = "haiku-down"
kind = "api"
offer = "anthropic/claude-haiku-4-5"
outages = [{ start_s = 30, end_s = 90 }]
max_retries = 0

[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"

[[candidate]]
name = "laptop"
kind = "edge"
device = "apple-m4-max"
model = "llama-3.2-1b-instruct"

[[candidate]]
name = "fleet-or-haiku"
kind = "hybrid"
mode = "classify"
cheap = "fleet"
expensive = "anthropic/claude-haiku-4-5"
expensive_fraction = 0.3
router_latency_s = 0.01
router_cost_usd = 0.0001

[[candidate]]
name = "fleet-then-gpt"
kind = "hybrid"
mode = "cascade"
cheap = "fleet"
expensive = "openai/gpt-4.1"
escalate_fraction = 0.2

[[candidate]]
name = "chain-cached"
kind = "failover"
chain = ["haiku-down", "fleet"]
timeout_s = 30
last_resort = "cached_response"
response_cache = { hit_rate = 0.2 }

[[candidate]]
name = "us-eu"
kind = "multi_region"
users = { "us-east" = 0.6, "eu-west" = 0.4 }
deployments = [{ region = "us-east", target = "fleet" },
               { region = "eu-central", target = "azure/gpt-4.1-mini" }]
residency = "jurisdiction"
)";

Scenario Load() {
  Result<Scenario> s = ParseScenario(kScenario, "test/every-kind.toml", Embedded());
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  return std::move(s).value();
}

// How many times each request id was reported finished, and how many of those failed.
class CountingObserver : public Observer {
 public:
  void OnRequestDone(const RequestRecord& r) override {
    if (r.id >= done.size()) done.resize(r.id + 1, 0);
    ++done[r.id];
    failed += r.failed;
  }
  std::vector<int> done;
  int64_t failed = 0;
};

const CandidateRow& Row(const Report& report, const std::string& name) {
  for (const CandidateRow& row : report.candidates)
    if (row.name == name) return row;
  FAIL("no row " << name);
  return report.candidates.front();
}

}  // namespace

TEST_CASE("The every-kind scenario has a candidate of every kind", "[run]") {
  const Scenario s = Load();
  std::set<std::string> kinds;
  for (const CandidateSpec& c : s.candidates) kinds.insert(CandidateKindName(c.kind));
  CHECK(kinds == std::set<std::string>(CandidateKindNames().begin(), CandidateKindNames().end()));
}

TEST_CASE("Every kind answers or fails each request exactly once", "[run]") {
  const Scenario s = Load();
  Result<Report> report = RunScenario(s, Embedded(), {{}, 2});
  REQUIRE(report.ok());
  REQUIRE(report->candidates.size() == s.candidates.size());
  for (const CandidateSpec& c : s.candidates) {
    INFO(c.name);
    // The tree alone, driven over the scenario's stream: one outcome per request id.
    Simulation sim;
    Result<std::unique_ptr<TargetTree>> tree = TargetTree::Build(s, c, Embedded(), &sim);
    REQUIRE(tree.ok());
    Result<std::unique_ptr<RequestSource>> source =
        OpenWorkload(s.workload, s.seed, (*tree)->max_total_tokens());
    REQUIRE(source.ok());
    CountingObserver seen;
    Driver driver(&sim, source->get(), (*tree)->root(), &seen);
    REQUIRE(driver.Run().ok());
    REQUIRE(seen.done.size() == kRequests);
    for (size_t id = 0; id < seen.done.size(); ++id) {
      INFO("request " << id);
      CHECK(seen.done[id] == 1);
    }

    // The report's counts say the same.
    const CandidateRow& row = Row(*report, c.name);
    CHECK(row.requests.total == kRequests);
    CHECK(row.requests.completed + row.requests.failed == kRequests);
    CHECK(row.requests.failed == seen.failed);
  }
  // The outage did bite: the bare offer failed requests, the chain around it failed none.
  CHECK(Row(*report, "haiku-down").requests.failed > 0);
  CHECK(Row(*report, "chain-cached").requests.failed == 0);
}

TEST_CASE("A composite's tiers account for every request and every dollar", "[run]") {
  const Scenario s = Load();
  Result<Report> report = RunScenario(s, Embedded(), {{}, 2});
  REQUIRE(report.ok());
  for (const CandidateRow& row : report->candidates) {
    INFO(row.name);
    const bool composite = row.kind != "api" && row.kind != "self_hosted" && row.kind != "edge";
    CHECK(row.tiers.empty() == !composite);
    // Whatever the kind: the total is what every completed request costs on average.
    CHECK(row.cost.usd_per_request * row.requests.completed ==
          Approx(row.cost.total_usd).epsilon(1e-12));
    if (!composite) continue;
    int64_t requests = 0;
    double usd = 0;
    for (const CandidateRow::Tier& t : row.tiers) {
      requests += t.requests;
      usd += t.cost_usd;
    }
    CHECK(requests == row.requests.total);
    // The last tier holds the requests that finally failed.
    CHECK(row.tiers.back().name == "failed");
    CHECK(row.tiers.back().requests == row.requests.failed);
    CHECK(row.tiers.back().cost_usd == 0);
    // Each tier's charges (answers a failover discarded included) and fleet GPU-hours, plus the
    // classify router's charge on every request, make the total.
    const double router_usd = row.name == "fleet-or-haiku" ? kRouterUsd * kRequests : 0.0;
    CHECK(usd + router_usd == Approx(row.cost.total_usd).epsilon(1e-9));
  }
  // An owned edge device costs nothing; a fleet and an API cost something.
  CHECK(Row(*report, "laptop").cost.total_usd == 0);
  CHECK(Row(*report, "fleet").cost.total_usd > 0);
  CHECK(Row(*report, "haiku-down").cost.total_usd > 0);
}

TEST_CASE("Every kind gives the same report byte for byte from the same seed", "[run]") {
  const Scenario s = Load();
  Result<Report> first = RunScenario(s, Embedded(), {{}, 1});
  Result<Report> second = RunScenario(s, Embedded(), {{}, 3});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  const std::string json = RenderReport(*first, ReportFormat::kJson);
  CHECK(json == RenderReport(*second, ReportFormat::kJson));
  CHECK(*first == *second);
  // Each candidate evaluated on its own is its row in the run (a hybrid's row adds the saving
  // note, which the scenario run computes); evaluated once, without bounds, it is the same row
  // less its bounds.
  for (const CandidateSpec& c : s.candidates) {
    INFO(c.name);
    Result<CandidateRow> alone = EvaluateWithBounds(s, c, Embedded());
    REQUIRE(alone.ok());
    CandidateRow expected = Row(*first, c.name);
    if (c.kind == CandidateKind::kHybrid) expected.notes.pop_back();
    CHECK(*alone == expected);
    CHECK(expected.fidelity.bounded);
    Result<CandidateRow> once = EvaluateCandidate(s, c, Embedded());
    REQUIRE(once.ok());
    expected.fidelity.bounded = false;
    expected.fidelity.bounds = {};
    CHECK(*once == expected);
  }
  // Another seed draws another stream.
  Scenario reseeded = s;
  reseeded.seed = 8;
  Result<Report> other = RunScenario(reseeded, Embedded(), {{}, 2});
  REQUIRE(other.ok());
  CHECK(RenderReport(*other, ReportFormat::kJson) != json);
}

}  // namespace plan
