// The issue's round trip: probe the fixture, calibrate, simulate the same load, and the simulated
// TTFT/TPOT percentiles land within 10% of the probed ones.
// It uses the api candidate kind ([[offer]], [[offer_profile]], kind = "api").
//
// "The same load": the probed requests themselves, as a trace (arrival = send time, the
// server's input and output token counts), replayed 20 times over so the simulated
// percentiles are stable. p50 and p90 are compared; 16 probed requests cannot pin a p99.
#include <fmt/format.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fixture_server.h"
#include "probe/calibrate_api.h"
#include "probe/probe.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {
namespace {

constexpr int kReplays = 20;
constexpr double kReplayPeriodS = 10;  // longer than the probe, so replays do not overlap

// An API offer for the fixture, in the api branch's catalog schema; its latency comes from the
// calibration overlay.
constexpr const char* kFixtureOffer = R"toml([[offer]]
id = "fixture/steady"
provider = "fixture"
model = "steady"
cached_tokens = "openai"
source = "test fixture (tests/probe/fixture_server.h)"
checked = "2026-12-01"
[offer.price]
input_usd_per_mtok = 1.0
output_usd_per_mtok = 2.0
)toml";

}  // namespace

TEST_CASE("Round trip: probe, calibrate, simulate the same load, TTFT/TPOT p50 and p90 within 10%",
          "[roundtrip][probe][calibrate][wallclock]") {
  test::FixtureServer server;  // 50 ms + 0.1 ms per input token; 10 ms +- 2 ms per token
  REQUIRE(server.ok());
  ProbeOptions o;
  o.url = server.url();
  o.model = "steady";
  o.concurrency = {2, 4};  // an API answers alike at any load; 2 and 4 keep the test short
  o.requests_per_level = 8;
  o.prompt_tokens = *PromptLengths::Parse("uniform:10:800", "--prompt-tokens");
  o.max_tokens = 8;
  o.timeout_s = 5;
  o.max_wall_s = 10;
  Result<std::unique_ptr<HttpClient>> http = MakeCurlHttpClient();
  REQUIRE(http.ok());
  SteadyClock clock;
  const ProbeResult probe = RunProbe(o, **http, clock);
  server.Stop();
  REQUIRE(probe.rows.size() == 16);
  Result<ApiLatencyFit> fit = FitApiLatency(probe, "probe.json");
  REQUIRE(fit.ok());

  test::ScratchDir dir;
  const std::string catalog_dir = dir.Subdir("catalog");
  dir.Write("catalog/fixture.toml", kFixtureOffer);
  dir.Write("calibration.toml", ApiOverlayToml(*fit, probe, "fixture/steady", 0));
  std::vector<ProbeRow> rows = probe.rows;
  std::sort(rows.begin(), rows.end(),
            [](const ProbeRow& a, const ProbeRow& b) { return a.start_s < b.start_s; });
  std::string trace = "arrival_s,input_tokens,output_tokens\n";
  for (int k = 0; k < kReplays; ++k)
    for (const ProbeRow& r : rows)
      trace += fmt::format("{:.9f},{},{}\n", k * kReplayPeriodS + r.start_s, r.input_tokens,
                           r.output_tokens);
  dir.Write("trace.csv", trace);
  dir.Write("scenario.toml", R"(name = "round-trip"
seed = 1
[workload]
trace = "trace.csv"
[[candidate]]
name = "fixture"
kind = "api"
offer = "fixture/steady"
)");

  test::CliRun run =
      test::RunCli({"--catalog", catalog_dir, "simulate", "--calibration",
                    dir.File("calibration.toml"), dir.File("scenario.toml"), "--format", "json"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const nlohmann::json report = nlohmann::json::parse(run.out);
  const nlohmann::json& latency = report["candidates"][0]["latency"];

  std::vector<double> ttft, tpot;
  for (const ProbeRow& r : probe.rows) ttft.push_back(r.ttft_s), tpot.push_back(r.tpot_s);
  const Distribution probed_ttft = Summarize(ttft), probed_tpot = Summarize(tpot);
  CHECK(report["candidates"][0]["requests"]["completed"] == 16 * kReplays);
  CHECK(latency["ttft_s"]["p50"].get<double>() == Approx(probed_ttft.p50).epsilon(0.10));
  CHECK(latency["ttft_s"]["p90"].get<double>() == Approx(probed_ttft.p90).epsilon(0.10));
  CHECK(latency["tpot_s"]["p50"].get<double>() == Approx(probed_tpot.p50).epsilon(0.10));
  CHECK(latency["tpot_s"]["p90"].get<double>() == Approx(probed_tpot.p90).epsilon(0.10));
}

}  // namespace plan
