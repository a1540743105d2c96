// catalog/evidence/serverless_gpu.toml: every per-second GPU price names its source and the date
// read, the cold-start figure says it is unpublished, and the worked serverless scenario's
// prices are the vendors' figures there.
#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include <string>

#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"
#include "util/files.h"

namespace plan {
namespace {

const std::string kRoot = PLAN_SOURCE_DIR;

toml::table Evidence() {
  Result<std::string> text = ReadFile(kRoot + "/catalog/evidence/serverless_gpu.toml");
  REQUIRE(text.ok());
  return toml::parse(*text);
}

// The per-second price of `vendor`'s H100 whose tier starts with `tier`; -1 if none.
double H100PerSecond(const std::string& vendor, const std::string& tier) {
  toml::table doc = Evidence();
  for (const toml::node& n : *doc["serverless_gpu"].as_array()) {
    const toml::table& e = *n.as_table();
    if (e["vendor"].value_or(std::string()) == vendor &&
        e["gpu"].value_or(std::string()) == "h100" &&
        e["tier"].value_or(std::string()).rfind(tier, 0) == 0)
      return e["usd_per_gpu_s"].value_or(-1.0);
  }
  return -1;
}

}  // namespace

TEST_CASE("every serverless GPU price is sourced and dated", "[scenario][serverless]") {
  toml::table doc = Evidence();
  const toml::array* entries = doc["serverless_gpu"].as_array();
  REQUIRE(entries);
  CHECK(entries->size() == 5);
  for (const toml::node& n : *entries) {
    const toml::table& e = *n.as_table();
    INFO(e["vendor"].value_or(std::string()) << ": " << e["tier"].value_or(std::string()));
    CHECK_FALSE(e["source"].value_or(std::string()).empty());
    CHECK(e["date_read"].value_or(std::string()).size() == 10);  // YYYY-MM-DD
    const double per_s = e["usd_per_gpu_s"].value_or(-1.0);
    CHECK(per_s > 0);
    CHECK(e["min_billed_s"].value_or(-1.0) == 0);
    // Where the page shows an hourly figure, it is the per-second one x 3600 to the cent.
    if (std::optional<double> per_h = e["usd_per_gpu_h"].value<double>())
      CHECK(per_s * 3600 == Approx(*per_h).margin(0.005));
  }
  // Read back exactly: Modal $0.001097/s, RunPod flex $0.00116/s and active $0.00093/s, Beam
  // $0.001222/s, Replicate $0.001525/s.
  CHECK(H100PerSecond("modal", "on demand") == 0.001097);
  CHECK(H100PerSecond("runpod", "flex") == 0.00116);
  CHECK(H100PerSecond("runpod", "active") == 0.00093);
  CHECK(H100PerSecond("beam", "on demand") == 0.001222);
  CHECK(H100PerSecond("replicate", "gpu-h100") == 0.001525);
}

TEST_CASE("the serverless cold start is marked unpublished with a wide band",
          "[scenario][serverless]") {
  toml::table doc = Evidence();
  const toml::array* cold = doc["cold_start"].as_array();
  REQUIRE(cold);
  REQUIRE(cold->size() == 1);
  const toml::table& e = *(*cold)[0].as_table();
  CHECK(e["published"].value_or(true) == false);
  const toml::array& band = *e["band_s"].as_array();
  CHECK(band[0].value_or(-1.0) == 0);
  CHECK(band[1].value_or(-1.0) == 76);  // 38 s assumed, +100%
  CHECK(e["source"].value_or(std::string()).rfind("unpublished", 0) == 0);
}

TEST_CASE("the worked serverless scenario's prices come from the evidence",
          "[scenario][serverless]") {
  Result<Scenario> s =
      LoadScenario(kRoot + "/scenarios/serverless-bursty.toml", test::EmbeddedCatalog());
  REQUIRE(s.ok());
  int serverless = 0;
  for (const CandidateSpec& c : s->candidates) {
    const ServerlessSpec& sv = c.self_hosted.serverless;
    if (!sv.enabled) continue;
    ++serverless;
    INFO(c.name);
    if (c.name == "modal-h100") CHECK(sv.usd_per_gpu_s == H100PerSecond("modal", "on demand"));
    if (c.name == "runpod-flex-h100") CHECK(sv.usd_per_gpu_s == H100PerSecond("runpod", "flex"));
    // The assumed cold start lies in the unpublished band: 10 s + 8.03 GB / 1 GB/s + 20 s.
    CHECK(sv.container_start_s + sv.warmup_s <= 76);
  }
  CHECK(serverless == 2);
}

}  // namespace plan
