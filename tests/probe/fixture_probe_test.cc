// plan probe against a real (loopback) OpenAI-compatible server with known timing, over
// libcurl: the measurements, the failure modes, and the API calibration's recovery of the
// server's parameters.
#include <catch2/catch.hpp>
#include <chrono>

#include "fixture_server.h"
#include "probe/calibrate_api.h"
#include "probe/probe.h"

namespace plan {
namespace {

ProbeOptions Options(const test::FixtureServer& server, const std::string& model) {
  ProbeOptions o;
  o.url = server.url();
  o.model = model;
  o.concurrency = {1};
  o.requests_per_level = 1;
  o.prompt_tokens = *PromptLengths::Parse("20", "--prompt-tokens");
  o.max_tokens = 8;
  o.timeout_s = 5;
  o.max_wall_s = 10;
  return o;
}

ProbeResult Probe(const ProbeOptions& o) {
  Result<std::unique_ptr<HttpClient>> http = MakeCurlHttpClient();
  REQUIRE(http.ok());
  SteadyClock clock;
  return RunProbe(o, **http, clock);
}

}  // namespace

// Tolerance: each recovered parameter within 10% of the fixture's. Sources of error: the
// client's own overhead inside TTFT (connection set-up on loopback, well under 1 ms), sleep
// overshoot on a loaded machine (~1 ms), and the +-2 ms jitter of every gap (averaged over 7
// gaps per request).
TEST_CASE("Probing the fixture and calibrating recovers its TTFT line and output speed",
          "[probe][calibrate][wallclock]") {
  test::FixtureServer server;  // 50 ms + 0.1 ms per input token; 10 ms +- 2 ms per token
  REQUIRE(server.ok());
  ProbeOptions o = Options(server, "steady");
  o.concurrency = {1, 4};
  o.requests_per_level = 8;
  o.prompt_tokens = *PromptLengths::Parse("uniform:10:800", "--prompt-tokens");
  o.api_key = "test-key";
  ProbeResult p = Probe(o);
  REQUIRE(p.rows.size() == 16);
  for (const ProbeRow& r : p.rows) {
    INFO(r.error);
    CHECK(r.ok);
    CHECK(r.output_tokens == 8);
    CHECK(r.output_chunks == 8);
    CHECK(r.itl_s.size() == 7);
    CHECK(r.input_tokens == r.prompt_tokens_requested);  // the fixture counts words
    CHECK(r.malformed_lines == 0);
  }
  REQUIRE(p.levels.size() == 2);
  CHECK(p.levels[0].concurrency == 1);
  CHECK(p.levels[1].concurrency == 4);
  CHECK(p.levels[1].ok == 8);
  for (const test::FixtureRequestLog& log : server.requests()) {
    CHECK(log.authorization == "Bearer test-key");
    CHECK(log.stream_usage);
    CHECK(log.path == "/v1/chat/completions");
  }

  Result<ApiLatencyFit> fit = FitApiLatency(p, "probe.json");
  REQUIRE(fit.ok());
  CHECK(fit->ttft_samples == 16);
  CHECK(fit->ttft_fixed_s == Approx(0.050).epsilon(0.10));
  CHECK(fit->ttft_per_input_token_s == Approx(0.0001).epsilon(0.10));
  CHECK(fit->output_tokens_per_s == Approx(100).epsilon(0.10));
  CHECK(fit->ttft_sigma < 0.10);
  CHECK(fit->output_sigma < 0.10);
  CHECK(fit->warnings.empty());
}

TEST_CASE("The fixture's 429s, broken, malformed and error streams are each counted, no crash",
          "[probe][wallclock]") {
  test::FixtureParams params;
  params.ttft_base_s = 0.005;
  params.itl_s = 0.002;
  params.itl_jitter_s = 0;
  test::FixtureServer server(params);
  REQUIRE(server.ok());

  ProbeResult limited = Probe(Options(server, "rate-limited"));
  REQUIRE(limited.rows.size() == 1);
  CHECK(limited.rows[0].ok);
  CHECK(limited.rows[0].retries == 2);  // two 429s, each with retry-after-ms: 20
  CHECK(limited.rows[0].retry_wait_s == Approx(0.040).epsilon(1e-12));
  CHECK(limited.levels[0].retries == 2);

  ProbeOptions two = Options(server, "broken");
  two.requests_per_level = 2;
  ProbeResult broken = Probe(two);
  REQUIRE(broken.rows.size() == 2);
  CHECK(broken.levels[0].failed == 2);
  CHECK(broken.rows[0].status == 200);
  CHECK(broken.rows[0].error ==
        "stream broke after 3 output chunks: Transferred a partial file (transfer closed with "
        "outstanding read data remaining)");

  two.model = "malformed";
  ProbeResult malformed = Probe(two);
  CHECK(malformed.levels[0].ok == 2);
  CHECK(malformed.levels[0].malformed_lines == 4);  // 2 per request
  CHECK(malformed.rows[0].malformed_lines == 2);

  two.model = "error-event";
  ProbeResult error = Probe(two);
  CHECK(error.levels[0].failed == 2);
  CHECK(error.rows[1].error == "error event after 3 output chunks: fixture: engine overloaded");

  two.model = "no-done";
  ProbeResult no_done = Probe(two);
  CHECK(no_done.levels[0].failed == 2);
  CHECK(no_done.rows[0].error == "stream ended without [DONE] after 8 output chunks");

  ProbeOptions echo = Options(server, "echo-auth");
  echo.api_key = "sk-live-secret-4242";
  ProbeResult auth = Probe(echo);
  CHECK(auth.rows[0].status == 401);
  CHECK(auth.rows[0].error == "HTTP 401: Incorrect API key provided: Bearer [REDACTED]");
}

TEST_CASE("A rate-mode probe sends its Poisson arrivals on time, bounded by --duration-s",
          "[probe][wallclock]") {
  test::FixtureParams params;
  params.ttft_base_s = 0.005;
  params.itl_s = 0.002;
  test::FixtureServer server(params);
  REQUIRE(server.ok());
  ProbeOptions o = Options(server, "steady");
  o.rate_per_s = 40;
  o.duration_s = 0.25;
  o.max_tokens = 4;
  ProbeResult p = Probe(o);
  REQUIRE(p.levels.size() == 1);
  CHECK(p.levels[0].concurrency == 0);
  CHECK(p.levels[0].rate_per_s == 40);
  // The arrivals of seed 1 at 40/s that fall inside 0.25 s (drawn by Rng, the same on every
  // machine); every one is sent and answered.
  CHECK(p.rows.size() == 11);
  CHECK(p.levels[0].ok == static_cast<int64_t>(p.rows.size()));
  double last_start_s = 0;
  for (const ProbeRow& r : p.rows) {
    CHECK(r.start_s < 0.25 + 0.05);  // sent at its arrival (plus scheduling slack)
    last_start_s = std::max(last_start_s, r.start_s);
  }
  CHECK(last_start_s > 0.1);
  CHECK(server.requests().size() == p.rows.size());
}

TEST_CASE("A probe of a server that never answers ends at its wall-time limit",
          "[probe][wallclock]") {
  test::FixtureServer server;
  REQUIRE(server.ok());
  ProbeOptions o = Options(server, "stall");
  o.requests_per_level = 3;
  o.max_wall_s = 0.3;
  const auto start = std::chrono::steady_clock::now();
  ProbeResult p = Probe(o);
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(took_s < 1.0);
  CHECK(p.stopped_early);
  REQUIRE(p.rows.size() == 1);
  CHECK(p.rows[0].error ==
        "stopped after 0 output chunks: the probe's wall-time limit was reached");
}

}  // namespace plan
