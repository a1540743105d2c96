// plan search's coarse-to-fine pass (issue 15): over a workload with a pronounced peak, each
// configuration runs first on the busiest window; a miss settled there stands. Checked against
// the exhaustive search: every configuration stopped in the window misses the SLO when run over
// the whole workload, the others give the very same row, and the recommendation and both
// Pareto frontiers are the same.
#include <catch2/catch.hpp>

#include <string>

#include "decide/search_result.h"
#include "decide/search_shard.h"
#include "decide/search_space.h"
#include "decide/workload_volume.h"
#include "report/search_report.h"
#include "run/evaluate_candidate.h"
#include "testing/embedded_catalog.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "testing/search_fixture.h"
#include "util/files.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Llama 3.1 70B over ten minutes of one diurnal cycle: 0.67 requests/s at the trough, 5.3 at
// the peak.
const std::string kScenario =
    std::string("name = \"coarse\"\nseed = 3\n") + test::kTenMinuteDiurnal + R"([search]
model = "llama-3.1-70b-instruct"
gpus = ["a100-80gb", "h100-sxm", "l40s"]
quant = ["bf16", "fp8"]
tp = [2, 4]
replicas = [1, 2, 3]
)";

}  // namespace

TEST_CASE("The busiest window first keeps the exhaustive answer, and its misses are misses",
          "[search][stop]") {
  const test::SearchFixture fixture = test::ParseSearchFixture(kScenario.c_str(), "coarse.toml");
  const Scenario* sc = &fixture.scenario;
  const SearchSpaceSpec* spec = &fixture.spec;
  const WorkloadVolume* load = &fixture.load;
  Result<std::optional<DecodedWorkload>> decoded = DecodeWorkload(sc->workload, sc->seed, 100'000);
  REQUIRE(decoded.ok());
  REQUIRE(decoded->has_value());
  const DecodedWorkload& w = **decoded;
  REQUIRE(w.size() == load->requests);
  const std::optional<RequestWindow> window = CoarseWindow(w);
  REQUIRE(window);
  // The sixteenth of the span around the peak (t = 300 s; the cycle starts at the trough):
  // about a ninth of the requests.
  CHECK(window->start_ns > SecondsToNs(200));
  CHECK(window->end_ns < SecondsToNs(400));
  CHECK(window->end - window->begin > w.size() / 12);
  CHECK(window->length_ns > SecondsToNs(37));  // 600 s / 16, less the quiet ends
  CHECK(window->length_ns < SecondsToNs(37.5));

  const SearchSpaceInfo info = DescribeSpace(*sc, *spec, EnumerateSpace(*spec, EmbeddedCatalog()));
  const EarlyStop early{load->requests, load->span_s};
  ConfigEvaluator to_the_end = [&](const SearchConfig& c) { return fixture.RunToTheEnd(c); };
  ConfigEvaluator coarse = [&](const SearchConfig& c) {
    return EvaluateBusiestFirst(*sc, ConfigCandidate(*spec, c), EmbeddedCatalog(), early, w,
                                window);
  };
  ShardRunOptions exhaustive_run;
  exhaustive_run.threads = 2;
  Result<std::vector<PointResult>> full = RunShard(info, to_the_end, exhaustive_run);
  REQUIRE(full.ok());
  ShardRunOptions coarse_run = exhaustive_run;
  coarse_run.rerun = [&](const SearchConfig& c, const CandidateRow& stopped) {
    return EvaluateFurther(*sc, ConfigCandidate(*spec, c), EmbeddedCatalog(), early, w, stopped);
  };
  Result<std::vector<PointResult>> fast = RunShard(info, coarse, coarse_run);
  REQUIRE(fast.ok());
  REQUIRE(fast->size() == full->size());

  int in_window = 0;
  for (size_t i = 0; i < fast->size(); ++i) {
    const CandidateRow& s = (*fast)[i].row;
    const CandidateRow& f = (*full)[i].row;
    REQUIRE(s.name == f.name);
    INFO(s.name << ": " << s.stopped.reason);
    if (s.stopped.reason.empty()) {
      CHECK(s == f);  // passed the window (or run again): the very same row
      continue;
    }
    CHECK_FALSE(f.slo.met);
    CHECK_FALSE(s.slo.met);
    CHECK(s.cost.total_usd <= f.cost.total_usd);
    CHECK(s.stopped.ttft_p99_at_least_s <= f.latency.ttft_s.p99);
    CHECK(s.stopped.tpot_p99_at_least_s <= f.latency.tpot_s.p99);
    if (s.stopped.reason.rfind("in the busiest window (arrivals t=", 0) == 0) {
      ++in_window;
      CHECK(s.stopped.at_s >= NsToSeconds(window->start_ns));
      CHECK_FALSE(s.load.overloaded);
      CHECK(s.requests.total <= window->end - window->begin);
    }
  }
  CHECK(in_window >= 3);  // the test would prove nothing if no window settled a miss
  test::CheckSameAnswer(BuildSearchReport(info, *full), BuildSearchReport(info, *fast));
  // One thread gives the same rows.
  coarse_run.threads = 1;
  Result<std::vector<PointResult>> one = RunShard(info, coarse, coarse_run);
  REQUIRE(one.ok());
  CHECK(*one == *fast);
  // A part file keeps which rows the window settled (a resumed shard re-runs them as such).
  test::ScratchDir dir;
  coarse_run.part_path = dir.File("part.json");
  REQUIRE(RunShard(info, coarse, coarse_run).ok());
  ConfigEvaluator fails = [](const SearchConfig&) -> Result<CandidateRow> {
    return Status::Runtime("the finished part should have been read back");
  };
  Result<std::vector<PointResult>> read = RunShard(info, fails, coarse_run);
  REQUIRE(read.ok());
  CHECK(*read == *fast);
}

TEST_CASE("A flat workload, or one with prefix hashes, runs no window first", "[search][stop]") {
  test::ScratchDir dir;
  std::string flat = kScenario;
  // Constant arrivals of one length. (A short Poisson workload's busiest sixteenth may well
  // carry 1.25 times the average: its windows hold ~100 requests.)
  flat.replace(flat.find("\"diurnal\""), 9, "\"constant\"");
  flat.replace(flat.find("dist = \"lognormal\", median = 800, sigma = 0.8"), 45,
               "dist = \"fixed\", value = 800");
  flat.erase(flat.find("peak_to_trough"), flat.find("duration_s") - flat.find("peak_to_trough"));
  Result<Scenario> sc = ParseScenario(flat, "flat.toml", EmbeddedCatalog());
  REQUIRE(sc.ok());
  Result<std::optional<DecodedWorkload>> w = DecodeWorkload(sc->workload, sc->seed, 100'000);
  REQUIRE(w.ok());
  CHECK_FALSE(CoarseWindow(**w));
  // 300 quiet requests 10 s apart, then 100 within 2 s: a peak, but with prefix hashes.
  auto trace = [](const char* hashes) {
    std::string jsonl;
    for (int i = 0; i < 400; ++i)
      jsonl += "{\"timestamp\": " + std::to_string(i < 300 ? i * 10'000 : 3'000'000 + i * 5) +
               ", \"input_length\": 100, \"output_length\": 10" + hashes + "}\n";
    return jsonl;
  };
  WorkloadSpec mooncake;
  mooncake.trace_path = dir.Write("m.jsonl", trace(", \"hash_ids\": [1]"));
  Result<std::optional<DecodedWorkload>> m = DecodeWorkload(mooncake, 0, 1000);
  REQUIRE(m.ok());
  CHECK((*m)->has_prefix_hashes());
  CHECK_FALSE(CoarseWindow(**m));
  // Without hashes: the window of ~187.6 s (a sixteenth of ~3002 s) ending past the peak
  // starts at the first quiet request after 2814.4 s, t = 2820 s.
  mooncake.trace_path = dir.Write("p.jsonl", trace(""));
  Result<std::optional<DecodedWorkload>> p = DecodeWorkload(mooncake, 0, 1000);
  REQUIRE(p.ok());
  const std::optional<RequestWindow> peak = CoarseWindow(**p);
  REQUIRE(peak);
  CHECK(peak->begin == 282);
  CHECK(peak->end == 400);
}

}  // namespace plan
