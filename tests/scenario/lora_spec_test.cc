// [candidate.lora]: parsing, its errors with path:line:col, and the fleet it sets up.
#include <catch2/catch.hpp>

#include "arch/fleet_setup.h"
#include "scenario/scenario.h"
#include "sim/router.h"
#include "testing/embedded_catalog.h"

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

std::string ErrorOf(const std::string& extra) {
  Result<Scenario> s = ParseScenario(Text(extra), "s.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

}  // namespace

TEST_CASE("a lora table parses and sets up the replica's adapters", "[scenario][lora]") {
  const std::string text = Text(
      "[candidate.lora]\nadapters = 50\nrank = 16\nmax_loras = 4\nmax_cpu_loras = 20\n"
      "load_gb_per_s = 10\ndisk_gb_per_s = 2\npopularity = { dist = \"zipf\", exponent = 1.1 }\n");
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  const LoraSpec& lo = s->candidates[0].self_hosted.lora;
  CHECK(lo.enabled);
  CHECK(lo.adapters == 50);
  CHECK(lo.rank == 16);
  CHECK_FALSE(lo.mlp);
  CHECK(lo.max_cpu_loras == 20);
  CHECK(lo.zipf_exponent == 1.1);
  CHECK_FALSE(lo.from_label);
  auto setup = FleetSetup::Build(s->candidates[0], EmbeddedCatalog(), text);
  REQUIRE(setup.ok());
  const LoraConfig& l = (*setup)->fleet_config().replica.lora;
  CHECK(l.enabled);
  // 27262976 bytes (Llama 3.1 8B, rank 16, q k v o) at 10 GB/s and at 2 GB/s.
  CHECK((*setup)->lora_adapter_bytes() == 27262976);
  CHECK(l.gpu_load_ns == 2726298);
  CHECK(l.disk_load_ns == 13631488);
  CHECK((*setup)->step_model().memory().lora_bytes_per_gpu == 4 * 27262976.0);
}

TEST_CASE("lora inputs are checked with path:line:col", "[scenario][lora]") {
  CHECK(ErrorOf("[candidate.lora]\nadapters = 4\nrank = 0\nmax_loras = 1\nload_gb_per_s = 10\n") ==
        "s.toml:15:8: 'rank' in the LoRA adapters of candidate 'a' must be >= 1, not 0\n"
        "  rank = 0\n"
        "         ^");
  CHECK(ErrorOf("[candidate.lora]\nadapters = 4\nrank = 8\nmax_loras = 5\nload_gb_per_s = 10\n") ==
        "s.toml:16:13: max_loras (5) is more than the 4 adapters\n"
        "  max_loras = 5\n"
        "              ^");
  CHECK_THAT(ErrorOf("[candidate.lora]\nadapters = 4\nrank = 8\nmax_loras = 2\n"
                     "max_cpu_loras = 3\nload_gb_per_s = 10\n"),
             Catch::Contains("'disk_gb_per_s'"));
  CHECK_THAT(ErrorOf("[candidate.lora]\nadapters = 4\nrank = 8\nmax_loras = 2\n"
                     "load_gb_per_s = 10\npopularity = \"zipf\"\n"),
             Catch::StartsWith("s.toml:18:14: a Zipf popularity needs its exponent"));
}

TEST_CASE("more adapters resident than fit leave no KV cache: an error at max_loras",
          "[scenario][lora]") {
  // Rank 4096 on every linear layer: 21.5 GB an adapter; four of them with 16 GB of weights
  // overflow an 80 GB H100.
  const std::string text = Text(
      "[candidate.lora]\nadapters = 8\nrank = 4096\ntarget_modules = \"all\"\nmax_loras = 4\n"
      "load_gb_per_s = 10\n");
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  auto setup = FleetSetup::Build(s->candidates[0], EmbeddedCatalog(), text);
  REQUIRE_FALSE(setup.ok());
  CHECK(setup.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(setup.status().message(),
             Catch::StartsWith("s.toml:17:13: candidate 'a': max_loras = 4 resident adapters of "
                               "rank 4096 take 80.00 GiB per GPU and leave no room for the KV "
                               "cache"));
}

TEST_CASE("lora serving = dedicated: one merged replica per adapter, routed by adapter",
          "[scenario][lora]") {
  const std::string text = Text(
      "[candidate.lora]\nserving = \"dedicated\"\nadapters = 5\nadapter_from = \"label\"\n"
      "popularity = { dist = \"zipf\", exponent = 1 }\n");
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  const SelfHostedSpec& sh = s->candidates[0].self_hosted;
  CHECK(sh.lora.dedicated);
  CHECK(sh.replicas == 5);
  auto setup = FleetSetup::Build(s->candidates[0], EmbeddedCatalog(), text);
  REQUIRE(setup.ok());
  const FleetConfig& f = (*setup)->fleet_config();
  CHECK(f.replicas == 5);
  CHECK_FALSE(f.replica.lora.enabled);  // merged: no LoRA kernels, no slots
  CHECK((*setup)->step_model().memory().lora_bytes_per_gpu == 0);
  REQUIRE(f.route_by_adapter.enabled);
  CHECK(f.route_by_adapter.from_label);
  // Zipf 1 over 5: adapter 0 draws 1 / (1 + 1/2 + 1/3 + 1/4 + 1/5) = 60/137 of requests.
  CHECK(f.route_by_adapter.cdf->front() == Approx(60.0 / 137));
  // Whatever the load, request r goes to its adapter's replica, as a shared base would see it.
  Router router(RoutePolicy::kLeastOutstanding, f.route_by_adapter);
  std::vector<int32_t> outstanding = {0, 9, 9, 9, 9};
  std::vector<char> eligible(5, 1);
  for (uint64_t id = 0; id < 50; ++id) {
    Request r;
    r.id = id;
    r.label = static_cast<int16_t>(id % 7) - 1;  // -1 (none), 0..4, 5 (past the last adapter)
    const int32_t want = r.label >= 0 && r.label < 5 ? r.label : AdapterFor(f.route_by_adapter, id);
    CHECK(router.Choose(r, outstanding, eligible, {}) == want);
  }
}

TEST_CASE("lora serving = dedicated rejects the shared base's keys and a replica count",
          "[scenario][lora]") {
  CHECK(ErrorOf("[candidate.lora]\nserving = \"dedicated\"\nadapters = 4\nrank = 8\n") ==
        "s.toml:16:8: rank applies to serving = \"shared\" only: with serving = \"dedicated\" "
        "each fine-tune is merged into its own model\n"
        "  rank = 8\n"
        "         ^");
  CHECK(ErrorOf("replicas = 3\n[candidate.lora]\nserving = \"dedicated\"\nadapters = 4\n") ==
        "s.toml:13:12: candidate 'a': with lora serving = \"dedicated\" the fleet is one replica "
        "per adapter (4); remove replicas\n"
        "  replicas = 3\n"
        "             ^");
  CHECK_THAT(ErrorOf("[candidate.lora]\nserving = \"dedicate\"\nadapters = 4\n"),
             Catch::Contains("did you mean 'dedicated'"));
}

}  // namespace plan
