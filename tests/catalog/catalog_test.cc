#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "testing/embedded_catalog.h"
#include "util/units.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// The rendered diagnostics of loading the embedded catalog overlaid by `overlay`.
std::string OverlayError(const std::vector<CatalogSource>& overlay) {
  Result<Catalog> catalog = LoadCatalog({EmbeddedCatalogSources(), overlay});
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.status().code() == StatusCode::kInvalidInput);
  return catalog.status().message();
}

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int month = std::stoi(s.substr(5, 2));
  int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// A complete, valid gpu entry whose fields the error tests break one at a time.
const char* kGoodGpu = R"([[gpu]]
id = "h100-nvl"
family = "hopper"
memory_gib = 87.5
memory_bandwidth_gb_per_s = 3900
source = "test"
checked = "2026-11-29"
[gpu.tflops]
bf16 = 835.5
)";

}  // namespace

TEST_CASE("The embedded catalog loads without errors", "[catalog]") {
  Result<Catalog> catalog = LoadCatalog({EmbeddedCatalogSources()});
  INFO((catalog.ok() ? "" : catalog.status().message()));
  CHECK(catalog.ok());
}

TEST_CASE("The embedded catalog has every entry plan relies on", "[catalog]") {
  const Catalog& c = EmbeddedCatalog();
  for (const char* id :
       {"a100-40gb", "a100-80gb", "h100-sxm", "h100-pcie", "h200", "b200", "l40s", "l4", "mi300x",
        "mi325x", "rtx-4090", "apple-m2-ultra", "apple-m3-max", "apple-m4-max", "xeon-6980p"}) {
    INFO("gpu " << id);
    CHECK(c.FindGpu(id) != nullptr);
  }
  for (const char* id : {"llama-2-7b",
                         "llama-2-13b",
                         "llama-2-70b",
                         "llama-3.1-8b-instruct",
                         "llama-3.1-70b-instruct",
                         "llama-3.1-405b-instruct",
                         "llama-3.2-1b-instruct",
                         "llama-3.2-3b-instruct",
                         "llama-3.3-70b-instruct",
                         "qwen2.5-7b-instruct",
                         "qwen2.5-72b-instruct",
                         "qwen3-8b",
                         "qwen3-32b",
                         "qwen3-30b-a3b",
                         "qwen3-235b-a22b",
                         "mistral-7b-instruct",
                         "mixtral-8x7b-instruct",
                         "mixtral-8x22b-instruct",
                         "deepseek-v3",
                         "deepseek-r1",
                         "gemma-2-9b",
                         "gemma-2-27b",
                         "gemma-3-12b",
                         "gemma-3-27b",
                         "phi-4",
                         "gpt-oss-20b",
                         "gpt-oss-120b"}) {
    INFO("model " << id);
    CHECK(c.FindModel(id) != nullptr);
  }
  for (const char* id : {"fp32", "bf16", "fp16", "fp8", "fp8-kv16", "int8", "int4-gptq", "int4-awq",
                         "fp4", "mxfp4", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "q4_0"}) {
    INFO("quant " << id);
    CHECK(c.FindQuant(id) != nullptr);
  }
  for (const char* id : {"vllm", "sglang", "tensorrt-llm", "tgi", "llama.cpp", "mlc-llm"}) {
    INFO("engine " << id);
    CHECK(c.FindEngine(id) != nullptr);
  }
  for (const char* id : {"us-east", "us-central", "us-west", "eu-west", "eu-central", "uk-south",
                         "ap-northeast", "ap-southeast", "ap-south", "au-east", "sa-east"}) {
    INFO("region " << id);
    CHECK(c.FindRegion(id) != nullptr);
  }
  CHECK(c.FindGpu("apple-m4-max")->kind == DeviceKind::kEdge);
  CHECK(c.FindGpu("rtx-4090")->kind == DeviceKind::kConsumer);  // a GeForce card
  CHECK(c.FindGpu("h100-sxm")->kind == DeviceKind::kDatacenter);
  CHECK(c.FindGpu("xeon-6980p")->kind == DeviceKind::kCpu);
}

TEST_CASE("Every embedded entry names its source and the date it was checked", "[catalog]") {
  const Catalog& c = EmbeddedCatalog();
  auto check = [](const std::string& what, const std::string& source, const std::string& checked) {
    INFO(what << ": source '" << source << "', checked '" << checked << "'");
    CHECK_FALSE(source.empty());
    CHECK(IsIsoDate(checked));
  };
  for (const GpuSpec& g : c.gpus()) {
    check("gpu " + g.id, g.source, g.checked);
    bool priced = g.price.on_demand_usd_per_hour > 0 || g.price.spot_usd_per_hour > 0 ||
                  g.price.reserved_1y_usd_per_hour > 0 || g.price.reserved_3y_usd_per_hour > 0;
    if (priced) {
      INFO("price of gpu " << g.id);
      CHECK_FALSE(g.price.seller.empty());
      CHECK_FALSE(g.price.source.empty());
    }
  }
  for (const ModelSpec& m : c.models()) check("model " + m.id, m.source, m.checked);
  for (const QuantProfile& q : c.quants()) check("quant " + q.id, q.source, q.checked);
  for (const EngineProfile& e : c.engines()) {
    check("engine " + e.id, e.source, e.checked);
    for (const Efficiency& eff : e.efficiency) {
      INFO("engine " << e.id << " efficiency " << eff.family);
      CHECK_FALSE(eff.evidence.empty());
    }
  }
  for (const Region& r : c.regions()) check("region " + r.id, r.source, r.checked);
  for (const RegionLink& l : c.links()) check("rtt " + l.from + " -> " + l.to, l.source, l.checked);
}

TEST_CASE("Embedded facts read back in SI units", "[catalog]") {
  const Catalog& c = EmbeddedCatalog();
  const GpuSpec& h100 = *c.FindGpu("h100-sxm");
  CHECK(h100.family == "hopper");
  CHECK(h100.memory_bytes == 79.65 * kBytesPerGiB);  // 81559 MiB as nvidia-smi reports it
  CHECK(h100.memory_bandwidth_bytes_per_s == 3350e9);
  CHECK(h100.peak_flops_per_s[static_cast<int>(Dtype::kBf16)] == 989.4 * kFlopsPerTflop);  // dense
  CHECK(h100.peak_flops_per_s[static_cast<int>(Dtype::kFp8)] == 1978.9 * kFlopsPerTflop);
  CHECK(h100.peak_flops_per_s[static_cast<int>(Dtype::kFp4)] == 0);  // no FP4 on Hopper
  CHECK(h100.link_bandwidth_bytes_per_s == 450e9);  // NVLink 4: 900 GB/s both ways / 2
  CHECK(h100.price.on_demand_usd_per_hour == 2.95);
  CHECK(h100.price.spot_usd_per_hour == 1.25);

  const ModelSpec& v3 = *c.FindModel("deepseek-v3");
  CHECK(v3.attention == AttentionKind::kMla);
  CHECK(v3.kv_lora_rank + v3.qk_rope_head_dim == 576);  // cached elements per layer per token
  CHECK(v3.moe_layers() == 58);                         // 61 layers - 3 dense
  CHECK(v3.published_params == 671e9);
  // Every 6th Gemma 3 layer is global: 62 - floor(62 / 6) = 52 sliding layers.
  CHECK(c.FindModel("gemma-3-27b")->sliding_layers() == 52);
  CHECK(c.FindModel("gpt-oss-120b")->sliding_layers() == 18);  // alternating: 36 / 2
  CHECK(c.FindModel("llama-3.1-8b-instruct")->sliding_layers() == 0);

  CHECK(c.FindQuant("q4_k_m")->weight_bits == 4.8944);
  CHECK(c.FindQuant("fp8")->kv_dtype == Dtype::kFp8);
  CHECK(c.FindQuant("fp8-kv16")->kv_dtype == Dtype::kBf16);
  CHECK(c.FindQuant("int4-awq")->weight_bits == 4.15625);  // 4 + 16/128 + 4/128

  const EngineProfile& vllm = *c.FindEngine("vllm");
  CHECK(vllm.EfficiencyFor("hopper").family == "hopper");
  CHECK(vllm.EfficiencyFor("apple-m").family == "default");  // no row of its own
  CHECK(vllm.kv_rule == KvRule::kProfiledPeak);
  CHECK(vllm.runtime_reserve_bytes == 0.6 * kBytesPerGiB);
  CHECK(vllm.VersionIds() == std::vector<std::string>{"0.7.0", "0.8.5", "0.9.0", "0.28.0"});
  CHECK(vllm.NewestVersion()->id == "0.28.0");
  CHECK(vllm.EfficiencyFor("hopper").basis == "fitted");
  CHECK(c.FindEngine("sglang")->kv_rule == KvRule::kStaticFraction);
  CHECK(c.FindEngine("tensorrt-llm")->kv_rule == KvRule::kFreeFraction);
  CHECK(c.FindGpu("h100-sxm")->gpus_per_node == 8);
  CHECK(c.FindGpu("h100-sxm")->interconnect.basis == "fitted");
  CHECK(c.FindGpu("l40s")->interconnect.custom_max_gpus == 2);
}

TEST_CASE("Every pair of embedded regions has a symmetric round trip", "[catalog]") {
  const Catalog& c = EmbeddedCatalog();
  CHECK(c.RttS("us-east", "eu-west") == 67 * 1e-3);
  CHECK(c.RttS("eu-west", "us-east") == 67 * 1e-3);
  CHECK(c.RttS("us-east", "us-east") == 0);
  CHECK(c.RttS("us-east", "mars-1") < 0);
  std::vector<std::string> ids = c.RegionIds();
  for (size_t i = 0; i < ids.size(); ++i) {
    for (size_t j = i + 1; j < ids.size(); ++j) {
      INFO(ids[i] << " <-> " << ids[j]);
      CHECK(c.RttS(ids[i], ids[j]) > 0);
    }
  }
}

TEST_CASE("An unknown key is reported at the key with the nearest known one", "[catalog]") {
  std::string text = kGoodGpu;
  text.insert(text.find("source"), "link_gb_per_sec = 300\n");
  CHECK(OverlayError({{"bad/gpus.toml", text}}) ==
        "bad/gpus.toml:6:1: unknown key 'link_gb_per_sec' in gpu 'h100-nvl'; did you mean "
        "'link_gb_per_s'?\n"
        "  link_gb_per_sec = 300\n"
        "  ^");
}

TEST_CASE("A value of the wrong type is reported once, at the value", "[catalog]") {
  std::string text = kGoodGpu;
  text.replace(text.find("87.5"), 4, "\"87.5\"");
  CHECK(OverlayError({{"bad/gpus.toml", text}}) ==
        "bad/gpus.toml:4:14: 'memory_gib' in gpu 'h100-nvl' must be a number, not string\n"
        "  memory_gib = \"87.5\"\n"
        "               ^");

  // A tflops that is not a table used to add a second, misleading "needs a peak" error.
  std::string tflops = R"([[gpu]]
id = "h100-nvl"
family = "hopper"
memory_gib = 87.5
memory_bandwidth_gb_per_s = 3900
source = "test"
checked = "2026-11-29"
tflops = 835.5
)";
  CHECK(OverlayError({{"bad/gpus.toml", tflops}}) ==
        "bad/gpus.toml:8:10: 'tflops' in gpu 'h100-nvl' must be a table, not float\n"
        "  tflops = 835.5\n"
        "           ^");
}

TEST_CASE("A negative bandwidth is out of range", "[catalog]") {
  std::string text = kGoodGpu;
  text.replace(text.find("3900"), 4, "-3900");
  CHECK(OverlayError({{"bad/gpus.toml", text}}) ==
        "bad/gpus.toml:5:29: 'memory_bandwidth_gb_per_s' in gpu 'h100-nvl' must be > 0, not -3900\n"
        "  memory_bandwidth_gb_per_s = -3900\n"
        "                              ^");
}

TEST_CASE("References to unknown families and regions suggest the nearest name", "[catalog]") {
  std::string engine = R"([[engine]]
id = "my-engine"
max_num_seqs = 64
max_batched_tokens = 4096
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

[[engine.efficiency]]
family = "hoper"
compute = 0.7
memory = 0.85
basis = "uncalibrated"
borrowed_from = "vllm/hopper"
error_pct = 50
evidence = "test"
)";
  std::string rtt = R"([[rtt]]
from = "eu-west"
to = "eu-wset"
ms = 10
source = "test"
checked = "2026-11-29"
)";
  CHECK(OverlayError({{"bad/engines.toml", engine}, {"bad/regions.toml", rtt}}) ==
        "bad/engines.toml:20:10: engine 'my-engine': unknown gpu family 'hoper'; did you mean "
        "'hopper'?\n"
        "  family = \"hoper\"\n"
        "           ^\n"
        "bad/regions.toml:3:6: rtt 'eu-west' -> 'eu-wset': unknown region 'eu-wset'; did you mean "
        "'eu-west'?\n"
        "  to = \"eu-wset\"\n"
        "       ^");
}

TEST_CASE("A duplicate id within one layer names the first definition", "[catalog]") {
  std::string text = std::string(kGoodGpu) + "\n" + kGoodGpu;
  CHECK(OverlayError({{"bad/gpus.toml", text}}) ==
        "bad/gpus.toml:11:1: duplicate gpu id 'h100-nvl' (first defined at bad/gpus.toml:1:1)\n"
        "  [[gpu]]\n"
        "  ^");
}

TEST_CASE("A TOML syntax error is reported with the parser's reason", "[catalog]") {
  std::string text = kGoodGpu;
  text.replace(text.find("87.5"), 4, "87.5 GiB");
  CHECK(OverlayError({{"bad/gpus.toml", text}}) ==
        "bad/gpus.toml:4:19: TOML syntax error: Error while parsing key-value pair: expected a "
        "comment "
        "or whitespace, saw 'G'\n"
        "  memory_gib = 87.5 GiB\n"
        "                    ^");
}

TEST_CASE("Every problem in a file is reported, not just the first", "[catalog]") {
  std::string text = R"([[gpu]]
id = "h100-nvl"
family = "hopper"
memory_gib = "87.5"
memory_bandwidth_gb_per_s = -3900
link_gb_per_sec = 300
checked = "2026-11-29"
[gpu.tflops]
bf16 = 835.5
bf61 = 1

[[quant]]
id = "w4a16"
weight_bits = 4.25
compute_dtype = "bf61"
source = "test"
checked = "2026-11-29"
)";
  CHECK(OverlayError({{"bad/gpus.toml", text}}) ==
        "bad/gpus.toml:4:14: 'memory_gib' in gpu 'h100-nvl' must be a number, not string\n"
        "  memory_gib = \"87.5\"\n"
        "               ^\n"
        "bad/gpus.toml:5:29: 'memory_bandwidth_gb_per_s' in gpu 'h100-nvl' must be > 0, not -3900\n"
        "  memory_bandwidth_gb_per_s = -3900\n"
        "                              ^\n"
        "bad/gpus.toml:1:1: gpu 'h100-nvl' is missing required key 'source'\n"
        "  [[gpu]]\n"
        "  ^\n"
        "bad/gpus.toml:10:1: unknown key 'bf61' in tflops of gpu 'h100-nvl'; did you mean 'bf16'?\n"
        "  bf61 = 1\n"
        "  ^\n"
        "bad/gpus.toml:6:1: unknown key 'link_gb_per_sec' in gpu 'h100-nvl'; did you mean "
        "'link_gb_per_s'?\n"
        "  link_gb_per_sec = 300\n"
        "  ^\n"
        "bad/gpus.toml:15:17: 'compute_dtype' in quant 'w4a16': unknown value 'bf61'; did you mean "
        "'bf16'?\n"
        "  compute_dtype = \"bf61\"\n"
        "                  ^\n"
        "bad/gpus.toml:12:1: quant 'w4a16' is missing required key 'kv_dtype'\n"
        "  [[quant]]\n"
        "  ^");
}

TEST_CASE("An overlay layer replaces entries with the same id and adds new ones", "[catalog]") {
  const Catalog& base = EmbeddedCatalog();
  std::string overlay = std::string(kGoodGpu) + R"(
[[gpu]]
id = "h100-sxm"
family = "hopper"
memory_gib = 79.65
memory_bandwidth_gb_per_s = 3350
source = "negotiated contract"
checked = "2026-11-29"
[gpu.tflops]
bf16 = 989.4
[gpu.price]
on_demand_usd_per_hour = 2.10
seller = "our cloud"
source = "contract"
)";
  Result<Catalog> layered = LoadCatalog({EmbeddedCatalogSources(), {{"mine/gpus.toml", overlay}}});
  INFO((layered.ok() ? "" : layered.status().message()));
  REQUIRE(layered.ok());
  const Catalog& c = *layered;

  REQUIRE(c.gpus().size() == base.gpus().size() + 1);
  std::vector<std::string> ids = c.GpuIds();
  CHECK(ids.back() == "h100-nvl");  // new ids are appended ...
  std::vector<std::string> base_ids = base.GpuIds();
  CHECK(std::vector<std::string>(ids.begin(), ids.end() - 1) ==
        base_ids);  // ... replaced ones keep their place

  const GpuSpec& h100 = *c.FindGpu("h100-sxm");
  CHECK(h100.price.on_demand_usd_per_hour == 2.10);
  CHECK(h100.price.spot_usd_per_hour == 0);  // the whole entry is replaced, not merged
  CHECK(h100.source == "negotiated contract");
  CHECK(h100.loc.ToString() == "mine/gpus.toml:11:1");
  CHECK(c.FindGpu("h100-nvl")->memory_bytes == 87.5 * kBytesPerGiB);
  CHECK(c.FindGpu("h200")->price.on_demand_usd_per_hour == 3.50);  // untouched entries stay
}

}  // namespace plan
