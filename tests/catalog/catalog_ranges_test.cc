// Every number in a catalog entry has a range (util/input_limits.h), checked before anything
// uses it: no value wraps when narrowed, divides by zero, or overflows a product.
#include <catch2/catch.hpp>

#include <string>

#include "catalog/catalog.h"

namespace plan {
namespace {

const char* kGoodModel = R"([[model]]
id = "m"
params_b = 6.738
layers = 32
hidden = 4096
heads = 32
kv_heads = 32
head_dim = 128
intermediate = 11008
vocab = 32000
context_tokens = 4096
source = "test"
checked = "2026-11-29"
)";

const char* kGoodGpu = R"([[gpu]]
id = "g"
family = "hopper"
memory_gib = 80
memory_bandwidth_gb_per_s = 3350
source = "test"
checked = "2026-11-29"
[gpu.tflops]
bf16 = 989
[gpu.price]
on_demand_usd_per_hour = 2.5
source = "test"
)";

const char* kGoodEngine = R"([[engine]]
id = "e"
max_num_seqs = 256
max_batched_tokens = 8192
block_size_tokens = 16
gpu_memory_utilization = 0.9
source = "test"
checked = "2026-11-29"
[[engine.efficiency]]
family = "default"
compute = 0.6
memory = 0.8
basis = "uncalibrated"
borrowed_from = "vllm/hopper"
error_pct = 50
evidence = "test"
)";

// `entry` with the line starting "key =" replaced by `line`.
std::string With(std::string entry, const std::string& key, const std::string& line) {
  size_t at = entry.find("\n" + key + " =");
  REQUIRE(at != std::string::npos);
  size_t end = entry.find('\n', at + 1);
  return entry.replace(at + 1, end - at - 1, line);
}

// The first line of the error of loading `text` as the only catalog layer.
std::string FirstError(const std::string& text) {
  Result<Catalog> c = LoadCatalog({{{"c.toml", text}}});
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kInvalidInput);
  const std::string& m = c.status().message();
  return m.substr(0, m.find('\n'));
}

}  // namespace

TEST_CASE("The good entries of these tests load", "[catalog]") {
  Result<Catalog> c = LoadCatalog({{{"c.toml", std::string(kGoodModel) + kGoodGpu + kGoodEngine}}});
  INFO((c.ok() ? "" : c.status().message()));
  CHECK(c.ok());
}

TEST_CASE("A model that wrapped to INT_MIN / -1 is out of range, with every error", "[catalog]") {
  // hidden = 2^31 and heads = 2^32 - 1 were narrowed to int and divided: SIGFPE.
  std::string text =
      With(With(kGoodModel, "hidden", "hidden = 2147483648"), "heads", "heads = 4294967295");
  Result<Catalog> c = LoadCatalog({{{"m.toml", text}}});
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() ==
        "m.toml:5:10: 'hidden' in model 'm' must be <= 1048576, not 2147483648\n"
        "  hidden = 2147483648\n"
        "           ^\n"
        "m.toml:6:9: 'heads' in model 'm' must be <= 65536, not 4294967295\n"
        "  heads = 4294967295\n"
        "          ^");
}

TEST_CASE("Every model count has a range", "[catalog]") {
  auto error = [](const char* key, const std::string& line) {
    return FirstError(With(kGoodModel, key, line));
  };
  CHECK(error("layers", "layers = 0") == "c.toml:4:10: 'layers' in model 'm' must be >= 1, not 0");
  CHECK(error("layers", "layers = 10001") ==
        "c.toml:4:10: 'layers' in model 'm' must be <= 10000, not 10001");
  CHECK(error("kv_heads", "kv_heads = -8") ==
        "c.toml:7:12: 'kv_heads' in model 'm' must be >= 1, not -8");
  CHECK(error("head_dim", "head_dim = 9223372036854775807") ==
        "c.toml:8:12: 'head_dim' in model 'm' must be <= 65536, not 9223372036854775807");
  CHECK(error("intermediate", "intermediate = 16777217") ==
        "c.toml:9:16: 'intermediate' in model 'm' must be <= 16777216, not 16777217");
  CHECK(error("vocab", "vocab = 4294967296") ==
        "c.toml:10:9: 'vocab' in model 'm' must be <= 16777216, not 4294967296");
  CHECK(error("context_tokens", "context_tokens = 1073741825") ==
        "c.toml:11:18: 'context_tokens' in model 'm' must be <= 1073741824, not 1073741825");
  CHECK(error("params_b", "params_b = 1e6") ==
        "c.toml:3:12: 'params_b' in model 'm' must be <= 100000, not 1000000");
  CHECK(error("params_b", "params_b = nan") ==
        "c.toml:3:12: 'params_b' in model 'm' must be a finite number");
  CHECK(error("params_b", "params_b = -0.0") ==
        "c.toml:3:12: 'params_b' in model 'm' must be > 0, not -0");
  CHECK(FirstError(std::string(kGoodModel) + "experts = 65537\n") ==
        "c.toml:14:11: 'experts' in model 'm' must be <= 65536, not 65537");
}

TEST_CASE("Every gpu figure has a range", "[catalog]") {
  auto error = [](const char* key, const std::string& line) {
    return FirstError(With(kGoodGpu, key, line));
  };
  CHECK(error("memory_gib", "memory_gib = 1e300") ==
        "c.toml:4:14: 'memory_gib' in gpu 'g' must be <= 1048576, not 1e+300");
  CHECK(error("memory_gib", "memory_gib = inf") ==
        "c.toml:4:14: 'memory_gib' in gpu 'g' must be a finite number");
  CHECK(error("memory_bandwidth_gb_per_s", "memory_bandwidth_gb_per_s = 0") ==
        "c.toml:5:29: 'memory_bandwidth_gb_per_s' in gpu 'g' must be > 0, not 0");
  CHECK(error("bf16", "bf16 = 1e8") ==
        "c.toml:9:8: 'bf16' in tflops of gpu 'g' must be <= 10000000, not 100000000");
  CHECK(error("on_demand_usd_per_hour", "on_demand_usd_per_hour = 1e7") ==
        "c.toml:11:26: 'on_demand_usd_per_hour' in price of gpu 'g' must be <= 1000000, not "
        "10000000");  // A phone's throttled share of peak speed: above 0, at most 1.
  CHECK(error("memory_bandwidth_gb_per_s",
              "memory_bandwidth_gb_per_s = 60\nsustained_fraction = 0") ==
        "c.toml:6:22: 'sustained_fraction' in gpu 'g' must be > 0, not 0");
  CHECK(error("memory_bandwidth_gb_per_s",
              "memory_bandwidth_gb_per_s = 60\nsustained_fraction = 1.2") ==
        "c.toml:6:22: 'sustained_fraction' in gpu 'g' must be <= 1, not 1.2");
}

TEST_CASE("Every engine figure has a range", "[catalog]") {
  auto error = [](const char* key, const std::string& line) {
    return FirstError(With(kGoodEngine, key, line));
  };
  // max_num_seqs = 2^31 wrapped to a negative int32 and aborted with length_error.
  CHECK(error("max_num_seqs", "max_num_seqs = 2147483648") ==
        "c.toml:3:16: 'max_num_seqs' in engine 'e' must be <= 65536, not 2147483648");
  CHECK(error("block_size_tokens", "block_size_tokens = 0") ==
        "c.toml:5:21: 'block_size_tokens' in engine 'e' must be >= 1, not 0");
  CHECK(error("gpu_memory_utilization", "gpu_memory_utilization = 1.5") ==
        "c.toml:6:26: 'gpu_memory_utilization' in engine 'e' must be <= 1, not 1.5");
  CHECK(error("compute", "compute = 2") ==
        "c.toml:11:11: 'compute' in engine 'e' efficiency for 'default' must be <= 1, not 2");
}

TEST_CASE("An efficiency's error band has a range", "[catalog]") {
  auto error = [](const char* key, const std::string& line) {
    return FirstError(std::string(kGoodModel) + kGoodGpu + With(kGoodEngine, key, line));
  };
  CHECK(error("error_pct", "error_pct = -1") ==
        "c.toml:40:13: 'error_pct' in engine 'e' efficiency for 'default' must be >= 0, not -1");
  CHECK(error("error_pct", "error_pct = 1e9") ==
        "c.toml:40:13: 'error_pct' in engine 'e' efficiency for 'default' must be <= 1000000, "
        "not 1000000000");
}

}  // namespace plan
