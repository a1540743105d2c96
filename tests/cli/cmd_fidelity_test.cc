#include <catch2/catch.hpp>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "../report/schema_check.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

const std::string kEvidence = std::string(PLAN_SOURCE_DIR) + "/catalog/evidence";

TEST_CASE("plan fidelity prints each pair's error against its tolerance and exits 0", "[cli]") {
  test::CliRun r =
      test::RunCli({"fidelity", "--evidence", kEvidence, "--engine", "vllm", "--family", "hopper"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.rfind("group        rows  MAPE", 0) == 0);
  CHECK(r.out.find("\nvllm/hopper  231 ") != std::string::npos);
  CHECK(r.out.find("allreduce/") == std::string::npos);  // filtered out
  CHECK(r.out.find("FAIL") == std::string::npos);
}

TEST_CASE("plan fidelity -f json follows schema/plan.fidelity.v1.json", "[cli]") {
  test::CliRun r = test::RunCli(
      {"fidelity", "--evidence", kEvidence, "--engine", "tensorrt-llm", "--rows", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(test::SchemaProblems("plan.fidelity.v1.json", j).empty());
  CHECK(j["schema"] == "plan.fidelity/v1");
  REQUIRE(j["groups"].size() == 4);  // ada, ampere, blackwell, hopper
  CHECK(j["groups"][3]["group"] == "tensorrt-llm/hopper");
  CHECK(j["groups"][3]["predictions"].size() == j["groups"][3]["rows"].get<size_t>());
}

TEST_CASE("plan fidelity exits 3 when an error grows past the recorded tolerance", "[cli]") {
  // The same evidence with two of Lambda's H100 inter-token latencies four times as long: vLLM
  // on Hopper now predicts them at a quarter, past its recorded tolerance.
  test::ScratchDir dir;
  for (const char* f : {"throughput.csv", "llamacpp.csv", "allreduce.csv"})
    std::filesystem::copy_file(kEvidence + "/" + f, dir.File(f));
  std::string latency = ReadFile(kEvidence + "/latency.csv").value();
  for (const char* from : {",itl_ms,median,308.73,", ",itl_ms,median,96.12,"}) {
    const size_t at = latency.find(from);
    REQUIRE(at != std::string::npos);
    const std::string to = std::string(from) == ",itl_ms,median,308.73," ? ",itl_ms,median,1234.92,"
                                                                         : ",itl_ms,median,384.48,";
    latency.replace(at, std::string(from).size(), to);
  }
  dir.Write("latency.csv", latency);
  test::CliRun r =
      test::RunCli({"fidelity", "--evidence", dir.path(), "--engine", "vllm", "-f", "md"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("| vllm/hopper | 231 |") != std::string::npos);
  CHECK(r.out.find("\nFAIL vllm/hopper: ") != std::string::npos);
  CHECK(r.err.find("plan fidelity: 1 group past the recorded tolerance") != std::string::npos);
}

TEST_CASE("plan fidelity names a missing evidence directory and an unknown engine", "[cli]") {
  test::CliRun r = test::RunCli({"fidelity", "--evidence", "no/such/dir"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no/such/dir/throughput.csv: cannot open the file (run from the repository "
                   "root or pass --evidence DIR)") != std::string::npos);
  r = test::RunCli({"fidelity", "--evidence", kEvidence, "--engine", "vlm"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown engine 'vlm'; did you mean 'vllm'?") != std::string::npos);
}

}  // namespace
}  // namespace plan
