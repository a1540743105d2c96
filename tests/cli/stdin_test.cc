// `-` reads a scenario, or a trace in `plan trace`, from standard input; gzip traces too.
#include <catch2/catch.hpp>

#include "testing/gzip_text.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

constexpr const char* kScenario = R"(name = "piped"
seed = 9
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 20 }
[slo]
ttft_p99_s = 1.0
[[candidate]]
name = "h100"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
)";

constexpr const char* kTrace =
    "arrival_s,input_tokens,output_tokens\n"
    "0,100,10\n"
    "0.5,200,20\n"
    "2,300,30\n";

// The stats of kTrace, whatever it was read from (`file` names it).
std::string Stats(const std::string& file) {
  return "file              " + file +
         "\n"
         "format            csv\n"
         "rows              3\n"
         "requests          3\n"
         "span_s            2.000\n"
         "mean_rate_per_s   1.500\n"
         "skipped_failed    0\n"
         "raised_zero       0\n"
         "clipped           0\n"
         "prefix_hashes     0 requests\n"
         "sessions          0 requests\n"
         "\n"
         "tokens   mean  p50  p90  p99  max\n"
         "------  -----  ---  ---  ---  ---\n"
         "input   200.0  200  300  300  300\n"
         "output   20.0   20   30   30   30\n";
}

TEST_CASE("plan simulate - reads the scenario from standard input", "[cli]") {
  test::ScratchDir dir;
  const test::CliRun file =
      test::RunCli({"simulate", dir.Write("s.toml", kScenario), "-f", "json"});
  REQUIRE(file.exit_code == 0);
  const test::CliRun piped = test::RunCliWithStdin({"simulate", "-", "-f", "json"}, kScenario);
  CHECK(piped.exit_code == 0);
  CHECK(piped.err == "");
  CHECK(piped.out == file.out);
  // Errors name it <stdin>.
  const test::CliRun bad =
      test::RunCliWithStdin({"simulate", "-"}, "name = \"x\"\nsed = 1\n[workload]\n");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "<stdin>:3:1: [workload] needs 'trace' or a [workload.generator] table\n"
        "  [workload]\n"
        "  ^\n"
        "<stdin>:1:1: the scenario has no [[candidate]]\n"
        "  name = \"x\"\n"
        "  ^\n"
        "<stdin>:2:1: unknown key 'sed' in the scenario; did you mean 'seed'?\n"
        "  sed = 1\n"
        "  ^\n");
  // breakeven and search read it the same way.
  const test::CliRun breakeven = test::RunCliWithStdin({"breakeven", "-"}, "name = \n");
  CHECK(breakeven.exit_code == 2);
  CHECK(breakeven.err.rfind("<stdin>:1:", 0) == 0);
  const test::CliRun search = test::RunCliWithStdin({"search", "-"}, "name = \n");
  CHECK(search.exit_code == 2);
  CHECK(search.err.rfind("<stdin>:1:", 0) == 0);
  // Nothing to read: said so, exit 2.
  const test::CliRun none = test::RunCli({"simulate", "-"});
  CHECK(none.exit_code == 2);
  CHECK(none.err == "-: there is no standard input to read\n");
}

TEST_CASE("plan trace stats and convert read a plain or gzip trace from standard input", "[cli]") {
  test::ScratchDir dir;
  const std::string path = dir.Write("t.csv", kTrace);
  CHECK(test::RunCli({"trace", "stats", path}).out == Stats(path));
  const std::string gz = dir.Write("t.csv.gz", test::Gzip(kTrace));
  const test::CliRun gz_file = test::RunCli({"trace", "stats", gz});
  CHECK(gz_file.exit_code == 0);
  CHECK(gz_file.out == Stats(gz));
  const test::CliRun piped = test::RunCliWithStdin({"trace", "stats", "-"}, kTrace);
  CHECK(piped.exit_code == 0);
  CHECK(piped.out == Stats("<stdin>"));
  const test::CliRun piped_gz = test::RunCliWithStdin({"trace", "stats", "-"}, test::Gzip(kTrace));
  CHECK(piped_gz.exit_code == 0);
  CHECK(piped_gz.out == Stats("<stdin>"));

  const std::string out = dir.File("out.csv");
  const test::CliRun convert =
      test::RunCliWithStdin({"trace", "convert", "-", out}, test::Gzip(kTrace));
  CHECK(convert.exit_code == 0);
  CHECK(convert.out == "wrote 3 requests to " + out + "\n");
  const std::string again = dir.File("again.csv");
  REQUIRE(test::RunCli({"trace", "convert", path, again}).exit_code == 0);
  CHECK(*ReadFile(out) == *ReadFile(again));
  // A trace error on standard input reads <stdin>:line:col.
  const test::CliRun bad = test::RunCliWithStdin({"trace", "stats", "-"},
                                                 "arrival_s,input_tokens,output_tokens\n0,x,1\n");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.rfind("<stdin>:2:", 0) == 0);
}

TEST_CASE("plan trace generate --scenario - takes [workload] from standard input", "[cli]") {
  test::ScratchDir dir;
  const std::string from_file = dir.File("file.csv");
  const std::string from_stdin = dir.File("stdin.csv");
  REQUIRE(test::RunCli(
              {"trace", "generate", "--scenario", dir.Write("s.toml", kScenario), "-o", from_file})
              .exit_code == 0);
  const test::CliRun r =
      test::RunCliWithStdin({"trace", "generate", "--scenario", "-", "-o", from_stdin}, kScenario);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "wrote 20 requests to " + from_stdin + "\n");
  CHECK(*ReadFile(from_stdin) == *ReadFile(from_file));
}

}  // namespace
}  // namespace plan
