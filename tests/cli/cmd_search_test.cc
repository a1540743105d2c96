#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/progress_bar.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {

namespace {

// 3 GPUs x 2 quants x 2 tp x 2 replica counts = 24 configurations; the A100's 4 fp8 ones are
// pruned (it computes no fp8), 20 are simulated.
std::string SearchScenario(int requests) {
  return fmt::format(R"(name = "search-cli"
seed = 11
[workload.generator]
arrival = "poisson"
rate_per_s = 4
requests = {}
input_tokens = {{ dist = "lognormal", median = 500, sigma = 0.5, max = 4000 }}
output_tokens = {{ dist = "fixed", value = 64 }}
[slo]
ttft_p99_s = 1.0
tpot_p99_s = 0.05
[search]
model = "llama-3.1-8b-instruct"
gpus = ["h100-sxm", "l40s", "a100-80gb"]
quant = ["fp8", "bf16"]
tp = [1, 2]
replicas = [1, 2]
)",
                     requests);
}

// Runs `command` through the shell; returns its exit status.
int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Read(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  REQUIRE(text.ok());
  return *text;
}

int Lines(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return 0;
  return static_cast<int>(std::count(text->begin(), text->end(), '\n'));
}

}  // namespace

TEST_CASE("Two shards run as two parallel processes merge into the unsharded report",
          "[search][cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", SearchScenario(300));
  const std::string plan = PLAN_BINARY;
  REQUIRE(Shell(plan + " search " + scenario + " --threads 1 -f json -o " +
                dir.File("whole.json")) == 0);
  REQUIRE(Shell("(" + plan + " search " + scenario + " --shard 1/2 -o " + dir.File("p1.json") +
                " > " + dir.File("out1") + " & " + plan + " search " + scenario +
                " --shard 2/2 --threads 2 -o " + dir.File("p2.json") + " > " + dir.File("out2") +
                " & wait)") == 0);
  CHECK(Read(dir.File("out1")) ==
        "shard 1/2: 10 of 20 configurations, written to " + dir.File("p1.json") + "\n");
  REQUIRE(Shell(plan + " merge " + dir.File("p2.json") + " " + dir.File("p1.json") +
                " -f json -o " + dir.File("merged.json")) == 0);
  CHECK(Read(dir.File("merged.json")) == Read(dir.File("whole.json")));
  const nlohmann::json j = nlohmann::json::parse(Read(dir.File("whole.json")));
  CHECK(j["schema"] == "plan.report/v1");
  CHECK(j["search"]["space_size"] == 24);
  CHECK(j["search"]["pruned"].size() == 4);
  CHECK(j["candidates"].size() == 20);

  // The table too, in-process this time.
  test::CliRun whole = test::RunCli({"search", scenario});
  test::CliRun merged = test::RunCli({"merge", dir.File("p1.json"), dir.File("p2.json")});
  REQUIRE(whole.exit_code == 0);
  REQUIRE(merged.exit_code == 0);
  CHECK(merged.out == whole.out);
}

TEST_CASE("A killed shard restarts from its journal and ends with the same part file",
          "[search][cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", SearchScenario(4000));
  const std::string part = dir.File("p.json");
  const std::string journal = part + ".journal";

  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::execl(PLAN_BINARY, PLAN_BINARY, "search", scenario.c_str(), "--shard", "1/1", "--threads",
            "1", "-o", part.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it once the journal holds its header and at least one finished configuration.
  for (int i = 0; i < 6000 && Lines(journal) < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const bool killed = WIFSIGNALED(status);
  if (killed) {
    CHECK_FALSE(std::filesystem::exists(part));
    CHECK(Lines(journal) >= 2);
  } else {
    WARN("the shard finished before it could be killed; only the rerun was checked");
  }
  const int finished_before = Lines(journal) - 1;

  test::CliRun resumed =
      test::RunCli({"search", scenario, "--shard", "1/1", "--threads", "2", "-o", part});
  REQUIRE(resumed.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(journal));
  INFO("configurations finished before the kill: " << finished_before);

  const std::string clean = dir.File("clean.json");
  REQUIRE(test::RunCli({"search", scenario, "--shard", "1/1", "-o", clean}).exit_code == 0);
  CHECK(Read(part) == Read(clean));
}

TEST_CASE("plan search and plan merge report bad usage with exit 2", "[search][cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", SearchScenario(50));
  test::CliRun r = test::RunCli({"search", scenario, "--shard", "1/2"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "--shard needs -o PART: the part file to write (and resume from)\n");
  r = test::RunCli({"search", scenario, "--shard", "2/1", "-o", dir.File("p.json")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "--shard '2/1': K must be between 1 and N (1)\n");

  REQUIRE(
      test::RunCli({"search", scenario, "--shard", "1/2", "-o", dir.File("p1.json")}).exit_code ==
      0);
  r = test::RunCli({"merge", dir.File("p1.json")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "plan merge: missing shard 2/2\n");
  r = test::RunCli({"merge", scenario});
  CHECK(r.exit_code == 2);
  // "name = ..." reads as a broken "null" at its second character.
  CHECK(r.err.rfind(scenario + ":1:2: not valid JSON: ", 0) == 0);
}

TEST_CASE("The progress line shows the bar, the count, the rate and the ETA", "[search][cli]") {
  CHECK(ProgressLine(0, 120, 0, 0, "configs") ==
        "[--------------------]    0/120  -- configs/s  ETA --");
  // 45 done in 15 s: 3 a second; 75 left take 25 s.
  CHECK(ProgressLine(45, 120, 0, 15, "configs") ==
        "[#######-------------]   45/120  3.0 configs/s  ETA 0:25");
  // Resumed with 40 done: only the 5 done since count towards the rate (0.5/s): 75 left, 2:30.
  CHECK(ProgressLine(45, 120, 40, 10, "configs") ==
        "[#######-------------]   45/120  0.5 configs/s  ETA 2:30");
  CHECK(ProgressLine(120, 120, 0, 3600, "configs") ==
        "[####################]  120/120  0.0 configs/s  ETA 0:00");
}

}  // namespace plan

namespace plan {

TEST_CASE("plan search warns that it does not check a scenario's require", "[cli]") {
  test::ScratchDir dir;
  const std::string scenario = dir.Write("s.toml", "require = [\"hipaa\"]\n" + SearchScenario(20));
  test::CliRun r = test::RunCli({"search", scenario});
  CHECK(r.exit_code == 0);
  CHECK(r.err ==
        "warning: plan search does not check require (hipaa): its configurations name no cloud "
        "or region; check the one you pick with plan simulate\n");
}

}  // namespace plan
