// A scenario written for `plan search` (a [search] space, no candidates) given to the commands
// that run candidates: pointed to plan search, exit 2.
#include <catch2/catch.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {
namespace {

constexpr const char* kSearchOnly = R"(name = "space"
[workload.generator]
arrival = "poisson"
rate_per_s = 1
requests = 10
input_tokens = { dist = "fixed", value = 10 }
output_tokens = { dist = "fixed", value = 10 }
[slo]
ttft_p99_s = 2.0
[search]
model = "llama-3.1-8b-instruct"
gpus = ["h100-sxm"]
quant = ["bf16"]
engines = ["vllm"]
tp = [1]
replicas = [1]
)";

TEST_CASE("plan simulate and breakeven point a search-only scenario to plan search", "[cli]") {
  test::ScratchDir dir;
  const std::string path = dir.Write("space.toml", kSearchOnly);
  for (const char* command : {"simulate", "breakeven"}) {
    INFO(command);
    const test::CliRun r = test::RunCli({command, path});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == path + ": the scenario has a [search] space and no [[candidate]], so plan " +
                       command + " has nothing to run; search it with: plan search " + path + "\n");
  }
  const test::CliRun piped = test::RunCliWithStdin({"simulate", "-"}, kSearchOnly);
  CHECK(piped.exit_code == 2);
  CHECK(piped.err ==
        "<stdin>: the scenario has a [search] space and no [[candidate]], so plan simulate has "
        "nothing to run; search it with: plan search -\n");
  // plan search itself runs it.
  const test::CliRun search = test::RunCli({"search", path, "-f", "json"});
  CHECK(search.exit_code == 0);
  CHECK(search.out.find("\"scenario\": \"space\"") != std::string::npos);
}

}  // namespace
}  // namespace plan
