// plan probe, plan calibrate and plan simulate --calibration end to end, against the loopback
// fixture server.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "../probe/fixture_server.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

constexpr const char* kKeyVar = "PLAN_PROBE_TEST_KEY";
constexpr const char* kKey = "sk-cli-test-7f3a9c";

}  // namespace

TEST_CASE("plan probe writes a probe file, and calibrate turns it into overlays simulate loads",
          "[probe][calibrate][cli][wallclock]") {
  test::FixtureParams params;
  params.ttft_base_s = 0.010;
  params.itl_s = 0.002;
  params.itl_jitter_s = 0;
  test::FixtureServer server(params);
  REQUIRE(server.ok());
  test::ScratchDir tmp;
  ::setenv(kKeyVar, kKey, 1);

  test::CliRun probe =
      test::RunCli({"probe", server.url(), "--model", "steady", "--concurrency", "1,2",
                    "--requests", "2", "--prompt-tokens", "uniform:10:60", "--max-tokens", "4",
                    "--api-key-env", kKeyVar, "-o", tmp.File("probe.json")});
  INFO(probe.err << probe.out);
  REQUIRE(probe.exit_code == 0);
  CHECK(probe.err.empty());
  CHECK(probe.out.find("probing " + server.url() +
                       "/v1/chat/completions (chat endpoint, model 'steady')\n") == 0);
  CHECK(probe.out.find("\nconcurrency 1: 2 requests, 2 ok, 0 failed, 0 retries after 429;") !=
        std::string::npos);
  CHECK(probe.out.find("\nconcurrency 2: 2 requests, 2 ok, 0 failed,") != std::string::npos);
  for (const char* line : {"\nmetric ", "\nttft ms ", "\ntpot ms ", "\nitl ms ", "\ne2e s "})
    CHECK(probe.out.find(line) != std::string::npos);
  CHECK(probe.out.find("wrote " + tmp.File("probe.json") + " (4 requests)\n") != std::string::npos);
  Result<std::string> file = ReadFile(tmp.File("probe.json"));
  REQUIRE(file.ok());
  CHECK(file->find("\"schema\": \"plan.probe/v1\"") != std::string::npos);
  CHECK(file->find(kKey) == std::string::npos);
  for (const test::FixtureRequestLog& log : server.requests())
    CHECK(log.authorization == std::string("Bearer ") + kKey);

  test::CliRun api = test::RunCli({"calibrate", tmp.File("probe.json"), "--offer-id",
                                   "openai/gpt-4o-mini", "-o", tmp.File("api.toml")});
  INFO(api.err);
  REQUIRE(api.exit_code == 0);
  CHECK(api.out.find("offer 'openai/gpt-4o-mini': 4 requests to " + server.url() +
                     "/v1/chat/completions") == 0);
  CHECK(api.out.find("\nfigure ") != std::string::npos);
  Result<std::string> api_toml = ReadFile(tmp.File("api.toml"));
  REQUIRE(api_toml.ok());
  CHECK(api_toml->find("\n[[offer_profile]]\nmatch = \"openai/gpt-4o-mini\"\nttft_fixed_s = ") !=
        std::string::npos);

  test::CliRun hosted =
      test::RunCli({"calibrate", tmp.File("probe.json"), "--model", "llama-3.2-1b-instruct",
                    "--gpu", "h100-sxm", "--engine", "vllm", "-o", tmp.File("engine.toml")});
  INFO(hosted.err);
  REQUIRE(hosted.exit_code == 0);
  CHECK(hosted.out.find("engine 'vllm', family 'hopper': llama-3.2-1b-instruct on h100-sxm x1 "
                        "(bf16, tp 1, pp 1); "
                        "2 levels of ") == 0);
  CHECK(hosted.out.find("rms relative error of mean TTFT and TPOT: ") != std::string::npos);

  REQUIRE(WriteFileAtomic(tmp.File("scenario.toml"), R"(name = "calibrated"
seed = 1
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 20
input_tokens = { dist = "fixed", value = 30 }
output_tokens = { dist = "fixed", value = 4 }
[[candidate]]
name = "llama1b"
kind = "self_hosted"
model = "llama-3.2-1b-instruct"
gpu = "h100-sxm"
quant = "bf16"
engine = "vllm"

[[candidate]]
name = "mini"
kind = "api"
offer = "openai/gpt-4o-mini"
)")
              .ok());
  test::CliRun plain = test::RunCli({"simulate", tmp.File("scenario.toml"), "--format", "json"});
  test::CliRun calibrated =
      test::RunCli({"simulate", "--calibration", tmp.File("engine.toml"), "--calibration",
                    tmp.File("api.toml"), tmp.File("scenario.toml"), "--format", "json"});
  INFO(calibrated.err);
  REQUIRE(plain.exit_code == 0);
  REQUIRE(calibrated.exit_code == 0);
  const nlohmann::json before = nlohmann::json::parse(plain.out),
                       after = nlohmann::json::parse(calibrated.out);
  // The self-hosted fleet rests on the fitted efficiencies. (Not checked through its TTFT:
  // a fit to a loaded machine's timings may move it by less than one of the latency sketch's
  // buckets, and the p50 then reads the same.)
  const std::string evidence = after["candidates"][0]["fidelity"]["leaves"][0]["evidence"];
  INFO(evidence);
  CHECK(evidence.rfind("vllm on hopper: efficiencies fitted to 4 measured rows (plan calibrate: "
                       "mean TTFT and TPOT of " +
                           server.url() + "/v1/chat/completions probed ",
                       0) == 0);
  CHECK(before["candidates"][0]["fidelity"]["leaves"][0]["evidence"].get<std::string>().find(
            "plan calibrate") == std::string::npos);
  // The latency figures change the API offer's: the catalog's gpt-4o-mini answers in ~0.5 s,
  // the fixture in ~15 ms.
  CHECK(after["candidates"][1]["latency"]["ttft_s"]["p50"].get<double>() < 0.05);
  CHECK(before["candidates"][1]["latency"]["ttft_s"]["p50"].get<double>() > 0.2);
}

TEST_CASE("plan probe keeps a key that the server echoes out of its output and files",
          "[probe][cli][wallclock]") {
  test::FixtureServer server;
  REQUIRE(server.ok());
  test::ScratchDir tmp;
  ::setenv(kKeyVar, kKey, 1);
  for (const char* model : {"echo-auth", "echo-auth-stream"}) {
    test::CliRun r =
        test::RunCli({"probe", server.url(), "--model", model, "--requests", "2", "--max-tokens",
                      "2", "--api-key-env", kKeyVar, "-o", tmp.File("leak.json")});
    CHECK(r.exit_code == 1);
    CHECK(r.err == "plan probe: all 2 requests failed\n");
    CHECK(r.out.find(kKey) == std::string::npos);
    CHECK(r.out.find("[REDACTED]") != std::string::npos);
    Result<std::string> file = ReadFile(tmp.File("leak.json"));
    REQUIRE(file.ok());
    CHECK(file->find(kKey) == std::string::npos);
    CHECK(file->find("Bearer [REDACTED]") != std::string::npos);
  }
}

TEST_CASE("plan probe and plan calibrate reject bad usage with exit 2", "[probe][calibrate][cli]") {
  ::unsetenv("PLAN_PROBE_UNSET_VAR");
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const Case cases[] = {
      {{"probe", "ftp://x", "--model", "m"},
       "plan probe: URL 'ftp://x' must start with http:// or https://\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--api-key-env", "PLAN_PROBE_UNSET_VAR"},
       "plan probe: --api-key-env PLAN_PROBE_UNSET_VAR: the environment variable is not set or "
       "empty\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--rate", "2"},
       "plan probe: --rate and --duration-s go together\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--rate", "2", "--duration-s", "1",
        "--concurrency", "4"},
       "plan probe: --rate/--duration-s (open loop) and --concurrency/--requests (closed loop) are "
       "exclusive\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--rate", "500", "--duration-s", "600"},
       "plan probe: --rate 500 for --duration-s 600 is 300000 requests; at most 100000\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--concurrency", "1,0"},
       "plan probe: --concurrency 0: each level must be in 1..1024\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--prompt-tokens", "uniform:5"},
       "plan probe: --prompt-tokens 'uniform:5': expected N, uniform:LO:HI or "
       "lognormal:MEDIAN:SIGMA\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--prompt-tokens", "uniform:50:10"},
       "plan probe: --prompt-tokens 'uniform:50:10': uniform needs whole numbers 1 <= LO <= HI <= "
       "1000000\n"},
      {{"probe", "http://127.0.0.1:9", "--model", "m", "--prompt-tokens", "0"},
       "plan probe: --prompt-tokens '0': expected a whole number of tokens in 1..1000000\n"},
      {{"calibrate", "p.json", "-o", "o.toml"},
       "plan calibrate: say what was probed: --offer-id ID for an API offer, or --model, --gpu and "
       "--engine for a self-hosted endpoint\n"},
      {{"calibrate", "p.json", "-o", "o.toml", "--offer-id", "a/b", "--gpu", "h100-sxm"},
       "plan calibrate: --offer-id (an API offer) and --model/--gpu/--engine (a self-hosted "
       "endpoint) "
       "are exclusive\n"},
      {{"calibrate", "p.json", "-o", "o.toml", "--offer-id", "openai/gpt-4o-mni"},
       "plan calibrate: unknown offer 'openai/gpt-4o-mni'; did you mean 'openai/gpt-4o-mini'?\n"},
      {{"calibrate", "p.json", "-o", "o.toml", "--model", "llama-3.1-8b-instruct", "--engine",
        "vllm"},
       "plan calibrate: a self-hosted endpoint needs --model, --gpu and --engine; --gpu is "
       "missing\n"},
  };
  for (const Case& c : cases) {
    test::CliRun r = test::RunCli(c.args);
    INFO(c.args[0] << " " << c.args[1]);
    CHECK(r.exit_code == 2);
    CHECK(r.err == c.err);
  }
}

TEST_CASE("plan calibrate names unknown catalog ids and bad probe files", "[calibrate][cli]") {
  test::ScratchDir tmp;
  REQUIRE(WriteFileAtomic(tmp.File("probe.json"), "{\"schema\": \"plan.probe/v1\"}\n").ok());
  test::CliRun r =
      test::RunCli({"calibrate", tmp.File("probe.json"), "-o", tmp.File("o.toml"), "--model",
                    "llama-3.1-8b-instruct", "--gpu", "h100-sxm5", "--engine", "vllm"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "plan calibrate: unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?\n");
  r = test::RunCli({"calibrate", tmp.File("probe.json"), "-o", tmp.File("o.toml"), "--model",
                    "llama-3.1-8b-instruct", "--gpu", "h100-sxm", "--engine", "vllm"});
  CHECK(r.exit_code == 2);
  // Every missing field, each at the object that lacks it.
  CHECK(r.err.find(tmp.File("probe.json") + ":1:1: missing field 'plan_version'\n") == 0);
  CHECK(r.err.find(tmp.File("probe.json") + ":1:1: missing field 'rows'\n") != std::string::npos);

  test::CliRun sim = test::RunCli(
      {"simulate", "--calibration", tmp.File("missing.toml"), "scenarios/default.toml"});
  CHECK(sim.exit_code == 2);
  CHECK(sim.err.find(tmp.File("missing.toml")) == 0);
}

}  // namespace plan
