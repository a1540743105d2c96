// Built-in OS models as offers (catalog/os_models.toml, issue 14): no round trip, no price, the
// vendor's context limit.
#include <catch2/catch.hpp>

#include <string>

#include "catalog/catalog.h"
#include "report/report.h"
#include "report/writers.h"
#include "run/evaluate_candidate.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

// One request a second, PROMPT prompt tokens and 100 output tokens each.
std::string ScenarioWith(int prompt, int requests) {
  return R"(name = "os-model"
seed = 7

[workload.generator]
arrival = "constant"
rate_per_s = 1
requests = )" +
         std::to_string(requests) +
         R"(
input_tokens = { dist = "fixed", value = )" +
         std::to_string(prompt) + R"( }
output_tokens = { dist = "fixed", value = 100 }

[[candidate]]
name = "apple"
kind = "api"
offer = "apple/foundation-model-on-device"
region = "eu-west"
)";
}

// The embedded catalog with Apple's model at its figures and no spread, so each request takes
// exactly the medians.
Result<Catalog> NoSpreadCatalog() {
  const std::string overlay = R"toml([[offer_profile]]
match = "apple/foundation-model-on-device"
ttft_sigma = 0
output_sigma = 0
output_tokens_per_s = 30
source = "test: no spread"
checked = "2026-12-05"
)toml";
  return LoadCatalog({EmbeddedCatalogSources(), {{"nospread.toml", overlay}}});
}

TEST_CASE("A built-in OS model is an offer with no price and no round trip", "[api][edge]") {
  const Catalog& catalog = test::EmbeddedCatalog();
  const ApiOffer* apple = catalog.FindOffer("apple/foundation-model-on-device");
  REQUIRE(apple);
  CHECK(apple->on_device);
  CHECK(apple->regions.empty());  // the "*" profile's us-east does not apply
  CHECK(apple->max_input_tokens == 4096);
  CHECK(apple->latency.ttft_per_input_token_s == 0.0006);
  CHECK(apple->latency.output_tokens_per_s == 30);
  CHECK(LatencyBasisName(apple->latency_basis) == std::string("assumed"));  // TTFT's fixed part
  const ApiOffer* nano = catalog.FindOffer("google/gemini-nano");
  REQUIRE(nano);
  CHECK(nano->on_device);
  CHECK(nano->max_input_tokens == 0);  // none published for Android

  Result<Scenario> s = ParseScenario(ScenarioWith(1000, 3), "test/os.toml", catalog);
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  const ApiSpec& api = s->candidates[0].api;
  CHECK(api.rtt_s == 0);  // eu-west is where the users are, not where the model runs
  CHECK(api.served_from.empty());
}

TEST_CASE("A built-in OS model's timeline: the prefill rate, the generation rate, the context cap",
          "[api][edge]") {
  Result<Catalog> catalog = NoSpreadCatalog();
  REQUIRE(catalog.ok());
  Result<Scenario> s = ParseScenario(ScenarioWith(1000, 3), "test/os.toml", *catalog);
  REQUIRE(s.ok());
  Result<CandidateRow> row = EvaluateCandidate(*s, s->candidates[0], *catalog);
  INFO((row.ok() ? "" : row.status().message()));
  REQUIRE(row.ok());
  // t=0, 1, 2 s: each request's first token 0.05 s + 1,000 x 0.6 ms = 0.65 s later (no round
  // trip), then 99 more tokens at 30 tokens/s: done 0.65 + 99/30 = 3.95 s after it arrived.
  CHECK(row->requests.completed == 3);
  CHECK(row->latency.ttft_s.max == Approx(0.65).epsilon(0.01));
  CHECK(row->latency.ttft_s.p50 == Approx(0.65).epsilon(0.01));
  CHECK(row->latency.tpot_s.p50 == Approx(1.0 / 30).epsilon(0.01));
  CHECK(row->latency.e2e_s.max == Approx(3.95).epsilon(0.01));
  CHECK(row->cost.total_usd == 0);
  bool said = false;
  for (const std::string& a : row->assumptions)
    said = said || a.find("no network round trip (the model runs on the users' devices)") !=
                       std::string::npos;
  CHECK(said);

  // 5,000 prompt tokens do not fit the 4,096-token window: every request fails.
  s = ParseScenario(ScenarioWith(5000, 3), "test/os.toml", *catalog);
  REQUIRE(s.ok());
  row = EvaluateCandidate(*s, s->candidates[0], *catalog);
  REQUIRE(row.ok());
  CHECK(row->requests.completed == 0);
  CHECK(row->requests.failed == 3);
}

TEST_CASE("An on-device offer names no region", "[api][edge]") {
  const std::string bad = R"toml([[offer]]
id = "acme/phone-model"
provider = "acme"
model = "m"
on_device = true
regions = ["us-east"]
cached_tokens = "openai"
source = "test"
checked = "2026-12-05"
[offer.price]
input_usd_per_mtok = 0
output_usd_per_mtok = 0
)toml";
  Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources(), {{"bad.toml", bad}}});
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() ==
        "bad.toml:6:11: offer 'acme/phone-model' runs on the users' devices (on_device = true), "
        "so it is served from no region\n"
        "  regions = [\"us-east\"]\n"
        "            ^");
}

TEST_CASE("Each tier of a hybrid reports what its own requests saw", "[api][edge][report]") {
  Result<Catalog> catalog = NoSpreadCatalog();
  REQUIRE(catalog.ok());
  // Prompts of 1,000 to 5,000 tokens; over 3,000 go to the cloud.
  const std::string text = R"(name = "tiers"
seed = 7

[workload.generator]
arrival = "constant"
rate_per_s = 1
requests = 200
input_tokens = { dist = "uniform", min = 1000, max = 5000 }
output_tokens = { dist = "fixed", value = 100 }

[[candidate]]
name = "apple"
kind = "api"
offer = "apple/foundation-model-on-device"

[[candidate]]
name = "cloud"
kind = "api"
offer = "openai/gpt-4.1-mini"

[[candidate]]
name = "apple-then-cloud"
kind = "hybrid"
mode = "classify"
cheap = "apple"
expensive = "cloud"
rule = { input_tokens_over = 3000 }
)";
  Result<Scenario> s = ParseScenario(text, "test/tiers.toml", *catalog);
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  Result<CandidateRow> row = EvaluateCandidate(*s, s->candidates[2], *catalog);
  INFO((row.ok() ? "" : row.status().message()));
  REQUIRE(row.ok());
  REQUIRE(row->tiers.size() >= 2);
  const CandidateRow::Tier& device = row->tiers[0];
  const CandidateRow::Tier& cloud = row->tiers[1];
  CHECK(device.name == "cheap (apple)");
  CHECK(device.requests + cloud.requests == 200);
  // On the device, with no spread: TTFT = 0.05 s + 0.6 ms x prompt, prompts of 1,000 to 3,000
  // tokens, so 0.65 s to 1.85 s; every token after the first 1/30 s.
  CHECK(device.ttft_p99_s <= 1.85 * 1.01);
  CHECK(device.ttft_p99_s >= 1.7);
  // The median prompt of ~100 draws from 1,000-3,000 tokens: within 300 of 2,000.
  CHECK(device.ttft_p50_s > 0.05 + 0.0006 * 1700);
  CHECK(device.ttft_p50_s < 0.05 + 0.0006 * 2300);
  CHECK(device.tpot_p50_s == Approx(1.0 / 30).epsilon(0.01));
  CHECK(device.tpot_p99_s == Approx(1.0 / 30).epsilon(0.01));
  // The cloud's own figures: a round trip-free lognormal TTFT and ~100+ tokens/s.
  CHECK(cloud.ttft_p99_s > 0);
  CHECK(cloud.tpot_p50_s < device.tpot_p50_s);
  CHECK(cloud.ttft_p50_s != device.ttft_p50_s);

  // The JSON carries them and reads them back.
  Report report;
  report.candidates.push_back(*row);
  const nlohmann::ordered_json j = ReportToJson(report);
  const auto& tj = j["candidates"][0]["tiers"][0];
  CHECK(tj["ttft_s"]["p99"].get<double>() == device.ttft_p99_s);
  CHECK(tj["tpot_s"]["p50"].get<double>() == device.tpot_p50_s);
  Result<Report> back = ReadReportJson(j.dump(), "r.json");
  INFO((back.ok() ? "" : back.status().message()));
  REQUIRE(back.ok());
  CHECK(back->candidates[0].tiers == row->tiers);
}

}  // namespace
}  // namespace plan
