// plan search judges configurations that differ only in max_num_seqs (twins) from one run
// wherever no limit of theirs bound it (TwinRows, Fleet::AdoptRun). Checked against each twin
// simulated by itself: every row the same, byte for byte, run to the end or busiest window
// first; and the test proves something only if some twins were judged from another's run and
// some, whose seat limit bound, were not.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>

#include "decide/search_shard.h"
#include "decide/search_space.h"
#include "report/writers.h"
#include "run/evaluate_candidate.h"
#include "testing/embedded_catalog.h"
#include "testing/search_fixture.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Llama 3.1 70B over ten minutes of one diurnal cycle, 0.67 to 5.3 requests/s: two seats a
// replica bind at the peak, 32 and 128 never do.
const std::string kScenario =
    std::string("name = \"twins\"\nseed = 3\n") + test::kTenMinuteDiurnal + R"([search]
model = "llama-3.1-70b-instruct"
gpus = ["h100-sxm", "a100-80gb"]
quant = ["fp8"]
tp = [2, 4]
replicas = [1, 3]
max_num_seqs = [2, 32, 128]
)";

}  // namespace

TEST_CASE("Twins judged from one run get the rows their own runs give", "[search]") {
  const test::SearchFixture fixture = test::ParseSearchFixture(kScenario.c_str(), "twins.toml");
  const Scenario& sc = fixture.scenario;
  const SearchSpaceSpec& spec = fixture.spec;
  Result<std::optional<DecodedWorkload>> decoded = DecodeWorkload(sc.workload, sc.seed, 100'000);
  REQUIRE(decoded.ok());
  REQUIRE(decoded->has_value());
  const DecodedWorkload& w = **decoded;
  const DecodedRequests all{&w, 0, w.size()};
  const SearchSpaceInfo info = DescribeSpace(sc, spec, EnumerateSpace(spec, EmbeddedCatalog()));
  REQUIRE(info.configs.size() >= 12);

  // `window`: nullopt runs every configuration to the end; else busiest window first, stopped
  // once settled.
  const EarlyStop early{fixture.load.requests, fixture.load.span_s};
  const std::optional<RequestWindow> window = CoarseWindow(w);
  REQUIRE(window);
  std::atomic<int> shared{0}, alone{0};
  auto search = [&](bool coarse, bool twins) {
    ConfigEvaluator one = [&](const SearchConfig& c) {
      const CandidateSpec spec_c = ConfigCandidate(spec, c);
      return coarse ? EvaluateBusiestFirst(sc, spec_c, EmbeddedCatalog(), early, w, window)
                    : EvaluateCandidate(sc, spec_c, EmbeddedCatalog(), FidelityEdge::kNominal,
                                        nullptr, &all);
    };
    ShardRunOptions run;
    run.threads = 2;
    if (twins)
      run.twins = [&](const SearchConfig& c, const std::vector<const SearchConfig*>& others,
                      std::vector<std::optional<CandidateRow>>* rows) {
        std::vector<CandidateSpec> specs;
        for (const SearchConfig* o : others) specs.push_back(ConfigCandidate(spec, *o));
        TwinRows judged;
        for (const CandidateSpec& s : specs) judged.specs.push_back(&s);
        const CandidateSpec lead = ConfigCandidate(spec, c);
        Result<CandidateRow> row =
            coarse ? EvaluateBusiestFirst(sc, lead, EmbeddedCatalog(), early, w, window, &judged)
                   : EvaluateCandidate(sc, lead, EmbeddedCatalog(), FidelityEdge::kNominal, nullptr,
                                       &all, &judged);
        for (const std::optional<CandidateRow>& r : judged.rows) (r ? shared : alone)++;
        *rows = std::move(judged.rows);
        return row;
      };
    Result<std::vector<PointResult>> results = RunShard(info, one, run);
    REQUIRE(results.ok());
    return std::move(results).value();
  };

  for (bool coarse : {false, true}) {
    INFO((coarse ? "busiest window first" : "to the end"));
    shared = 0;
    alone = 0;
    const std::vector<PointResult> each = search(coarse, false);
    const std::vector<PointResult> twins = search(coarse, true);
    REQUIRE(twins.size() == each.size());
    for (size_t i = 0; i < each.size(); ++i) {
      INFO(info.configs[i].Name());
      REQUIRE(twins[i].ok == each[i].ok);
      CHECK(twins[i].row == each[i].row);
      CHECK(CandidateToJson(twins[i].row).dump() == CandidateToJson(each[i].row).dump());
    }
    // Each group of three runs its 128-seat twin: where it never asked for more than 32 seats,
    // the 32-seat twin takes its row; the 2-seat one binds at the peak and runs alone.
    CHECK(shared > 0);
    CHECK(alone > 0);
  }
}

}  // namespace plan
