// catalog/evidence/spot_interruptions.toml: every figure names its source and the date read,
// unpublished bands say so, and the worked scenario's rates come from a band there.
#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"
#include "util/files.h"

namespace plan {
namespace {

const std::string kRoot = PLAN_SOURCE_DIR;

toml::table Evidence() {
  Result<std::string> text = ReadFile(kRoot + "/catalog/evidence/spot_interruptions.toml");
  REQUIRE(text.ok());
  return toml::parse(*text);
}

TEST_CASE("every spot interruption figure is sourced and dated", "[scenario][spot]") {
  toml::table doc = Evidence();
  const toml::array* entries = doc["spot_interruption"].as_array();
  REQUIRE(entries);
  CHECK(entries->size() == 6);
  for (const toml::node& n : *entries) {
    const toml::table& e = *n.as_table();
    INFO(e["provider"].value_or(std::string()) << ": " << e["what"].value_or(std::string()));
    CHECK_FALSE(e["source"].value_or(std::string()).empty());
    CHECK(e["date_read"].value_or(std::string()).size() == 10);  // YYYY-MM-DD
    REQUIRE(e["published"].is_boolean());
    const toml::array* band = e["band_per_hour"].as_array();
    REQUIRE(band);
    REQUIRE(band->size() == 2);
    const double low = (*band)[0].value_or(-1.0), high = (*band)[1].value_or(-1.0);
    CHECK(low >= 0);
    CHECK(low <= high);
    CHECK(high <= kMaxInterruptionsPerHour);
    // An unpublished figure carries a band wider than any published one here.
    if (!e["published"].value_or(true)) CHECK(high - low >= 0.5);
    CHECK(e["notice_s"].value_or(-1.0) >= 0);
  }
}

bool InSomeBand(double rate) {
  toml::table doc = Evidence();
  for (const toml::node& n : *doc["spot_interruption"].as_array()) {
    const toml::array& band = *(*n.as_table())["band_per_hour"].as_array();
    if (rate >= band[0].value_or(-1.0) && rate <= band[1].value_or(-1.0)) return true;
  }
  return false;
}

TEST_CASE("the worked spot scenario's rates come from the evidence", "[scenario][spot]") {
  Result<Scenario> s = LoadScenario(kRoot + "/scenarios/spot-batch.toml", test::EmbeddedCatalog());
  REQUIRE(s.ok());
  int modelled = 0;
  for (const CandidateSpec& c : s->candidates) {
    const InterruptionSpec& in = c.self_hosted.interruptions;
    if (!in.enabled) continue;
    ++modelled;
    INFO(c.name);
    CHECK(InSomeBand(in.rate_per_hour));
  }
  CHECK(modelled == 2);
}

}  // namespace
}  // namespace plan
