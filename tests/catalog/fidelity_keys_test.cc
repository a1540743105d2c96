// The catalog keys of issue 10: fidelity of every efficiency and interconnect, engine releases,
// and the keys they replaced.
#include <catch2/catch.hpp>
#include <string>

#include "catalog/catalog.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

std::string OverlayError(const std::string& text) {
  Result<Catalog> catalog = LoadCatalog({EmbeddedCatalogSources(), {{"o/engines.toml", text}}});
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.status().code() == StatusCode::kInvalidInput);
  return catalog.status().message();
}

const char* kEngineHead = R"([[engine]]
id = "e"
max_num_seqs = 64
max_batched_tokens = 4096
block_size_tokens = 16
gpu_memory_utilization = 0.9
source = "test"
checked = "2026-12-04"
)";

TEST_CASE("No efficiency row of the shipped catalog is a placeholder", "[catalog]") {
  const Catalog& c = test::EmbeddedCatalog();
  for (const EngineProfile& e : c.engines()) {
    for (const Efficiency& f : e.efficiency) {
      INFO(e.id << "/" << f.family);
      CHECK(f.evidence.find("PLACEHOLDER") == std::string::npos);
      CHECK(f.error_pct > 0);
      if (f.basis == "fitted") {
        CHECK(f.evidence_rows > 0);
        CHECK(f.error_worst >= 1);
      } else {
        CHECK(f.basis == "uncalibrated");
        CHECK_FALSE(f.borrowed_from.empty());
      }
    }
  }
  for (const GpuSpec& g : c.gpus())
    if (g.gpus_per_node > 1) {
      INFO(g.id);
      CHECK((g.interconnect.basis == "fitted" || !g.interconnect.borrowed_from.empty()));
      CHECK(g.interconnect.error_pct > 0);
    }
}

TEST_CASE("A fitted row must say what it was fitted to, an uncalibrated one what it borrows",
          "[catalog]") {
  CHECK(OverlayError(std::string(kEngineHead) + R"(
[[engine.efficiency]]
family = "default"
compute = 0.6
memory = 0.8
basis = "fitted"
error_pct = 10
evidence = "t"
)") == "o/engines.toml:10:1: engine 'e' efficiency for 'default' has basis = \"fitted\" and "
       "needs 'evidence_set'\n"
       "  [[engine.efficiency]]\n"
       "  ^\n"
       "o/engines.toml:10:1: engine 'e' efficiency for 'default' has basis = \"fitted\" and "
       "needs 'evidence_rows'\n"
       "  [[engine.efficiency]]\n"
       "  ^\n"
       "o/engines.toml:10:1: engine 'e' efficiency for 'default' has basis = \"fitted\" and "
       "needs 'error_rms_log'\n"
       "  [[engine.efficiency]]\n"
       "  ^\n"
       "o/engines.toml:10:1: engine 'e' efficiency for 'default' has basis = \"fitted\" and "
       "needs 'error_worst'\n"
       "  [[engine.efficiency]]\n"
       "  ^");
  CHECK(OverlayError(std::string(kEngineHead) + R"(
[[engine.efficiency]]
family = "default"
compute = 0.6
memory = 0.8
basis = "uncalibrated"
evidence = "t"
)") == "o/engines.toml:10:1: engine 'e' efficiency for 'default' has basis = \"uncalibrated\" "
       "and must name the pair it borrows ('borrowed_from')\n"
       "  [[engine.efficiency]]\n"
       "  ^\n"
       "o/engines.toml:10:1: engine 'e' efficiency for 'default' has basis = \"uncalibrated\" "
       "and needs a widened error_pct > 0\n"
       "  [[engine.efficiency]]\n"
       "  ^");
}

TEST_CASE("The keys issue 10 replaced are named with where their figures went", "[catalog]") {
  CHECK(OverlayError(std::string(kEngineHead) + R"(activation_reserve_gib = 2
[[engine.efficiency]]
family = "default"
compute = 0.6
memory = 0.8
link = 0.7
basis = "uncalibrated"
borrowed_from = "vllm/hopper"
error_pct = 50
evidence = "t"
)") == "o/engines.toml:9:26: 'activation_reserve_gib' in engine 'e' was replaced by the engine's "
       "own rule: kv_rule and runtime_reserve_gib; remove it\n"
       "  activation_reserve_gib = 2\n"
       "                           ^\n"
       "o/engines.toml:14:8: 'link' in engine 'e' efficiency for 'default' moved to the GPU: "
       "all-reduce figures are per interconnect now ([gpu.interconnect] in gpus.toml); remove it\n"
       "  link = 0.7\n"
       "         ^");
}

TEST_CASE("An engine release needs a limits rule, and releases compare by number", "[catalog]") {
  CHECK(OverlayError(std::string(kEngineHead) + R"(
[[engine.version]]
id = "1.0"
source = "t"
[[engine.efficiency]]
family = "default"
compute = 0.6
memory = 0.8
basis = "uncalibrated"
borrowed_from = "vllm/hopper"
error_pct = 50
evidence = "t"
)") == "o/engines.toml:10:1: engine 'e' version '1.0' needs at least one "
       "[[engine.version.limits]] rule\n"
       "  [[engine.version]]\n"
       "  ^");
  CHECK(CompareVersions("0.10.0", "0.9.0") > 0);
  CHECK(CompareVersions("0.9", "0.9.0") == 0);
  CHECK(CompareVersions("0.28.0", "0.9.1") > 0);
  CHECK(CompareVersions("1.0.0rc1", "1.0.0") != 0);
}

}  // namespace
}  // namespace plan
