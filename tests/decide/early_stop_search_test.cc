// A search that stops each run once its SLO verdict is settled (issue 15) gives the exhaustive
// search's answer: every stopped configuration misses the SLO when run to the end, its bounds
// hold, and the recommendation and both Pareto frontiers are the same.
#include <catch2/catch.hpp>

#include <map>

#include "decide/search_result.h"
#include "decide/search_shard.h"
#include "decide/search_space.h"
#include "report/search_report.h"
#include "run/evaluate_candidate.h"
#include "testing/embedded_catalog.h"
#include "testing/run_cli.h"
#include "testing/search_fixture.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Llama 3.1 70B at 6 requests a second for about three minutes.
constexpr const char* kScenario = R"(name = "stop"
seed = 7
[workload.generator]
arrival = "poisson"
rate_per_s = 6
requests = 1000
input_tokens = { dist = "lognormal", median = 800, sigma = 0.8 }
output_tokens = { dist = "lognormal", median = 150, sigma = 0.8 }
[slo]
ttft_p99_s = 2.0
tpot_p99_s = 0.1
[search]
model = "llama-3.1-70b-instruct"
gpus = ["a100-80gb", "h100-sxm", "l40s", "h200"]
quant = ["bf16", "fp8"]
tp = [1, 2, 4]
replicas = [1, 2, 3]
)";

}  // namespace

TEST_CASE("Stopping settled runs keeps the exhaustive answer, and every stopped run misses",
          "[search][stop]") {
  const test::SearchFixture fixture = test::ParseSearchFixture(kScenario, "stop.toml");
  const Scenario* sc = &fixture.scenario;
  const SearchSpaceSpec* spec = &fixture.spec;
  const WorkloadVolume* load = &fixture.load;
  const SearchSpaceInfo info = DescribeSpace(*sc, *spec, EnumerateSpace(*spec, EmbeddedCatalog()));

  const EarlyStop early{load->requests, load->span_s};
  ConfigEvaluator to_the_end = [&](const SearchConfig& c) { return fixture.RunToTheEnd(c); };
  ConfigEvaluator until_settled = [&](const SearchConfig& c) {
    return EvaluateCandidate(*sc, ConfigCandidate(*spec, c), EmbeddedCatalog(),
                             FidelityEdge::kNominal, &early);
  };
  ShardRunOptions exhaustive_run;
  exhaustive_run.threads = 2;
  Result<std::vector<PointResult>> full = RunShard(info, to_the_end, exhaustive_run);
  REQUIRE(full.ok());
  ShardRunOptions stopping = exhaustive_run;
  stopping.rerun = [&](const SearchConfig& c, const CandidateRow&) { return to_the_end(c); };
  Result<std::vector<PointResult>> fast = RunShard(info, until_settled, stopping);
  REQUIRE(fast.ok());
  REQUIRE(fast->size() == full->size());

  int stopped = 0;
  for (size_t i = 0; i < fast->size(); ++i) {
    const CandidateRow& s = (*fast)[i].row;
    const CandidateRow& f = (*full)[i].row;
    REQUIRE(s.name == f.name);
    if (s.stopped.reason.empty()) {
      INFO(s.name);
      CHECK(s.cost == f.cost);
      CHECK(s.latency == f.latency);
      CHECK(s.load == f.load);
      CHECK(s.notes == f.notes);
      CHECK(s.slo == f.slo);
      CHECK(s == f);  // run to the end (or again): the very same row
      continue;
    }
    ++stopped;
    INFO(s.name << ": " << s.stopped.reason);
    CHECK_FALSE(f.slo.met);
    CHECK_FALSE(s.slo.met);
    CHECK(s.stopped.at_s <= NsToSeconds(SecondsToNs(f.load.arrival_span_s + f.load.drain_s)) + 1);
    CHECK(s.requests.completed + s.requests.failed < f.requests.total);
    CHECK(s.cost.total_usd <= f.cost.total_usd);
    CHECK(s.stopped.ttft_p99_at_least_s <= f.latency.ttft_s.p99);
    CHECK(s.stopped.tpot_p99_at_least_s <= f.latency.tpot_s.p99);
    if (s.requests.failed > 0 || s.load.overloaded)
      CHECK((f.requests.failed > 0 || f.load.overloaded));
    CHECK(s.notes.back().rfind("misses SLO (stopped at t=", 0) == 0);
  }
  CHECK(stopped >= 3);  // the test would prove nothing if nothing stopped
  test::CheckSameAnswer(BuildSearchReport(info, *full), BuildSearchReport(info, *fast));
  // The same answer with one thread: stopping and re-running do not depend on timing.
  stopping.threads = 1;
  Result<std::vector<PointResult>> one = RunShard(info, until_settled, stopping);
  REQUIRE(one.ok());
  CHECK(*one == *fast);
}

TEST_CASE("A stopped run is re-run only when no finished cheaper run rules it out",
          "[search][stop]") {
  auto row = [](const char* name, double usd, double ttft, double tpot) {
    CandidateRow r;
    r.name = name;
    r.requests = {100, 100, 0};
    r.cost.total_usd = usd;
    r.latency.ttft_s.p99 = ttft;
    r.latency.tpot_s.p99 = tpot;
    return r;
  };
  const CandidateRow cheap = row("cheap", 10, 1.5, 0.08);
  const CandidateRow fast_ttft = row("fast-ttft", 10, 0.5, 0.3);
  CandidateRow s = row("stopped", 12, 0.4, 0.05);
  s.stopped = {100, "TTFT over 2 s for 2 requests, more than p99 allows of 100", 2.0, 0.09};
  CHECK_FALSE(MightBeOnFrontier(cheap, {&cheap}));  // not stopped
  // cheap: under both bounds (1.5 <= 2, 0.08 <= 0.09) and cheaper: ruled out of both.
  CHECK_FALSE(MightBeOnFrontier(s, {&cheap, &s}));
  // fast-ttft rules it out of the TTFT frontier only.
  CHECK(MightBeOnFrontier(s, {&fast_ttft, &s}));
  // Not cheaper: the same cost may still put it first (lower latency) on a frontier.
  const CandidateRow same_cost = row("same", 12, 1.0, 0.01);
  CHECK(MightBeOnFrontier(s, {&same_cost}));
  // A stopped row takes no part in ruling others out, nor does an overloaded one.
  CandidateRow other = cheap;
  other.stopped.reason = "a request failed";
  CHECK(MightBeOnFrontier(s, {&other}));
  CandidateRow overloaded = cheap;
  overloaded.load.overloaded = true;
  CHECK(MightBeOnFrontier(s, {&overloaded}));
  // A failed request keeps it off every frontier whatever it costs.
  CandidateRow failed = s;
  failed.requests.failed = 1;
  CHECK_FALSE(MightBeOnFrontier(failed, {}));
  // Cheaper stopped x with a bound no higher than s's might rule s out once run to the end.
  CandidateRow x = s;
  x.cost.total_usd = 11;
  x.stopped.tpot_p99_at_least_s = 0.2;
  CHECK(MightRuleOut(x, s));  // its TTFT bound 2.0 <= 2.0
  x.stopped.ttft_p99_at_least_s = 3;
  CHECK_FALSE(MightRuleOut(x, s));  // both bounds higher: it can never come in under s's
  x.stopped.ttft_p99_at_least_s = 1;
  x.cost.total_usd = 12;
  CHECK_FALSE(MightRuleOut(x, s));  // not cheaper
}

TEST_CASE("plan search scenarios/search.toml answers as --exhaustive does", "[search][stop][cli]") {
  const std::string path = std::string(PLAN_SOURCE_DIR) + "/scenarios/search.toml";
  const test::CliRun fast = test::RunCli({"search", path, "-f", "json", "--threads", "2"});
  const test::CliRun full =
      test::RunCli({"search", path, "-f", "json", "--threads", "2", "--exhaustive"});
  REQUIRE(fast.exit_code == 0);
  REQUIRE(full.exit_code == 0);
  Result<SearchReport> a = ReadSearchJson(full.out, "exhaustive.json");
  Result<SearchReport> b = ReadSearchJson(fast.out, "search.json");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(b->report.recommendation == "h200/fp8/vllm/tp1/x4");
  CHECK(b->report.recommendation == a->report.recommendation);
  CHECK(b->search.pareto_ttft == a->search.pareto_ttft);
  CHECK(b->search.pareto_tpot == a->search.pareto_tpot);
  CHECK(b->search.pareto_ttft.size() == 14);
  CHECK(b->search.pareto_tpot.size() == 18);
  // The recommended row itself is the same, figure for figure.
  auto find = [](const SearchReport& r, const std::string& name) {
    for (const CandidateRow& c : r.report.candidates)
      if (c.name == name) return c;
    return CandidateRow{};
  };
  CHECK(find(*b, b->report.recommendation) == find(*a, a->report.recommendation));
  int stopped = 0;
  for (const CandidateRow& c : b->report.candidates) stopped += !c.stopped.reason.empty();
  CHECK(stopped >= 10);
}

}  // namespace plan
