#include <catch2/catch.hpp>

#include <cmath>

#include "../report/schema_check.h"
#include "catalog/catalog.h"
#include "decide/breakeven.h"
#include "run/evaluate_candidate.h"
#include "testing/embedded_catalog.h"
#include "testing/fleet_scenario.h"
#include "util/units.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;
using test::kFleetScenario;

CandidateSpec Candidate(const std::string& name, CandidateKind kind) {
  CandidateSpec c;
  c.name = name;
  c.kind = kind;
  return c;
}

// An API priced at exactly `usd_per_request`, always meeting the SLO: its monthly cost is the
// scenario's rate x seconds per month x the price, a straight line through zero.
CandidateRow FakeApi(const Scenario& s, const CandidateSpec& c, double usd_per_request) {
  CandidateRow row;
  row.name = c.name;
  row.kind = CandidateKindName(c.kind);
  row.slo.met = true;
  row.cost.usd_per_month = s.workload.generator.rate_per_s * kSecondsPerMonth * usd_per_request;
  return row;
}

// A fleet whose replicas each carry 2 requests/s within the SLO, at $1,000 per replica-month.
CandidateRow FakeFleet(const Scenario& s, const CandidateSpec& c) {
  const int32_t n = c.self_hosted.replicas;
  CandidateRow row;
  row.name = c.name;
  row.kind = CandidateKindName(c.kind);
  row.slo.met = s.workload.generator.rate_per_s <= 2.0 * n;
  row.cost.usd_per_month = 1000.0 * n;
  row.resources = {n, n, 0, 0, 0};
  return row;
}

Scenario GeneratedScenario() {
  Scenario s;
  s.name = "fake";
  s.workload.generator.arrival = ArrivalKind::kConstant;
  s.workload.generator.rate_per_s = 1;
  s.workload.generator.requests = 10;
  return s;
}

}  // namespace

TEST_CASE("Break-even of an API at $0.001/request and one $2/h GPU is at 5/9 req/s",
          "[breakeven]") {
  Result<Scenario> parsed = ParseScenario(kFleetScenario, "api-vs-fleet.toml", EmbeddedCatalog());
  REQUIRE(parsed.ok());
  Scenario scenario = *parsed;
  scenario.candidates.push_back(Candidate("api", CandidateKind::kApi));
  CandidateEvaluator evaluate = [](const Scenario& s,
                                   const CandidateSpec& c) -> Result<CandidateRow> {
    if (c.kind == CandidateKind::kApi) return FakeApi(s, c, 0.001);
    return EvaluateCandidate(s, c, EmbeddedCatalog());
  };
  BreakevenOptions options;
  options.min_rps = 0.1;
  options.max_rps = 1.0;
  options.points = 5;
  Result<BreakevenReport> r = RunBreakeven(scenario, options, evaluate);
  REQUIRE(r.ok());

  // The fleet: 1 GPU x $2/h x 730.5 h/month = $1,461 at every volume (one replica suffices).
  // The API: V req/s x 2,629,800 s/month x $0.001 = $2,629.8 x V.
  // Equal at V = 1461 / 2629.8 = 5/9 req/s.
  REQUIRE(r->curves.size() == 2);
  for (const BreakevenPoint& p : r->curves[0].points) {
    CHECK(p.feasible);
    CHECK(p.replicas == 1);
    CHECK(p.usd_per_month == 1461.0);
  }
  CHECK(r->curves[0].resized);
  CHECK_FALSE(r->curves[1].resized);
  CHECK(r->workload_rps == 1.0);
  CHECK(r->tokens_per_request == 110.0);
  REQUIRE(r->base.crossovers.size() == 1);
  const Crossover& x = r->base.crossovers[0];
  CHECK(x.cheaper_below == "api");
  CHECK(x.cheaper_above == "fleet");
  CHECK(x.exact);
  CHECK(x.volume_rps == Approx(5.0 / 9).epsilon(1e-12));
  // The grid 0.1 .. 1 in 5 log steps puts it between 10^-0.5 and 10^-0.25.
  CHECK(x.lo_rps == Approx(std::pow(10, -0.5)).epsilon(1e-12));
  CHECK(x.hi_rps == Approx(std::pow(10, -0.25)).epsilon(1e-12));
  REQUIRE(r->base.bands.size() == 2);
  CHECK(r->base.bands[0].cheapest == "api");
  CHECK(r->base.bands[0].from_rps == 0.1);
  CHECK(r->base.bands[0].to_rps == x.volume_rps);
  CHECK(r->base.bands[1].cheapest == "fleet");
  CHECK(r->base.bands[1].to_rps == 1.0);

  // Sensitivity: GPU x0.7 -> 1022.7 / 2629.8 = 7/18; x1.3 -> 1899.3 / 2629.8 = 13/18;
  // API x0.5 -> 1461 / 1314.9 = 10/9, above the range; API x1.5 -> 1461 / 3944.7 = 10/27.
  REQUIRE(r->sensitivity.size() == 4);
  const double expected[] = {7.0 / 18, 13.0 / 18, -1, 10.0 / 27};
  for (size_t i = 0; i < 4; ++i) {
    const PriceCase& c = r->sensitivity[i];
    if (expected[i] < 0) {
      CHECK(c.crossovers.empty());
      REQUIRE(c.bands.size() == 1);
      CHECK(c.bands[0].cheapest == "api");
      continue;
    }
    REQUIRE(c.crossovers.size() == 1);
    CHECK(c.crossovers[0].volume_rps == Approx(expected[i]).epsilon(1e-12));
  }
  CHECK(r->sensitivity[0].gpu_price_factor == 0.7);
  CHECK(r->sensitivity[2].api_price_factor == 0.5);
}

TEST_CASE("Break-even finds a fleet's step by bisection and re-sizes it as volume grows",
          "[breakeven]") {
  Scenario scenario = GeneratedScenario();
  scenario.candidates = {Candidate("fleet", CandidateKind::kSelfHosted),
                         Candidate("api", CandidateKind::kApi)};
  CandidateEvaluator evaluate = [](const Scenario& s,
                                   const CandidateSpec& c) -> Result<CandidateRow> {
    if (c.kind == CandidateKind::kApi)
      return FakeApi(s, c, 600.0 / kSecondsPerMonth);  // $600 per req/s-month
    return FakeFleet(s, c);
  };
  BreakevenOptions options;
  options.min_rps = 1.5;
  options.max_rps = 2.5;
  options.points = 3;  // 1.5, sqrt(3.75) = 1.936, 2.5
  options.sensitivity = {{1, 1}};
  Result<BreakevenReport> r = RunBreakeven(scenario, options, evaluate);
  REQUIRE(r.ok());

  // Fleet: 1 replica up to 2 req/s ($1,000), 2 above ($2,000). API: $600 x V.
  // 1.5: fleet 1000 > api 900; 1.936: 1000 < 1161.9; 2.5: 2000 > 1500.
  const std::vector<BreakevenPoint>& fleet = r->curves[0].points;
  CHECK(fleet.front().replicas == 1);
  CHECK(fleet.back().replicas == 2);
  CHECK(fleet.back().usd_per_month == 2000);
  REQUIRE(r->base.crossovers.size() == 2);
  // Both straight lines on [1.5, 1.936]: 600 V = 1000 at V = 5/3.
  const Crossover& up = r->base.crossovers[0];
  CHECK(up.cheaper_below == "api");
  CHECK(up.cheaper_above == "fleet");
  CHECK(up.exact);
  CHECK(up.volume_rps == Approx(5.0 / 3).epsilon(1e-12));
  // The fleet's step at 2 req/s, bracketed by 8 halvings of [1.936, 2.5] in log volume.
  const Crossover& step = r->base.crossovers[1];
  CHECK(step.cheaper_below == "fleet");
  CHECK(step.cheaper_above == "api");
  CHECK_FALSE(step.exact);
  CHECK(step.lo_rps <= 2.0);
  CHECK(step.hi_rps > 2.0);
  CHECK(std::log(step.hi_rps / step.lo_rps) ==
        Approx(std::log(2.5 / std::sqrt(3.75)) / 256).epsilon(1e-9));
  CHECK(step.volume_rps >= step.lo_rps);
  CHECK(step.volume_rps <= step.hi_rps);
  // Refinement points are kept, flagged off the grid.
  CHECK(fleet.size() > 3);
  CHECK(std::count_if(fleet.begin(), fleet.end(), [](const BreakevenPoint& p) { return p.grid; }) ==
        3);

  REQUIRE(r->base.bands.size() == 3);
  CHECK(r->base.bands[0].cheapest == "api");
  CHECK(r->base.bands[1].cheapest == "fleet");
  CHECK(r->base.bands[1].from_rps == up.volume_rps);
  CHECK(r->base.bands[1].to_rps == step.volume_rps);
  CHECK(r->base.bands[2].cheapest == "api");
  CHECK(r->sensitivity.size() == 1);
}

TEST_CASE("A fleet that misses the SLO at the replica cap is infeasible at that volume",
          "[breakeven]") {
  Scenario scenario = GeneratedScenario();
  scenario.candidates = {Candidate("fleet", CandidateKind::kSelfHosted)};
  CandidateEvaluator evaluate = [](const Scenario& s,
                                   const CandidateSpec& c) -> Result<CandidateRow> {
    return FakeFleet(s, c);
  };
  BreakevenOptions options;
  options.min_rps = 1;
  options.max_rps = 16;
  options.points = 5;  // 1, 2, 4, 8, 16 req/s need 1, 1, 2, 4, 8 replicas
  options.max_replicas = 4;
  Result<BreakevenReport> r = RunBreakeven(scenario, options, evaluate);
  REQUIRE(r.ok());
  std::vector<BreakevenPoint> p;  // the grid's; the band edge's bisection added more
  for (const BreakevenPoint& q : r->curves[0].points)
    if (q.grid) p.push_back(q);
  REQUIRE(p.size() == 5);
  CHECK(r->curves[0].points.size() == 5 + 8);
  CHECK(p[3].replicas == 4);
  CHECK(p[3].feasible);
  CHECK_FALSE(p[4].feasible);
  CHECK(p[4].usd_per_month == 0);
  REQUIRE(r->base.bands.size() == 2);
  CHECK(r->base.bands[1].cheapest.empty());
  // The edge: the fleet is cheapest up to 8 req/s, then none; 8 halvings of [8, 16] put it
  // just above 8 (FakeFleet meets 8 req/s with 4 replicas, nothing above).
  CHECK(r->base.bands[0].to_rps > 8.0);
  CHECK(r->base.bands[0].to_rps < 8.0 * std::pow(2.0, 1.0 / 256));
  // Only the GPU cases of the default table apply: there is no api candidate.
  REQUIRE(r->sensitivity.size() == 2);
  CHECK(r->sensitivity[0].gpu_price_factor == 0.7);
  CHECK(r->sensitivity[1].gpu_price_factor == 1.3);
}

TEST_CASE("Re-sizing starts from the capacity bound's count, with no fixed replica cap",
          "[breakeven]") {
  Scenario scenario = GeneratedScenario();
  scenario.candidates = {Candidate("fleet", CandidateKind::kSelfHosted)};
  // Each replica's capacity bound is 2.5 req/s; it meets the SLO at 2 req/s per replica.
  std::vector<std::pair<double, int32_t>> asked;
  CandidateEvaluator evaluate = [&asked](const Scenario& s,
                                         const CandidateSpec& c) -> Result<CandidateRow> {
    asked.emplace_back(s.workload.generator.rate_per_s, c.self_hosted.replicas);
    CandidateRow row = FakeFleet(s, c);
    row.load.capacity_requests_per_s = 2.5 * c.self_hosted.replicas;
    return row;
  };
  BreakevenOptions options;
  options.min_rps = 100;
  options.max_rps = 400;
  options.points = 2;
  options.sensitivity = {{1, 1}};
  Result<BreakevenReport> r = RunBreakeven(scenario, options, evaluate);
  REQUIRE(r.ok());
  REQUIRE(r->curves[0].points.size() == 2);
  // 100 req/s needs 50 replicas, 400 needs 200: past the old cap of 64, and found in a handful
  // of runs each. At 100: 1 (learns the capacity; misses), then the bound's 100 / 2.5 = 40
  // (misses), 40 x 1.25 = 50 (meets), 49 (misses).
  CHECK(r->curves[0].points[0].replicas == 50);
  CHECK(r->curves[0].points[1].replicas == 200);
  std::vector<int32_t> at_100;
  for (const auto& [rps, n] : asked)
    if (rps == 100) at_100.push_back(n);
  CHECK(at_100 == std::vector<int32_t>{1, 40, 50, 49});
  // At 400 the bound is known from the start: 160 misses, 200 meets, 199 misses.
  std::vector<int32_t> at_400;
  for (const auto& [rps, n] : asked)
    if (rps == 400) at_400.push_back(n);
  CHECK(at_400 == std::vector<int32_t>{160, 200, 199});
  CHECK(r->max_replicas == 0);
}

TEST_CASE("Without a capacity bound, a lower volume's count scaled up sets the replica limit",
          "[breakeven]") {
  // FakeFleet reports no capacity: the bound is unknown, as when it misses what queues requests
  // (LoRA's max_loras). 1.4, 2.8, 5.6, 11.2, 22.4, 44.8 req/s need 1, 2, 3, 6, 12, 23
  // replicas; the old limit of 8 made 22.4 and 44.8 req/s infeasible. At 22.4 the limit is now
  // 4 x (6 replicas at 11.2 req/s scaled to 22.4) = 48, at 44.8 it is 4 x 24 = 96.
  Scenario scenario = GeneratedScenario();
  scenario.candidates = {Candidate("fleet", CandidateKind::kSelfHosted)};
  CandidateEvaluator evaluate = [](const Scenario& s,
                                   const CandidateSpec& c) -> Result<CandidateRow> {
    return FakeFleet(s, c);
  };
  BreakevenOptions options;
  options.min_rps = 1.4;
  options.max_rps = 44.8;
  options.points = 6;
  options.sensitivity = {{1, 1}};
  Result<BreakevenReport> r = RunBreakeven(scenario, options, evaluate);
  REQUIRE(r.ok());
  std::vector<int32_t> replicas;
  for (const BreakevenPoint& q : r->curves[0].points)
    if (q.grid) {
      CHECK(q.feasible);
      replicas.push_back(q.replicas);
    }
  CHECK(replicas == std::vector<int32_t>{1, 2, 3, 6, 12, 23});
}

TEST_CASE("Break-even rejects an offline workload and an empty range", "[breakeven]") {
  Scenario scenario = GeneratedScenario();
  scenario.workload.loc = {"s.toml", 4, 1};
  scenario.candidates = {Candidate("fleet", CandidateKind::kSelfHosted)};
  CandidateEvaluator evaluate = [](const Scenario& s,
                                   const CandidateSpec& c) -> Result<CandidateRow> {
    return FakeFleet(s, c);
  };
  BreakevenOptions options;
  options.min_rps = 5;
  options.max_rps = 1;
  Result<BreakevenReport> r = RunBreakeven(scenario, options, evaluate);
  REQUIRE(!r.ok());
  CHECK(r.status().message() ==
        "the volume range is empty: from 5 to 1 requests/s (--min-rate must be below --max-rate; "
        "the workload's own rate is 1)");
  scenario.workload.generator.arrival = ArrivalKind::kOffline;
  r = RunBreakeven(scenario, BreakevenOptions{}, evaluate);
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidInput);
  CHECK(r.status().message() ==
        "s.toml:4:1: an offline workload (every request at t=0) has no traffic volume to sweep; "
        "give the generator an arrival process and rate_per_s");
}

TEST_CASE("Break-even output does not depend on the thread count", "[breakeven]") {
  Scenario scenario = GeneratedScenario();
  scenario.candidates = {Candidate("a", CandidateKind::kSelfHosted),
                         Candidate("api", CandidateKind::kApi),
                         Candidate("b", CandidateKind::kSelfHosted)};
  CandidateEvaluator evaluate = [](const Scenario& s,
                                   const CandidateSpec& c) -> Result<CandidateRow> {
    if (c.kind == CandidateKind::kApi) return FakeApi(s, c, 500.0 / kSecondsPerMonth);
    return FakeFleet(s, c);
  };
  BreakevenOptions options;
  options.points = 7;
  Result<BreakevenReport> one = RunBreakeven(scenario, options, evaluate);
  options.threads = 3;
  Result<BreakevenReport> three = RunBreakeven(scenario, options, evaluate);
  REQUIRE(one.ok());
  REQUIRE(three.ok());
  CHECK(*one == *three);
  CHECK(RenderBreakeven(*one, BreakevenFormat::kJson) ==
        RenderBreakeven(*three, BreakevenFormat::kJson));
  // The JSON has every field schema/plan.breakeven.v1.json requires, and reads back equal.
  CHECK(test::SchemaProblems("plan.breakeven.v1.json",
                             nlohmann::json::parse(RenderBreakeven(*one, BreakevenFormat::kJson)))
            .empty());
  Result<BreakevenReport> back =
      ReadBreakevenJson(RenderBreakeven(*one, BreakevenFormat::kJson), "b.json");
  REQUIRE(back.ok());
  CHECK(*back == *one);
}

}  // namespace plan
