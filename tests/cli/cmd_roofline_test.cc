#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../perf/perf_fixture.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

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

TEST_CASE("plan roofline reports a model that does not fit, and exits 2", "[perf][cli]") {
  // Exit 0 until issue 12: a deployment that cannot hold its weights cannot run, so the status
  // says so while the figures still say by how much.
  const std::string message =
      "plan roofline: model llama8b-shape (bf16) does not fit on 1 x small-gpu (tp=1 pp=1): "
      "needs 10.60 GiB more per GPU; try a larger --tp or --pp, a smaller --quant, or a GPU with "
      "more memory\n";
  test::CliRun r =
      Roofline({"--model", "llama8b-shape", "--gpu", "small-gpu", "--engine", "test-engine"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == message);
  // short by 11,385,131,827.2 bytes = 10.60 GiB (see memory_plan_test.cc)
  CHECK(r.out.find("does not fit: needs 10.60 GiB more per GPU\n") != std::string::npos);
  CHECK(r.out.find("decode: 1 sequence at context 1024, one step:") != std::string::npos);
  test::CliRun j = Roofline({"--model", "llama8b-shape", "--gpu", "small-gpu", "--engine",
                             "test-engine", "--format", "json"});
  CHECK(j.exit_code == 2);
  CHECK(j.err == message);
  CHECK(nlohmann::json::parse(j.out)["memory"]["fits"] == false);
}

TEST_CASE("plan roofline has -f and -o like every command", "[perf][cli]") {
  test::ScratchDir dir;
  const std::vector<std::string> d = {"--model",  "llama8b-shape", "--gpu",
                                      "test-gpu", "--engine",      "test-engine"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = d;
    args.insert(args.end(), more.begin(), more.end());
    return Roofline(args);
  };
  const test::CliRun json = with({"-f", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK(json.out == with({"--format", "json"}).out);
  const test::CliRun table = with({});
  // -o FILE.json picks json; -f table overrides the extension; .txt is table.
  const std::string path = dir.File("r.json");
  const test::CliRun written = with({"-o", path});
  CHECK(written.exit_code == 0);
  CHECK(written.out.empty());
  CHECK(*ReadFile(path) == json.out);
  REQUIRE(with({"-f", "table", "-o", path}).exit_code == 0);
  CHECK(*ReadFile(path) == table.out);
  REQUIRE(with({"-o", dir.File("r.txt")}).exit_code == 0);
  CHECK(*ReadFile(dir.File("r.txt")) == table.out);
  // Formats it does not write.
  const test::CliRun csv = with({"-o", dir.File("r.csv")});
  CHECK(csv.exit_code == 2);
  CHECK(csv.err == "plan roofline writes table or json, not csv (from -o " + dir.File("r.csv") +
                       "); add -f\n");
  const test::CliRun md = with({"-f", "md"});
  CHECK(md.exit_code == 2);
  CHECK(md.err == "plan roofline writes table or json, not md\n");
}

}  // namespace plan
