// engine_version on self_hosted candidates (issue 10): validated against the catalog's releases,
// choosing the scheduler limits that release used on the candidate's GPU; and tensor
// parallelism beyond one node refused with the node's size.
#include <catch2/catch.hpp>

#include "run/run_scenario.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

std::string Scenario(const std::string& candidate_keys) {
  return R"(name = "v"
[workload.generator]
arrival = "offline"
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }
[[candidate]]
name = "c"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
)" + candidate_keys;
}

// The assumption line of the candidate's engine.
std::string EngineAssumption(const std::string& keys) {
  Result<plan::Scenario> s = ParseScenario(Scenario(keys), "v.toml", test::EmbeddedCatalog());
  REQUIRE(s.ok());
  Result<Report> r = RunScenario(*s, test::EmbeddedCatalog(), RunOptions{});
  REQUIRE(r.ok());
  for (const std::string& a : r->candidates[0].assumptions)
    if (a.rfind("engine ", 0) == 0) return a;
  FAIL("no engine assumption");
  return "";
}

TEST_CASE("engine_version picks that release's limits for the GPU, and the report says which",
          "[scenario]") {
  // vLLM 0.8.5 gave every >= 70 GiB GPU 8192 tokens / 1024 sequences; 0.9.0 took A100 out.
  CHECK(EngineAssumption("gpu = \"a100-80gb\"\nengine_version = \"0.8.5\"\n") ==
        "engine vllm 0.8.5 (engine_version): max_num_seqs 1024, max_batched_tokens 8192 on GPUs "
        "with memory >= 70 GiB");
  CHECK(EngineAssumption("gpu = \"a100-80gb\"\nengine_version = \"0.9.0\"\n") ==
        "engine vllm 0.9.0 (engine_version): max_num_seqs 256, max_batched_tokens 2048 on any GPU");
  // Without engine_version the newest release applies, and the line says so.
  CHECK(EngineAssumption("gpu = \"h100-sxm\"\n") ==
        "engine vllm 0.28.0 (the newest release the catalog knows; pin another with "
        "engine_version): max_num_seqs 1024, max_batched_tokens 16384 on GPUs with memory >= 70 "
        "GiB, name without 'A100'");
  // A scenario override still wins over the release's default.
  CHECK(
      EngineAssumption("gpu = \"l40s\"\nengine_version = \"0.7.0\"\nmax_batched_tokens = 4096\n") ==
      "engine vllm 0.7.0 (engine_version): max_num_seqs 256, max_batched_tokens 2048 on any GPU; "
      "the scenario sets max_batched_tokens 4096");
}

TEST_CASE("an unknown engine_version is reported with the nearest known release", "[scenario]") {
  Result<plan::Scenario> s =
      ParseScenario(Scenario("gpu = \"h100-sxm\"\nengine_version = \"0.9.1\"\n"), "v.toml",
                    test::EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message() ==
        "v.toml:12:18: candidate 'c': unknown vllm version '0.9.1'; did you mean '0.9.0'?\n"
        "  engine_version = \"0.9.1\"\n"
        "                   ^");
  s = ParseScenario(Scenario("gpu = \"h100-sxm\"\nengine = \"tgi\"\nengine_version = \"3.0\"\n"),
                    "v.toml", test::EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().rfind(
            "v.toml:13:18: candidate 'c': the catalog knows no releases of engine 'tgi'; remove "
            "engine_version to use its defaults",
            0) == 0);
}

TEST_CASE("tensor parallelism beyond one node is refused with the node's size", "[scenario]") {
  std::string text = Scenario("gpu = \"h100-sxm\"\ntp = 16\n");
  text.replace(text.find("llama-3.1-8b-instruct"), 21, "llama-3.1-405b-instruct");
  Result<plan::Scenario> s = ParseScenario(text, "v.toml", test::EmbeddedCatalog());
  REQUIRE(s.ok());
  Result<Report> r = RunScenario(*s, test::EmbeddedCatalog(), RunOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidInput);
  CHECK(r.status().message() ==
        "v.toml:12:6: candidate 'c': tp=16 exceeds the 8 GPUs of one h100-sxm node "
        "(gpus_per_node): tensor parallelism across nodes would run its all-reduces over the "
        "inter-node network, which plan does not model; use tp <= 8 and pp to span nodes\n"
        "  tp = 16\n"
        "       ^");
}

}  // namespace
}  // namespace plan
