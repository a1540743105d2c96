#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

std::string LoadError(const std::vector<std::vector<CatalogSource>>& layers) {
  Result<Catalog> catalog = LoadCatalog(layers);
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.status().code() == StatusCode::kInvalidInput);
  return catalog.status().message();
}

bool IsIsoDate(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

// A complete offer with every latency figure of its own.
const char* kOffer = R"([[offer]]
id = "acme/fast-1"
provider = "acme"
model = "fast-1"
cached_tokens = "openai"
source = "test"
checked = "2026-11-29"
[offer.price]
input_usd_per_mtok = 1
output_usd_per_mtok = 2
[offer.latency]
ttft_fixed_s = 0.3
ttft_per_input_token_s = 0.0001
ttft_sigma = 0.4
output_tokens_per_s = 120
output_sigma = 0.2
source = "measured"
)";

}  // namespace

TEST_CASE("The embedded catalog has offers from every provider the issue names", "[providers]") {
  const Catalog& c = EmbeddedCatalog();
  std::set<std::string> providers;
  for (const ApiOffer& o : c.offers()) providers.insert(o.provider);
  for (const char* p :
       {"anthropic", "openai", "gemini", "vertex", "bedrock", "azure", "together", "fireworks",
        "deepinfra", "replicate", "groq", "cerebras", "sambanova", "openrouter"}) {
    INFO("provider " << p);
    CHECK(providers.count(p) == 1);
  }
  CHECK(c.offers().size() >= 60);
  CHECK(c.offers().size() <= 120);
  for (const char* id :
       {"anthropic/claude-haiku-4-5", "openai/gpt-4.1-mini", "groq/llama-3.1-8b-instant",
        "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"}) {
    INFO("offer " << id);
    CHECK(c.FindOffer(id) != nullptr);
  }
}

TEST_CASE("Every embedded offer is sourced, dated, complete and served somewhere", "[providers]") {
  const Catalog& c = EmbeddedCatalog();
  for (const ApiOffer& o : c.offers()) {
    INFO("offer " << o.id);
    CHECK(o.id.rfind(o.provider + "/", 0) == 0);
    CHECK(o.source.find("LiteLLM") != std::string::npos);
    CHECK(IsIsoDate(o.checked));
    CHECK(o.prices.output_usd_per_mtok > 0);
    CHECK(o.latency.output_tokens_per_s > 0);
    CHECK(o.latency.ttft_fixed_s > 0);
    CHECK_FALSE(o.latency.source.empty());
    CHECK_FALSE(o.regions.empty());
    for (const std::string& r : o.regions) CHECK(c.FindRegion(r) != nullptr);
  }
  for (const OfferProfile& p : c.offer_profiles()) {
    INFO("offer_profile " << p.id);
    CHECK_FALSE(p.source.empty());
    CHECK(IsIsoDate(p.checked));
  }
}

TEST_CASE("Claude Haiku 4.5 reads back as LiteLLM lists it, with profile latency", "[providers]") {
  const Catalog& c = EmbeddedCatalog();
  const ApiOffer& h = *c.FindOffer("anthropic/claude-haiku-4-5");
  CHECK(h.provider == "anthropic");
  CHECK(h.model == "claude-haiku-4-5");
  CHECK(h.cached_tokens == CachedTokenConvention::kAnthropic);
  CHECK(h.prices.input_usd_per_mtok == 1);  // 1e-06 $/token
  CHECK(h.prices.output_usd_per_mtok == 5);
  CHECK(h.prices.cached_read_usd_per_mtok == 0.1);
  CHECK(h.prices.cached_write_usd_per_mtok == 1.25);
  CHECK(h.max_input_tokens == 200000);
  CHECK(h.max_output_tokens == 64000);
  CHECK(h.cache_min_tokens == 4096);
  CHECK(h.checked == "2026-07-24");  // LiteLLM's last_updated
  // No batch price in LiteLLM; Anthropic's documented 50% comes from an offer profile.
  CHECK(h.batch_input_usd_per_mtok == 0.5);
  CHECK(h.batch_output_usd_per_mtok == 2.5);
  // No published latency for it: the "*" default, marked as assumed.
  CHECK(h.latency.ttft_fixed_s == 0.5);
  CHECK(h.latency.output_tokens_per_s == 100);
  CHECK(h.latency.source.find("assumed") != std::string::npos);
  CHECK(h.regions == std::vector<std::string>{"us-east"});

  const ApiOffer& mini = *c.FindOffer("openai/gpt-4.1-mini");
  CHECK(mini.cached_tokens == CachedTokenConvention::kOpenAi);
  CHECK(mini.batch_input_usd_per_mtok == 0.2);
  CHECK(mini.batch_output_usd_per_mtok == 0.8);

  const ApiOffer& pro = *c.FindOffer("gemini/gemini-2.5-pro");
  CHECK(pro.long_context.above_tokens == 200000);
  CHECK(pro.long_context.prices.input_usd_per_mtok == 2.5);
  CHECK(pro.long_context.prices.output_usd_per_mtok == 15);
}

TEST_CASE("Offer profiles: the most specific one sets each figure", "[providers]") {
  const Catalog& c = EmbeddedCatalog();
  const ApiOffer& groq8b = *c.FindOffer("groq/llama-3.1-8b-instant");
  CHECK(groq8b.latency.output_tokens_per_s == 780);  // its own profile
  CHECK(groq8b.latency.ttft_fixed_s == 0.25);        // "groq/*"
  CHECK(groq8b.latency.ttft_sigma == 0.5);           // "*"
  // Every source that contributed a figure, in the order of the figures.
  CHECK(groq8b.latency.source.rfind("Groq TTFT ~250 ms", 0) == 0);
  CHECK(groq8b.latency.source.find("; assumed defaults: ") != std::string::npos);
  CHECK(groq8b.latency.source.find("; Groq Llama 3.1 8B 780 output tokens/s") != std::string::npos);
  // The offer's own [offer.latency] beats every profile; regions fall back to "*".
  Result<Catalog> c2 = LoadCatalog({EmbeddedCatalogSources(), {{"mine/offers.toml", kOffer}}});
  INFO((c2.ok() ? "" : c2.status().message()));
  REQUIRE(c2.ok());
  const ApiOffer& acme = *c2->FindOffer("acme/fast-1");
  CHECK(acme.latency.ttft_fixed_s == 0.3);
  CHECK(acme.latency.output_tokens_per_s == 120);
  CHECK(acme.latency.source == "measured");
  CHECK(acme.regions == std::vector<std::string>{"us-east"});
}

TEST_CASE("An overlay offer replaces the embedded one whole", "[providers]") {
  std::string text = kOffer;
  text.replace(text.find("acme/fast-1"), 11, "groq/llama-3.1-8b-instant");
  text.replace(text.find("provider = \"acme\""), 17, "provider = \"groq\"");
  Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources(), {{"mine/offers.toml", text}}});
  INFO((c.ok() ? "" : c.status().message()));
  REQUIRE(c.ok());
  const ApiOffer& o = *c->FindOffer("groq/llama-3.1-8b-instant");
  CHECK(o.prices.input_usd_per_mtok == 1);
  CHECK(o.latency.output_tokens_per_s == 120);
  CHECK(o.loc.ToString() == "mine/offers.toml:1:1");
}

TEST_CASE("A bad offer entry reports every problem at its key", "[providers]") {
  std::string text = R"([[offer]]
id = "acme/fast-1"
provider = "acne"
model = "fast-1"
cached_tokens = "antropic"
source = "test"
checked = "2026-11-29"
[offer.price]
input_usd_per_mtok = 1
batch_input_usd_per_mtok = 0.5
)";
  CHECK(
      LoadError({EmbeddedCatalogSources(), {{"bad/offers.toml", text}}}) ==
      "bad/offers.toml:2:6: 'id' of offer 'acme/fast-1' must start with its provider: 'acne/...'\n"
      "  id = \"acme/fast-1\"\n"
      "       ^\n"
      "bad/offers.toml:5:17: 'cached_tokens' in offer 'acme/fast-1': unknown value 'antropic'; did "
      "you mean 'anthropic'?\n"
      "  cached_tokens = \"antropic\"\n"
      "                  ^\n"
      "bad/offers.toml:8:1: price of offer 'acme/fast-1' is missing required key "
      "'output_usd_per_mtok'\n"
      "  [offer.price]\n"
      "  ^\n"
      "bad/offers.toml:10:28: price of offer 'acme/fast-1' needs both batch_input_usd_per_mtok and "
      "batch_output_usd_per_mtok\n"
      "  batch_input_usd_per_mtok = 0.5\n"
      "                             ^");
}

TEST_CASE("Unknown regions and missing latency figures are reported after every layer",
          "[providers]") {
  std::string regions = kOffer;
  regions.insert(regions.find("source"), "regions = [\"us-east\", \"eu-wset\"]\n");
  CHECK(LoadError({EmbeddedCatalogSources(), {{"bad/offers.toml", regions}}}) ==
        "bad/offers.toml:6:23: offer 'acme/fast-1': unknown region 'eu-wset'; did you mean "
        "'eu-west'?\n"
        "  regions = [\"us-east\", \"eu-wset\"]\n"
        "                        ^");
  // Alone (no "*" profile to fall back on), an offer needs every latency figure of its own.
  std::string latency = kOffer;
  latency.erase(latency.find("output_sigma"), std::string("output_sigma = 0.2\n").size());
  CHECK(LoadError({{{"bad/offers.toml", latency}}}) ==
        "bad/offers.toml:1:1: offer 'acme/fast-1' has no latency figure 'output_sigma': set it in "
        "[offer.latency] or in an [[offer_profile]] that matches\n"
        "  [[offer]]\n"
        "  ^");
}

}  // namespace plan
