// [candidate.serverless] (scenario/serverless_spec.h): the keys, the cold start they add up to,
// and the errors for what cannot be (a negative idle timeout, no load bandwidth) or would be
// ignored (replicas, autoscale next to it).
#include <catch2/catch.hpp>

#include "arch/fleet_setup.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::EmbeddedCatalog;

namespace {

// The candidate's keys end on line 12; `extra` starts on line 13.
std::string Text(const std::string& extra) {
  return R"(name = "t"
[workload.generator]
arrival = "poisson"
rate_per_s = 5
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 20 }
[[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
)" + extra;
}

const std::string kTable =
    "[candidate.serverless]\nusd_per_gpu_s = 0.001097\nmax_containers = 4\n"
    "idle_timeout_s = 60\ncontainer_start_s = 10\nload_gb_per_s = 2\n";

std::string ErrorOf(const std::string& extra) {
  Result<Scenario> s = ParseScenario(Text(extra), "s.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

}  // namespace

TEST_CASE("a serverless table parses and sets up a fleet scaled to zero",
          "[scenario][serverless]") {
  Result<Scenario> s = ParseScenario(Text(kTable + "concurrency = 32\nwarmup_s = 15\n"
                                                   "min_billed_s = 60\n"),
                                     "s.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  const ServerlessSpec& sl = s->candidates[0].self_hosted.serverless;
  CHECK(sl.enabled);
  CHECK(sl.usd_per_gpu_s == 0.001097);
  CHECK(sl.max_containers == 4);
  CHECK(*sl.concurrency == 32);
  CHECK(sl.idle_timeout_s == 60);
  CHECK(sl.min_billed_s == 60);

  Result<std::unique_ptr<FleetSetup>> setup =
      FleetSetup::Build(s->candidates[0], EmbeddedCatalog());
  REQUIRE(setup.ok());
  const FleetConfig& f = (*setup)->fleet_config();
  CHECK(f.replicas == 0);
  CHECK(f.autoscale.enabled);
  CHECK(f.autoscale.min_replicas == 0);
  CHECK(f.autoscale.max_replicas == 4);
  CHECK(f.replica.max_num_seqs == 32);
  CHECK(f.serverless.idle_timeout_ns == 60 * kNsPerS);
  CHECK(f.serverless.min_billed_ns == 60 * kNsPerS);
  // Llama 3.1 8B in bf16: 8.03e9 parameters x 2 bytes = 16.06 GB at 2 GB/s = 8.03 s, between
  // the 10 s container start and the 15 s warm-up.
  const double weights = (*setup)->step_model().memory().weights_bytes_per_gpu;
  CHECK(weights == Approx(16.06e9).epsilon(0.001));
  CHECK((*setup)->cold_start_s() == Approx(10 + weights / 2e9 + 15));
  CHECK(f.autoscale.cold_start_ns == SecondsToNs((*setup)->cold_start_s()));
  // The per-second price is the GPU's price for this candidate.
  CHECK((*setup)->gpu().price.on_demand_usd_per_hour == Approx(0.001097 * 3600));
}

TEST_CASE("serverless inputs are checked with path:line:col", "[scenario][serverless]") {
  CHECK(ErrorOf("[candidate.serverless]\nusd_per_gpu_s = 0.001\nmax_containers = 2\n"
                "idle_timeout_s = -5\ncontainer_start_s = 10\nload_gb_per_s = 2\n") ==
        "s.toml:16:18: 'idle_timeout_s' in the serverless fleet of candidate 'a' must be >= 0, "
        "not -5\n"
        "  idle_timeout_s = -5\n"
        "                   ^");
}

TEST_CASE("plan simulate refuses a serverless fleet with replicas, exit 2",
          "[scenario][serverless][cli]") {
  test::ScratchDir dir;
  const std::string path = dir.Write("s.toml", Text("replicas = 3\n" + kTable));
  test::CliRun r = test::RunCli({"simulate", path});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == path +
                     ":13:12: candidate 'a': 'replicas' does not apply to a serverless fleet (it "
                     "starts from zero; max_containers caps it)\n"
                     "  replicas = 3\n"
                     "             ^\n");
}

}  // namespace plan
