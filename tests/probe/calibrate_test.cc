#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "probe/calibrate_api.h"
#include "probe/calibrate_roofline.h"
#include "run/evaluate_candidate.h"
#include "util/error_stats.h"

namespace plan {
namespace {

// A probe summary whose levels are exactly what the roofline predicts with `truth` as the
// engine's hopper efficiency: the fit must find `truth` again.
ProbeResult RooflineProbe(const Catalog& c, const Efficiency& truth) {
  EngineProfile engine = *c.FindEngine("vllm");
  for (Efficiency& e : engine.efficiency)
    if (e.family == "hopper") e = truth;
  const Deployment d{c.FindModel("llama-3.1-8b-instruct"),
                     c.FindGpu("h100-sxm"),
                     c.FindQuant("bf16"),
                     &engine,
                     1,
                     1};
  ProbeResult p;
  p.url = "http://gpu-box:8000/v1/chat/completions";
  p.model = "meta-llama/Llama-3.1-8B-Instruct";
  p.endpoint = "chat";
  p.date = "2026-12-01T09:30:00Z";
  for (int concurrency : {1, 8, 32}) {
    // The closed loop's arrival rate depends on the e2e it predicts: iterate to the fixed point.
    LevelObservation o{0, double(concurrency), 0, 1024, 128, 0, 0};
    LevelPrediction pred;
    double e2e_s = 1;
    for (int i = 0; i < 50; ++i) {
      o.other_arrivals_per_s = (concurrency - 1) / e2e_s;
      pred = *PredictLevel(d, o);
      e2e_s = pred.ttft_s + 127 * pred.tpot_s;
    }
    LevelSummary l;
    l.concurrency = concurrency;
    l.ok = l.requests = 16;
    l.mean_input_tokens = 1024;
    l.mean_output_tokens = 128;
    l.ttft_s.count = l.tpot_s.count = 16;
    l.ttft_s.mean = pred.ttft_s;
    l.tpot_s.mean = pred.tpot_s;
    l.e2e_s.count = 16;
    l.e2e_s.mean = e2e_s;
    p.levels.push_back(l);
  }
  return p;
}

Deployment Llama8bOnH100(const Catalog& c) {
  return {c.FindModel("llama-3.1-8b-instruct"),
          c.FindGpu("h100-sxm"),
          c.FindQuant("bf16"),
          c.FindEngine("vllm"),
          1,
          1};
}

}  // namespace

TEST_CASE("The roofline fit recovers the efficiencies that produced a probe", "[calibrate]") {
  Result<Catalog> c = LoadCatalogWithOverlays({});
  REQUIRE(c.ok());
  Efficiency truth = c->FindEngine("vllm")->EfficiencyFor("hopper");
  truth.compute = 0.45;
  truth.memory = 0.65;
  truth.step_overhead_s = 1500e-6;
  const ProbeResult probe = RooflineProbe(*c, truth);
  Result<RooflineFit> fit = FitRoofline(probe, "probe.json", Llama8bOnH100(*c));
  REQUIRE(fit.ok());
  CHECK(fit->levels.size() == 3);
  // `before` is the catalog's hopper row for vLLM, as it stands.
  const Efficiency& catalog_row = c->FindEngine("vllm")->EfficiencyFor("hopper");
  CHECK(fit->before.compute == catalog_row.compute);
  CHECK(fit->before.step_overhead_s == catalog_row.step_overhead_s);
  // Levenberg-Marquardt stops within ~1e-5 of the truth (measured: 0.4500003, 0.650004,
  // 1500.04 us); the 1e-6 pull toward the catalog's figures moves it less than that.
  CHECK(fit->after.compute == Approx(0.45).margin(1e-4));
  CHECK(fit->after.memory == Approx(0.65).margin(1e-4));
  CHECK(fit->after.step_overhead_s == Approx(1500e-6).epsilon(1e-3));
  CHECK(fit->after.family == "hopper");
  CHECK(fit->rms_relative_error_after < 1e-5);
  CHECK(fit->rms_relative_error_before > 0.05);
  CHECK(fit->warnings.empty());
}

// The calibration's steady-state model against the simulator it calibrates: Poisson loads on
// Llama 3.1 8B / H100 / vLLM (1024 in, 128 out) simulated with the catalog's figures, then
// predicted from the same figures at the simulated in-flight count (rate x mean e2e). Measured
// at commit: TPOT within 2-3% at every rate; TTFT -5%, -4%, -17% at 0.5, 4 and 12 requests/s
// (the model's queue term is rougher than the scheduler: several prefills share a step).
TEST_CASE("The fit's level model agrees with the simulator at the catalog's figures",
          "[calibrate]") {
  Result<Catalog> c = LoadCatalogWithOverlays({});
  REQUIRE(c.ok());
  const Deployment d = Llama8bOnH100(*c);
  for (double rate : {0.5, 4.0, 12.0}) {
    Result<Scenario> sc = ParseScenario(fmt::format(R"(name = "consistency"
seed = 3
[workload.generator]
arrival = "poisson"
rate_per_s = {}
requests = 3000
input_tokens = {{ dist = "fixed", value = 1024 }}
output_tokens = {{ dist = "fixed", value = 128 }}
[[candidate]]
name = "h100"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "bf16"
engine = "vllm"
)",
                                                    rate),
                                        "consistency.toml", *c);
    REQUIRE(sc.ok());
    Result<CandidateRow> row = EvaluateCandidate(*sc, sc->candidates[0], *c);
    REQUIRE(row.ok());
    const CandidateRow::Latency& sim = row->latency;
    LevelObservation o{0, rate * sim.e2e_s.mean, rate, 1024, 128, 0, 0};
    Result<LevelPrediction> pred = PredictLevel(d, o);
    REQUIRE(pred.ok());
    INFO("rate " << rate << ": ttft " << pred->ttft_s << " vs " << sim.ttft_s.mean << ", tpot "
                 << pred->tpot_s << " vs " << sim.tpot_s.mean);
    CHECK(pred->tpot_s == Approx(sim.tpot_s.mean).epsilon(0.05));
    CHECK(pred->ttft_s == Approx(sim.ttft_s.mean).epsilon(0.20));
  }
}

TEST_CASE("The engine overlay loads over the catalog and changes only the fitted family",
          "[calibrate]") {
  Result<Catalog> c = LoadCatalogWithOverlays({});
  REQUIRE(c.ok());
  Efficiency truth = c->FindEngine("vllm")->EfficiencyFor("hopper");
  truth.compute = 0.45;
  truth.memory = 0.65;
  truth.step_overhead_s = 1500e-6;
  const ProbeResult probe = RooflineProbe(*c, truth);
  const Deployment d = Llama8bOnH100(*c);
  Result<RooflineFit> fit = FitRoofline(probe, "probe.json", d);
  REQUIRE(fit.ok());
  const std::string toml = EngineOverlayToml(*c->FindEngine("vllm"), *fit, probe, d);
  CHECK(toml.find("# Catalog overlay written by plan calibrate") == 0);
  CHECK(toml.find("checked = \"2026-12-01\"") != std::string::npos);

  std::vector<std::vector<CatalogSource>> layers = {EmbeddedCatalogSources(),
                                                    {{"overlay.toml", toml}}};
  Result<Catalog> merged = LoadCatalog(layers);
  REQUIRE(merged.ok());
  const EngineProfile& before = *c->FindEngine("vllm");
  const EngineProfile& after = *merged->FindEngine("vllm");
  CHECK(after.max_num_seqs == before.max_num_seqs);
  CHECK(after.max_batched_tokens == before.max_batched_tokens);
  CHECK(after.block_size_tokens == before.block_size_tokens);
  CHECK(after.chunked_prefill == before.chunked_prefill);
  CHECK(after.gpu_memory_utilization == before.gpu_memory_utilization);
  CHECK(after.kv_rule == before.kv_rule);
  CHECK(after.runtime_reserve_bytes == Approx(before.runtime_reserve_bytes));
  CHECK(after.custom_allreduce == before.custom_allreduce);
  CHECK(after.cuda_graph_max_tokens == before.cuda_graph_max_tokens);
  CHECK(after.graph_decode_only == before.graph_decode_only);
  CHECK(after.static_fraction_by_tp == before.static_fraction_by_tp);
  CHECK(after.VersionIds() == before.VersionIds());
  REQUIRE(after.versions.size() == before.versions.size());
  for (size_t i = 0; i < after.versions.size(); ++i) {
    REQUIRE(after.versions[i].limits.size() == before.versions[i].limits.size());
    for (size_t j = 0; j < after.versions[i].limits.size(); ++j) {
      const EngineLimitRule& a = after.versions[i].limits[j];
      const EngineLimitRule& b = before.versions[i].limits[j];
      CHECK(a.min_memory_bytes == Approx(b.min_memory_bytes));
      CHECK(a.max_memory_bytes == Approx(b.max_memory_bytes));
      CHECK(a.gpu_name_includes == b.gpu_name_includes);
      CHECK(a.gpu_name_excludes == b.gpu_name_excludes);
      CHECK(a.max_num_seqs == b.max_num_seqs);
      CHECK(a.max_batched_tokens == b.max_batched_tokens);
    }
  }
  REQUIRE(after.efficiency.size() == before.efficiency.size());
  for (size_t i = 0; i < after.efficiency.size(); ++i) {
    const Efficiency& a = after.efficiency[i];
    const Efficiency& b = before.efficiency[i];
    CHECK(a.family == b.family);
    if (a.family == "hopper") {
      CHECK(a.compute == Approx(fit->after.compute).epsilon(1e-3));  // written with 4 digits
      CHECK(a.memory == Approx(fit->after.memory).epsilon(1e-3));
      CHECK(a.step_overhead_s == Approx(fit->after.step_overhead_s).epsilon(1e-3));
      CHECK(a.evidence.find("probed 2026-12-01T09:30:00Z") != std::string::npos);
      CHECK(a.evidence.find("http://gpu-box:8000/v1/chat/completions") != std::string::npos);
      // The probe's levels are its evidence: 2 figures (TTFT, TPOT) per level.
      CHECK(a.basis == "fitted");
      CHECK(a.evidence_rows == 2 * static_cast<int>(fit->levels.size()));
      CHECK(a.evidence_set.find("http://gpu-box:8000/v1/chat/completions") != std::string::npos);
      CHECK(a.error_pct >= kMinErrorPct);
    } else {
      CHECK(a.compute == b.compute);
      CHECK(a.memory == b.memory);
      CHECK(a.step_overhead_s == Approx(b.step_overhead_s));
      CHECK(a.kernel_overhead_s == Approx(b.kernel_overhead_s));
      CHECK(a.eager_kernel_overhead_s == Approx(b.eager_kernel_overhead_s));
      CHECK(a.basis == b.basis);
      CHECK(a.evidence_set == b.evidence_set);
      CHECK(a.evidence_rows == b.evidence_rows);
      CHECK(a.error_rms_log == Approx(b.error_rms_log));
      CHECK(a.error_worst == Approx(b.error_worst));
      CHECK(a.error_pct == b.error_pct);
      CHECK(a.borrowed_from == b.borrowed_from);
      CHECK(a.evidence_sources == b.evidence_sources);
      CHECK(a.evidence == b.evidence);
    }
  }
}

TEST_CASE("The API fit: the median TTFT line, its log spread and the output speed", "[calibrate]") {
  // Four requests on the line ttft = 0.1 + 0.001 x input with log residuals +-0.1 paired at
  // each input, so least squares and the log-mean rescaling land on it; speeds 50 and 200
  // tokens/s (TPOT 20 ms and 5 ms): geometric mean 100.
  ProbeResult p;
  p.url = "https://api.example.com/v1/chat/completions";
  p.model = "gpt-test";
  p.endpoint = "chat";
  p.date = "2026-12-01T09:30:00Z";
  const double e = std::exp(0.1);
  auto row = [](int64_t input, double ttft_s, double tpot_s) {
    ProbeRow r;
    r.ok = true;
    r.input_tokens = input;
    r.output_tokens = 10;
    r.ttft_s = ttft_s;
    r.tpot_s = tpot_s;
    return r;
  };
  p.rows = {row(100, 0.2 * e, 0.02), row(100, 0.2 / e, 0.005), row(300, 0.4 * e, 0.02),
            row(300, 0.4 / e, 0.005)};
  Result<ApiLatencyFit> fit = FitApiLatency(p, "probe.json");
  REQUIRE(fit.ok());
  // Least squares through the pair means 0.2 cosh(0.1) and 0.4 cosh(0.1) gives the line
  // cosh(0.1) (0.1 + 0.001 x); every log residual is then +-0.1 - ln cosh(0.1), mean
  // -ln cosh(0.1), so the rescaling removes cosh(0.1) exactly.
  CHECK(fit->ttft_fixed_s == Approx(0.1).epsilon(1e-9));
  CHECK(fit->ttft_per_input_token_s == Approx(0.001).epsilon(1e-9));
  CHECK(fit->ttft_sigma == Approx(std::sqrt(4 * 0.01 / 3)).epsilon(1e-9));  // sample sd of +-0.1
  // log speeds ln 50, ln 200, ln 50, ln 200: mean ln 100, sample sd ln(4)/2 x sqrt(4/3).
  CHECK(fit->output_tokens_per_s == Approx(100).epsilon(1e-9));
  CHECK(fit->output_sigma == Approx(std::log(4.0) / 2 * std::sqrt(4.0 / 3)).epsilon(1e-9));
  CHECK(fit->ttft_samples == 4);
  CHECK(fit->warnings.empty());
  // Bands: the 90% interval of each median, 1.645 sigma / sqrt(4): TTFT 1.645 x 0.11547 / 2 =
  // 0.09497, e^0.09497 - 1 = 9.96% -> 10; speed 1.645 x 0.800377 / 2 = 0.65831, e^0.65831 - 1
  // = 93.2% -> 94.
  CHECK(fit->ttft_error_pct == 10);
  CHECK(fit->output_speed_error_pct == 94);

  Result<ApiLatencyFit> rtt = FitApiLatency(p, "probe.json", 0.03);
  CHECK(rtt->ttft_fixed_s == Approx(0.07).epsilon(1e-9));

  // rms error of the line: residuals 0.2(e^0.1 - 1) = 0.02103, 0.2(e^-0.1 - 1) = -0.01903,
  // 0.04207, -0.03807; sqrt((4.423e-4 + 3.623e-4 + 1.7697e-3 + 1.4489e-3) / 4) = 0.0317.
  const std::string toml = ApiOverlayToml(*fit, p, "openai/gpt-test", 0);
  CHECK(
      toml ==
      "# Catalog overlay written by plan calibrate 0.1.0 from "
      "https://api.example.com/v1/chat/completions.\n"
      "# Use: plan simulate --calibration THIS_FILE SCENARIO (or put it in a --catalog "
      "directory).\n"
      "# The offer's latency figures, fitted to what was measured; its prices are untouched.\n"
      "\n"
      "[[offer_profile]]\n"
      "match = \"openai/gpt-test\"\n"
      "ttft_fixed_s = 0.1\n"
      "ttft_per_input_token_s = 0.001\n"
      "ttft_sigma = 0.11547\n"
      "output_tokens_per_s = 100\n"
      "output_sigma = 0.800377\n"
      "latency_basis = \"calibrated\"\n"
      "ttft_error_pct = 10\n"
      "output_speed_error_pct = 94\n"
      "source = \"plan calibrate: 4 requests to https://api.example.com/v1/chat/completions (model "
      "'gpt-test', chat endpoint) probed 2026-12-01T09:30:00Z; TTFT line rms error 0.0317 s; "
      "ttft_fixed_s includes the network round trip from where the probe ran\"\n"
      "checked = \"2026-12-01\"\n");
}

TEST_CASE("The API fit warns when the prompt length never varied, and fails on too few requests",
          "[calibrate]") {
  ProbeResult p;
  ProbeRow r;
  r.ok = true;
  r.input_tokens = 256;
  r.output_tokens = 2;
  r.ttft_s = 0.5;
  r.tpot_s = 0.01;
  p.rows = {r, r};
  Result<ApiLatencyFit> fit = FitApiLatency(p, "p.json");
  REQUIRE(fit.ok());
  CHECK(fit->ttft_fixed_s == 0.5);
  CHECK(fit->ttft_per_input_token_s == 0);
  REQUIRE(fit->warnings.size() == 1);
  CHECK(fit->warnings[0] ==
        "every request had 256 input tokens: the per-input-token TTFT cannot be fitted and is set "
        "to 0; probe with --prompt-tokens uniform:LO:HI to fit it");
  p.rows.pop_back();
  CHECK(FitApiLatency(p, "p.json").status().message() ==
        "p.json: calibration needs at least 2 successful requests; the probe has 1");
}

}  // namespace plan
