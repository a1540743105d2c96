#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../perf/perf_fixture.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

namespace {

// The perf test catalog, overlaid on the embedded one with --catalog; the directory is removed
// when the test binary exits.
const std::string& TestCatalogDir() {
  static const test::ScratchDir dir;
  [[maybe_unused]] static const std::string file =
      dir.Write("perf_test.toml", test::kPerfTestCatalog);
  return dir.path();
}

test::CliRun Roofline(std::vector<std::string> args) {
  args.insert(args.begin(), {"--catalog", TestCatalogDir(), "roofline"});
  return test::RunCli(std::move(args));
}

}  // namespace

TEST_CASE("plan roofline --format json reports memory, prefill and decode", "[perf][cli]") {
  test::CliRun r =
      Roofline({"--model", "llama8b-shape", "--gpu", "test-gpu", "--engine", "test-engine",
                "--batch", "4", "--prompt", "512", "--context", "2048", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["quant"] == "bf16");  // the default
  CHECK(j["memory"]["weights_bytes_per_gpu"] == 16060522496.0);
  CHECK(j["memory"]["kv_bytes_per_token"] == 131072);
  CHECK(j["memory"]["kv_capacity_tokens"] == 443984);  // see memory_plan_test.cc
  CHECK(j["memory"]["fits"] == true);
  CHECK(j["prefill"]["bound"] == "compute");
  CHECK(j["prefill"]["tokens"] == 2048);
  CHECK(j["decode"]["bound"] == "memory");
  const double step_s = j["decode"]["step_time_s"];
  CHECK(j["decode"]["tokens_per_s"].get<double>() == 4 / step_s);
  REQUIRE(j["decode"]["kernels"].is_array());
  double sum_s = 0;
  for (const auto& k : j["decode"]["kernels"]) {
    for (const char* key : {"name", "flops", "bytes", "time_s", "bound"}) CHECK(k.contains(key));
    sum_s += k["time_s"].get<double>();
  }
  CHECK(sum_s == step_s);
  CHECK(j["prefill"]["kernels"][1]["name"] == "qkv_proj");
  CHECK(j["prefill"]["time_s"].get<double>() > 0);
}

TEST_CASE("plan roofline names the nearest id for an unknown one and exits 2", "[perf][cli]") {
  test::CliRun r =
      Roofline({"--model", "llama8b-shap", "--gpu", "test-gpu", "--engine", "test-engine"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown model 'llama8b-shap'; did you mean 'llama8b-shape'?\n");
  r = Roofline({"--model", "tiny-dense", "--gpu", "test-gpu", "--engine", "test-engin"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown engine 'test-engin'; did you mean 'test-engine'?\n");
}

TEST_CASE("plan roofline rejects a tp that does not divide the heads", "[perf][cli]") {
  test::CliRun r = Roofline(
      {"--model", "llama8b-shape", "--gpu", "test-gpu", "--engine", "test-engine", "--tp", "3"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tp=3 does not divide the 32 attention heads of model 'llama8b-shape'\n");
}

TEST_CASE("plan roofline reports a model that does not fit, and still exits 0", "[perf][cli]") {
  test::CliRun r =
      Roofline({"--model", "llama8b-shape", "--gpu", "small-gpu", "--engine", "test-engine"});
  CHECK(r.exit_code == 0);
  // short by 11,385,131,827.2 bytes = 10.60 GiB (see memory_plan_test.cc)
  CHECK(r.out.find("does not fit: needs 10.60 GiB more per GPU\n") != std::string::npos);
  CHECK(r.out.find("decode: 1 sequence at context 1024, one step:") != std::string::npos);
  test::CliRun j = Roofline({"--model", "llama8b-shape", "--gpu", "small-gpu", "--engine",
                             "test-engine", "--format", "json"});
  CHECK(j.exit_code == 0);
  CHECK(nlohmann::json::parse(j.out)["memory"]["fits"] == false);
}

}  // namespace plan
