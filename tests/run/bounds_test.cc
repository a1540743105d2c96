// A candidate rerun with every figure at the edges of its error band (issue 10, item 6): the
// same requests and draws, step times and TTFTs scaled by 1 + band, output speeds the other way.
#include <catch2/catch.hpp>

#include "run/run_scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

// One request a second of 100 prompt and 10 output tokens: an idle H100 answers each with one
// prefill step and nine decode steps, and the API offer has no round trip (no region).
constexpr const char* kScenario = R"(
name = "bands"
seed = 11

[workload.generator]
arrival = "constant"
rate_per_s = 1
requests = 200
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }

[slo]
ttft_p99_s = 10.0

[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
engine = "vllm"

[[candidate]]
name = "groq"
kind = "api"
offer = "groq/llama-3.1-8b-instant"
)";

Report Run(const Catalog& catalog, bool bounds = true) {
  Result<Scenario> s = ParseScenario(kScenario, "test/bands.toml", catalog);
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  RunOptions options;
  options.bounds = bounds;
  Result<Report> r = RunScenario(*s, catalog, options);
  INFO((r.ok() ? "" : r.status().message()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("Bounds scale step times and API latencies by each leaf's band", "[run][fidelity]") {
  const Catalog& catalog = test::EmbeddedCatalog();
  const Report report = Run(catalog);
  const CandidateRow& fleet = report.candidates[0];
  const CandidateRow& api = report.candidates[1];

  // The fleet: vllm on hopper, fitted, +-41% (catalog/engines.toml). Unloaded, every TTFT is one
  // prefill step and every TPOT a decode step, so each percentile moves by 1.41 either way (to
  // the latency sketch's 1% accuracy).
  const double vllm = catalog.FindEngine("vllm")->EfficiencyFor("hopper").error_pct;
  CHECK(vllm == 41);
  CHECK(fleet.fidelity.basis == "fitted");
  CHECK(fleet.fidelity.error_pct == 41);
  REQUIRE(fleet.fidelity.leaves.size() == 1);
  CHECK(fleet.fidelity.leaves[0].subject == "vllm on hopper");
  CHECK(fleet.fidelity.leaves[0].evidence.rfind("vllm on hopper: efficiencies fitted to ", 0) == 0);
  REQUIRE(fleet.fidelity.bounded);
  const CandidateFidelity::Bounds& f = fleet.fidelity.bounds;
  CHECK(f.ttft_p50_s.high == Approx(fleet.latency.ttft_s.p50 * 1.41).epsilon(0.02));
  CHECK(f.ttft_p50_s.low == Approx(fleet.latency.ttft_s.p50 / 1.41).epsilon(0.02));
  CHECK(f.tpot_p99_s.high == Approx(fleet.latency.tpot_s.p99 * 1.41).epsilon(0.02));
  CHECK(f.tpot_p99_s.low == Approx(fleet.latency.tpot_s.p99 / 1.41).epsilon(0.02));
  // The same GPU-hour price over (nearly) the same span: the cost hardly moves.
  CHECK(f.total_usd.low <= fleet.cost.total_usd);
  CHECK(f.total_usd.high >= fleet.cost.total_usd);
  CHECK(f.total_usd.high < fleet.cost.total_usd * 1.001);
  CHECK(f.slo_met_fast);
  CHECK(f.slo_met_slow);

  // The API offer: published latency, TTFT +-94% and output speed +-65% (offer_profiles.toml's
  // [[latency_error]]); no round trip, so TTFT scales with the service time and TPOT with 1 /
  // speed, draw for draw.
  CHECK(api.fidelity.basis == "published");
  CHECK(api.fidelity.error_pct == 94);
  REQUIRE(api.fidelity.leaves.size() == 1);
  CHECK(api.fidelity.leaves[0].speed_error_pct == 65);
  CHECK(api.fidelity.leaves[0].evidence ==
        "groq/llama-3.1-8b-instant: published latency; TTFT +-94%, output speed +-65%");
  const CandidateFidelity::Bounds& a = api.fidelity.bounds;
  CHECK(a.ttft_p50_s.high == Approx(api.latency.ttft_s.p50 * 1.94).epsilon(0.02));
  CHECK(a.ttft_p50_s.low == Approx(api.latency.ttft_s.p50 / 1.94).epsilon(0.02));
  CHECK(a.tpot_p50_s.high == Approx(api.latency.tpot_s.p50 * 1.65).epsilon(0.02));
  CHECK(a.tpot_p50_s.low == Approx(api.latency.tpot_s.p50 / 1.65).epsilon(0.02));
  // Tokens are priced per token: the bill is the same at every edge.
  CHECK(a.total_usd.low == api.cost.total_usd);
  CHECK(a.total_usd.high == api.cost.total_usd);

  // groq is cheaper and meets the loose SLO at both edges: the choice holds.
  CHECK(report.recommendation == "groq");
  CHECK(report.robustness.rfind("the recommendation holds across the error bands: groq ", 0) == 0);

  // Without bounds: the same nominal rows, one run each.
  const Report once = Run(catalog, /*bounds=*/false);
  CHECK_FALSE(once.candidates[0].fidelity.bounded);
  CHECK(once.candidates[0].latency == fleet.latency);
  CHECK(once.candidates[1].cost == api.cost);
  CHECK(once.robustness.empty());
}

TEST_CASE("A calibrated offer's band is the probe's, so its bounds shrink", "[run][fidelity]") {
  // What plan calibrate writes for the offer (probe/calibrate_api.h): the same figures,
  // calibrated, TTFT +-8% and speed +-6%.
  const std::string overlay = R"toml([[offer_profile]]
match = "groq/llama-3.1-8b-instant"
ttft_fixed_s = 0.191
output_tokens_per_s = 751
latency_basis = "calibrated"
ttft_error_pct = 8
output_speed_error_pct = 6
source = "plan calibrate (test)"
checked = "2026-12-04"
)toml";
  Result<Catalog> calibrated =
      LoadCatalog({EmbeddedCatalogSources(), {{"groq-calibrated.toml", overlay}}});
  REQUIRE(calibrated.ok());
  const Report before = Run(test::EmbeddedCatalog());
  const Report after = Run(*calibrated);
  const CandidateRow& b = before.candidates[1];
  const CandidateRow& a = after.candidates[1];
  CHECK(a.latency == b.latency);  // the same figures
  CHECK(a.fidelity.basis == "calibrated");
  CHECK(a.fidelity.error_pct == 8);
  CHECK(a.fidelity.bounds.ttft_p99_s.high == Approx(a.latency.ttft_s.p99 * 1.08).epsilon(0.02));
  CHECK(a.fidelity.bounds.ttft_p99_s.high < b.fidelity.bounds.ttft_p99_s.high);
  CHECK(a.fidelity.bounds.tpot_p99_s.high == Approx(a.latency.tpot_s.p99 * 1.06).epsilon(0.02));
}

}  // namespace plan
