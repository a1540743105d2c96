// Pruning a search by the roofline's capacity bound (decide/capacity_prune.h): what is pruned
// misses the SLO when simulated, and the search's answer is the exhaustive one.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <map>

#include "decide/capacity_prune.h"
#include "decide/search_result.h"
#include "decide/search_space.h"
#include "run/evaluate_candidate.h"
#include "testing/embedded_catalog.h"
#include "testing/search_fixture.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Llama 3.1 70B at 5 requests a second for four minutes, 1,000 prompt and 200 output tokens.
constexpr const char* kScenario = R"(name = "prune"
seed = 5
[workload.generator]
arrival = "poisson"
rate_per_s = 5
requests = 1200
input_tokens = { dist = "fixed", value = 1000 }
output_tokens = { dist = "fixed", value = 200 }
[slo]
ttft_p99_s = 2.0
tpot_p99_s = 0.1
[search]
model = "llama-3.1-70b-instruct"
gpus = ["a100-80gb", "h100-sxm", "l40s"]
quant = ["bf16", "fp8"]
tp = [1, 2, 4]
replicas = [1, 2, 3]
)";

test::SearchFixture Parse() { return test::ParseSearchFixture(kScenario, "prune.toml"); }

SearchReport SearchOf(const test::SearchFixture& s, const EnumeratedSpace& space,
                      const std::map<std::string, CandidateRow>& rows) {
  const SearchSpaceInfo info = DescribeSpace(s.scenario, s.spec, space);
  std::vector<PointResult> results;
  for (size_t i = 0; i < space.configs.size(); ++i)
    results.push_back({static_cast<int64_t>(i), true, rows.at(space.configs[i].Name()), ""});
  return BuildSearchReport(info, results);
}

}  // namespace

TEST_CASE("The workload's mix for capacity bounds: means, shortest output, span",
          "[search][capacity]") {
  const test::SearchFixture s = Parse();
  CHECK(s.load.requests == 1200);
  CHECK(s.load.mean_uncacheable_input_tokens == 1000);  // no prefix hashes
  CHECK(s.load.mean_output_tokens == 200);
  CHECK(s.load.min_output_tokens == 200);
  CHECK(s.load.requests_per_s == 5);
  CHECK(s.load.span_s > 200);
}

TEST_CASE("Pruning by capacity keeps the exhaustive answer, and what it prunes misses",
          "[search][capacity]") {
  const test::SearchFixture s = Parse();
  const CapacityPruning pruning{s.load, s.scenario.slo};
  const EnumeratedSpace all = EnumerateSpace(s.spec, EmbeddedCatalog());
  const EnumeratedSpace pruned = EnumerateSpace(s.spec, EmbeddedCatalog(), &pruning);
  CHECK(pruned.size == all.size);
  CHECK(pruned.configs.size() + pruned.pruned.size() == all.configs.size() + all.pruned.size());

  std::map<std::string, CandidateRow> rows;
  for (const SearchConfig& c : all.configs) {
    Result<CandidateRow> row = s.RunToTheEnd(c);
    REQUIRE(row.ok());
    rows[c.Name()] = *row;
  }
  // Every configuration pruned for capacity or speed, simulated anyway, misses the SLO; those
  // pruned for capacity are overloaded too (so on no frontier).
  int by_capacity = 0, too_slow = 0;
  for (const PrunedConfig& p : pruned.pruned) {
    const bool capacity = p.reason.rfind("cannot keep up: ", 0) == 0;
    const bool slow = p.reason.rfind("too slow: ", 0) == 0;
    if (!capacity && !slow) continue;
    INFO(p.name << ": " << p.reason);
    const CandidateRow& row = rows.at(p.name);
    CHECK_FALSE(row.slo.met);
    if (capacity) CHECK(row.load.overloaded);
    by_capacity += capacity;
    too_slow += slow;
  }
  CHECK(by_capacity >= 4);  // the test would prove nothing if nothing were pruned
  INFO(by_capacity << " pruned for capacity, " << too_slow << " too slow, of "
                   << all.configs.size());

  test::CheckSameAnswer(SearchOf(s, all, rows), SearchOf(s, pruned, rows));
}

TEST_CASE("A configuration too slow alone, or without the capacity, is pruned with the reason",
          "[search][capacity]") {
  const test::SearchFixture s = Parse();
  const Catalog& catalog = EmbeddedCatalog();
  EngineProfile engine = *catalog.FindEngine("vllm");
  Deployment d{catalog.FindModel("llama-3.1-70b-instruct"),
               catalog.FindGpu("l40s"),
               catalog.FindQuant("fp8"),
               &engine,
               4,
               1};
  Result<StepModel> m = StepModel::Create(d);
  REQUIRE(m.ok());
  const double step_ms = m->StepTimeS(DecodeBatch(1, 1)) * 1000;
  SloSpec slo;
  slo.tpot_p99_s = step_ms / 1000 / 2;
  CHECK(CapacityPruneReason(*m, 1, s.load, slo) ==
        fmt::format("too slow: one decode step of one sequence takes {:.1f} ms, over the TPOT "
                    "p99 bound of {:g} ms",
                    step_ms, step_ms / 2));
  // A request with one output token has no TPOT: nothing to prove.
  WorkloadVolume one_token = s.load;
  one_token.min_output_tokens = 1;
  slo.ttft_p99_s.reset();
  CHECK(CapacityPruneReason(*m, 1, one_token, slo).empty());

  // Capacity: 5 req/s against one L40S x4 replica's bound.
  const double capacity = ReplicaCapacity(*m, EngineLimits(*m), {1000, 200}).requests_per_s;
  REQUIRE(5 >= kPruneLoadFactor * capacity);
  slo = SloSpec{};
  slo.ttft_p99_s = 2;
  const std::string reason = CapacityPruneReason(*m, 1, s.load, slo);
  CHECK(reason.rfind(fmt::format("cannot keep up: offered 5 req/s, {:.2g}x the roofline capacity "
                                 "of {:.3g} req/s; the last 1% of requests would wait over ",
                                 5 / capacity, capacity),
                     0) == 0);
  // Without a TTFT or e2e bound, queueing proves nothing.
  slo.ttft_p99_s.reset();
  CHECK(CapacityPruneReason(*m, 1, s.load, slo).empty());
}

}  // namespace plan
