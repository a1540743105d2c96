// Embedding workloads as a user meets them: what is refused, with path:line:col and exit 2.
#include <catch2/catch.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {
namespace {

std::string EmbeddingScenario(int output_tokens, const std::string& offer) {
  return "name = \"emb\"\n"
         "[workload.generator]\n"
         "arrival = \"poisson\"\n"
         "rate_per_s = 10\n"
         "requests = 100\n"
         "input_tokens = { dist = \"fixed\", value = 400 }\n"
         "output_tokens = { dist = \"fixed\", value = " +
         std::to_string(output_tokens) +
         " }\n"
         "[[candidate]]\n"
         "name = \"api\"\n"
         "kind = \"api\"\n"
         "offer = \"" +
         offer + "\"\n";
}

}  // namespace

TEST_CASE("An embedding offer with a workload that asks for output is refused, exit 2",
          "[cli][embedding]") {
  test::ScratchDir dir;
  const std::string path =
      dir.Write("s.toml", EmbeddingScenario(10, "openai/text-embedding-3-small"));
  const test::CliRun r = test::RunCli({"simulate", path});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == path +
                     ":11:9: candidate 'api': offer 'openai/text-embedding-3-small' is an "
                     "embedding model and returns no output, but the workload asks for output "
                     "tokens; give [workload.generator] output_tokens = { dist = \"fixed\", "
                     "value = 0 }\n"
                     "  offer = \"openai/text-embedding-3-small\"\n"
                     "          ^\n");
}

TEST_CASE("An unknown embedding offer suggests the catalog's, exit 2", "[cli][embedding]") {
  test::ScratchDir dir;
  const std::string path = dir.Write("s.toml", EmbeddingScenario(0, "text-embedding-3-smal"));
  const test::CliRun r = test::RunCli({"simulate", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err == path +
                     ":11:9: candidate 'api': unknown offer 'text-embedding-3-smal'; did you "
                     "mean 'openai/text-embedding-3-small'?\n"
                     "  offer = \"text-embedding-3-smal\"\n"
                     "          ^\n");
}

TEST_CASE("Output tokens may be 0 but never negative", "[cli][embedding]") {
  test::ScratchDir dir;
  const std::string negative =
      dir.Write("neg.toml", EmbeddingScenario(-1, "openai/text-embedding-3-small"));
  test::CliRun r = test::RunCli({"simulate", negative});
  CHECK(r.exit_code == 2);
  CHECK(r.err == negative +
                     ":7:43: 'value' in output_tokens in [workload.generator] must be >= 0, "
                     "not -1\n"
                     "  output_tokens = { dist = \"fixed\", value = -1 }\n"
                     "                                            ^\n");
  const std::string ok =
      dir.Write("ok.toml", EmbeddingScenario(0, "openai/text-embedding-3-small"));
  r = test::RunCli({"simulate", ok, "-f", "json"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"output_tokens_per_s\": 0") != std::string::npos);
}

}  // namespace plan
