// "Did you mean" as a user meets it: a scenario with the names people type.
#include <catch2/catch.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {
namespace {

TEST_CASE("A scenario's unknown names suggest what users meant, exit 2", "[cli]") {
  test::ScratchDir dir;
  const std::string path = dir.Write("s.toml", R"(name = "typos"
[workload.generator]
arrival = "poisson"
rate_per_s = 1
requests = 10
input_tokens = { dist = "fixed", value = 10 }
output_tokens = { dist = "fixed", value = 10 }
[[candidate]]
name = "a"
kind = "self_hosted"
model = "llama3.1-8b"
gpu = "h100"
engine = "vLLM"
[[candidate]]
name = "b"
kind = "api"
offer = "claude-haiku-4-5"
)");
  const test::CliRun r = test::RunCli({"simulate", path});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == path +
                     ":11:9: candidate 'a': unknown model 'llama3.1-8b'; did you mean "
                     "'llama-3.1-8b-instruct'?\n"
                     "  model = \"llama3.1-8b\"\n"
                     "          ^\n" +
                     path +
                     ":12:7: candidate 'a': unknown gpu 'h100'; did you mean 'h100-sxm' or "
                     "'h100-pcie'?\n"
                     "  gpu = \"h100\"\n"
                     "        ^\n" +
                     path +
                     ":13:10: candidate 'a': unknown engine 'vLLM'; did you mean 'vllm'?\n"
                     "  engine = \"vLLM\"\n"
                     "           ^\n" +
                     path +
                     ":17:9: candidate 'b': unknown offer 'claude-haiku-4-5'; did you mean "
                     "'anthropic/claude-haiku-4-5', 'vertex/claude-haiku-4-5' or "
                     "'openrouter/anthropic/claude-haiku-4.5'?\n"
                     "  offer = \"claude-haiku-4-5\"\n"
                     "          ^\n");
}

TEST_CASE("plan catalog show suggests across every kind", "[cli]") {
  const test::CliRun r = test::RunCli({"catalog", "show", "h100"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown catalog id 'h100'; did you mean 'h100-sxm' or 'h100-pcie'?\n");
}

}  // namespace
}  // namespace plan
