// -o FILE picks the report's format from its extension unless -f says otherwise, for every
// command that writes a report.
#include <catch2/catch.hpp>

#include "cli/output.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

constexpr const char* kScenario = R"(name = "ext"
seed = 3
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

TEST_CASE("ChooseFormat: -f wins, else the extension, else table", "[cli]") {
  CHECK(*ChooseFormat("", "") == "table");
  CHECK(*ChooseFormat("", "-") == "table");
  CHECK(*ChooseFormat("", "out/run.json") == "json");
  CHECK(*ChooseFormat("", "run.CSV") == "csv");
  CHECK(*ChooseFormat("", "notes.v2/run.md") == "md");
  CHECK(*ChooseFormat("", "run.html") == "html");
  CHECK(*ChooseFormat("", "run.txt") == "table");
  CHECK(*ChooseFormat("md", "run.json") == "md");
  CHECK(*ChooseFormat("table", "run.xlsx") == "table");
  CHECK(ChooseFormat("", "run.xlsx").status().message() ==
        "-o run.xlsx: the file has an extension, '.xlsx', that names no format (known: .json, "
        ".csv, .md, .html, .txt for table); add -f FORMAT");
  CHECK(ChooseFormat("", "dir.d/run").status().message() ==
        "-o dir.d/run: the file has no extension to tell the format from (known: .json, .csv, "
        ".md, .html, .txt for table); add -f FORMAT");
  CHECK(ChooseFormat("", ".hidden").status().message() ==
        "-o .hidden: the file has no extension to tell the format from (known: .json, .csv, "
        ".md, .html, .txt for table); add -f FORMAT");
}

TEST_CASE("plan simulate and report write the format -o's extension names", "[cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", kScenario);
  const test::CliRun json = test::RunCli({"simulate", scenario, "-f", "json"});
  REQUIRE(json.exit_code == 0);
  for (const char* format : {"json", "csv", "md", "html"}) {
    INFO(format);
    const std::string path = dir.File(std::string("run.") + format);
    const test::CliRun r = test::RunCli({"simulate", scenario, "-o", path});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(*ReadFile(path) == test::RunCli({"simulate", scenario, "-f", format}).out);
  }
  const test::CliRun table = test::RunCli({"simulate", scenario, "-o", dir.File("run.txt")});
  REQUIRE(table.exit_code == 0);
  CHECK(*ReadFile(dir.File("run.txt")) == test::RunCli({"simulate", scenario}).out);
  // -f says otherwise: a table in a .json file.
  REQUIRE(test::RunCli({"simulate", scenario, "-f", "table", "-o", dir.File("t.json")}).exit_code ==
          0);
  CHECK(*ReadFile(dir.File("t.json")) == *ReadFile(dir.File("run.txt")));
  // plan report reads the JSON back and writes markdown by extension.
  REQUIRE(test::RunCli({"report", dir.File("run.json"), "-o", dir.File("again.md")}).exit_code ==
          0);
  CHECK(*ReadFile(dir.File("again.md")) == *ReadFile(dir.File("run.md")));
}

TEST_CASE("Every reporting command refuses an extension that names no format, exit 2", "[cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", kScenario);
  const std::string out = dir.File("out.xlsx");
  const std::string message = "-o " + out +
                              ": the file has an extension, '.xlsx', that names no format "
                              "(known: .json, .csv, .md, .html, .txt for table); add -f FORMAT\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"simulate", scenario, "-o", out},
        {"breakeven", scenario, "-o", out},
        {"search", scenario, "-o", out},
        {"merge", dir.File("part1.json"), "-o", out},
        {"report", dir.File("run.json"), "-o", out}}) {
    INFO(args[0]);
    const test::CliRun r = test::RunCli(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == message);
  }
  CHECK_FALSE(ReadFile(out).ok());
}

}  // namespace
}  // namespace plan
