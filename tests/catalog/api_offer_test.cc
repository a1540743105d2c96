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

// An [[offer]] of provider acme at $1/$2 per million tokens, with `latency` (an
// [offer.latency] table, or "") after its prices.
std::string AcmeOffer(const std::string& id, const std::string& latency = "") {
  return "[[offer]]\nid = \"" + id + "\"\nprovider = \"acme\"\nmodel = \"m\"\n" +
         "cached_tokens = \"openai\"\nsource = \"test\"\nchecked = \"2026-12-04\"\n" +
         "[offer.price]\ninput_usd_per_mtok = 1\noutput_usd_per_mtok = 2\n" + latency + "\n";
}

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
    CHECK(IsIsoDate(o.checked));
    CHECK(o.latency.output_tokens_per_s > 0);
    CHECK(o.latency.ttft_fixed_s > 0);
    CHECK_FALSE(o.latency.source.empty());
    if (o.on_device) {
      // A built-in OS model (catalog/os_models.toml): free, on the device, sourced by hand.
      CHECK(o.prices.input_usd_per_mtok == 0);
      CHECK(o.prices.output_usd_per_mtok == 0);
      CHECK(o.regions.empty());
      CHECK(o.source.find("https://") != std::string::npos);
      continue;
    }
    CHECK(o.source.find("LiteLLM") != std::string::npos);
    // A chat model sells output; an embedding model returns none.
    if (!o.embedding) CHECK(o.prices.output_usd_per_mtok > 0);
    CHECK(o.prices.input_usd_per_mtok > 0);
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
  // Published latency from its own profile: median(0.691, 0.95, 0.48 s) to first token and
  // median(105, 82, 53) tokens/s (catalog/evidence/api_latency.csv).
  CHECK(h.latency.ttft_fixed_s == 0.691);
  CHECK(h.latency.output_tokens_per_s == 82);
  CHECK(h.latency_basis == LatencyBasis::kPublished);
  CHECK(h.latency.source.rfind("TTFT 0.691 s (OpenRouter live p50", 0) == 0);
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
  CHECK(groq8b.latency.output_tokens_per_s == 751);  // its own profile
  CHECK(groq8b.latency.ttft_fixed_s == 0.191);       // its own profile
  CHECK(groq8b.latency.ttft_sigma == 0.5);           // "*"
  // Every source that contributed a figure, in the order of the figures, each once.
  CHECK(groq8b.latency.source.rfind("TTFT 0.337 s (OpenRouter live p50", 0) == 0);
  CHECK(groq8b.latency.source.find("; assumed defaults: ") != std::string::npos);
  CHECK(groq8b.latency.source.find("; TTFT 0.337 s") == std::string::npos);
  // A prefix beats "*": both DeepInfra 8B deployments take their TTFT from
  // "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct*", and their speed from "*".
  for (const char* id : {"deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
                         "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"}) {
    INFO("offer " << id);
    const ApiOffer& o = *c.FindOffer(id);
    CHECK(o.latency.ttft_fixed_s == 0.435);
    CHECK(o.latency.output_tokens_per_s == 100);
  }
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

TEST_CASE("latency_basis takes three values, and only beside latency figures", "[providers]") {
  std::string text = R"([[offer_profile]]
match = "acme/*"
ttft_fixed_s = 0.3
latency_basis = "publishd"
source = "test"
checked = "2026-12-04"

[[offer_profile]]
match = "acme/fast-*"
regions = ["us-west"]
latency_basis = "published"
source = "test"
checked = "2026-12-04"
)";
  CHECK(LoadError({EmbeddedCatalogSources(), {{"bad/profiles.toml", text}}}) ==
        "bad/profiles.toml:4:17: 'latency_basis' in offer_profile 'acme/*' must be "
        "\"published\", \"calibrated\" or \"assumed\", not \"publishd\" (did you mean "
        "\"published\"?)\n"
        "  latency_basis = \"publishd\"\n"
        "                  ^\n"
        "bad/profiles.toml:11:17: 'latency_basis' in offer_profile 'acme/fast-*' qualifies "
        "latency figures, but it sets none\n"
        "  latency_basis = \"published\"\n"
        "                  ^");
}

TEST_CASE("An offer is published only when its TTFT and its output speed both are", "[providers]") {
  // Three offers under one published prefix profile; one gets an assumed speed of its own
  // profile, one a TTFT of its own [offer.latency] (published), and one an [offer.latency]
  // speed with no basis given (assumed).
  const auto offer = AcmeOffer;
  std::string offers =
      offer("acme/a", "") + offer("acme/b", "") +
      offer("acme/c",
            "[offer.latency]\nttft_fixed_s = 0.2\nlatency_basis = "
            "\"published\"\nsource = \"c's own\"\n") +
      offer("acme/d", "[offer.latency]\noutput_tokens_per_s = 50\nsource = \"d\"\n");
  std::string profiles = R"([[offer_profile]]
match = "acme/*"
ttft_fixed_s = 0.3
output_tokens_per_s = 120
latency_basis = "published"
source = "acme's"
checked = "2026-12-04"

[[offer_profile]]
match = "acme/b"
output_tokens_per_s = 90
source = "b's guess"
checked = "2026-12-04"
)";
  Result<Catalog> c = LoadCatalog(
      {EmbeddedCatalogSources(), {{"mine/offers.toml", offers}, {"mine/profiles.toml", profiles}}});
  INFO((c.ok() ? "" : c.status().message()));
  REQUIRE(c.ok());
  struct Want {
    const char* id;
    double ttft_s, tokens_per_s;
    LatencyBasis basis;
  } wants[] = {
      {"acme/a", 0.3, 120, LatencyBasis::kPublished},  // both from "acme/*"
      {"acme/b", 0.3, 90, LatencyBasis::kAssumed},     // its speed from an assumed profile
      {"acme/c", 0.2, 120, LatencyBasis::kPublished},  // its own published TTFT + "acme/*"
      {"acme/d", 0.3, 50, LatencyBasis::kAssumed},     // its own speed, basis not given
  };
  for (const Want& w : wants) {
    INFO("offer " << w.id);
    const ApiOffer& o = *c->FindOffer(w.id);
    CHECK(o.latency.ttft_fixed_s == w.ttft_s);
    CHECK(o.latency.output_tokens_per_s == w.tokens_per_s);
    CHECK(o.latency_basis == w.basis);
    CHECK(LatencyBasisName(o.latency_basis) ==
          std::string(w.basis == LatencyBasis::kPublished ? "published" : "assumed"));
  }
  // The "*" default is assumed, and so is an offer that runs on it alone.
  const ApiOffer& rep = *c->FindOffer("replicate/meta/llama-3-8b-instruct");
  CHECK(rep.latency_basis == LatencyBasis::kAssumed);
  CHECK(rep.latency.ttft_fixed_s == 0.5);
}

TEST_CASE("A calibrated profile carries its own band, other figures their basis band",
          "[providers]") {
  const auto offer = [](const std::string& id) { return AcmeOffer(id); };
  // acme/a: both figures calibrated (12% and 20%); acme/b: a calibrated TTFT and the
  // published speed of acme/* (published overall: both are measurements).
  std::string profiles = R"([[offer_profile]]
match = "acme/*"
ttft_fixed_s = 0.3
output_tokens_per_s = 120
latency_basis = "published"
source = "acme's"
checked = "2026-12-04"

[[offer_profile]]
match = "acme/a"
ttft_fixed_s = 0.25
output_tokens_per_s = 90
latency_basis = "calibrated"
ttft_error_pct = 12
output_speed_error_pct = 20
source = "plan calibrate"
checked = "2026-12-04"

[[offer_profile]]
match = "acme/b"
ttft_fixed_s = 0.2
latency_basis = "calibrated"
ttft_error_pct = 7
output_speed_error_pct = 9
source = "plan calibrate"
checked = "2026-12-04"
)";
  Result<Catalog> c = LoadCatalog(
      {EmbeddedCatalogSources(), {{"acme.toml", offer("acme/a") + offer("acme/b") + profiles}}});
  INFO((c.ok() ? "" : c.status().message()));
  REQUIRE(c.ok());
  const ApiOffer* a = c->FindOffer("acme/a");
  CHECK(a->latency_basis == LatencyBasis::kCalibrated);
  CHECK(a->ttft_error_pct == 12);
  CHECK(a->output_speed_error_pct == 20);
  const ApiOffer* b = c->FindOffer("acme/b");
  CHECK(b->latency_basis == LatencyBasis::kPublished);
  CHECK(b->ttft_error_pct == 7);
  CHECK(b->output_speed_error_pct == 65);  // the published band (offer_profiles.toml)
  CHECK(std::string(LatencyBasisName(a->latency_basis)) == "calibrated");

  // The band keys belong to calibrated figures only, and calibrated figures need both.
  std::string bad = R"([[offer_profile]]
match = "acme/*"
ttft_fixed_s = 0.3
latency_basis = "published"
ttft_error_pct = 10
source = "t"
checked = "2026-12-04"

[[offer_profile]]
match = "acme/a"
ttft_fixed_s = 0.3
latency_basis = "calibrated"
ttft_error_pct = 0
source = "t"
checked = "2026-12-04"
)";
  CHECK(LoadError({EmbeddedCatalogSources(), {{"bad.toml", bad}}}) ==
        "bad.toml:5:18: 'ttft_error_pct' in offer_profile 'acme/*' belongs to calibrated figures "
        "(latency_basis = \"calibrated\"); other figures take their basis's [[latency_error]] "
        "band\n"
        "  ttft_error_pct = 10\n"
        "                   ^\n"
        "bad.toml:13:18: 'ttft_error_pct' in offer_profile 'acme/a' must be > 0, not 0\n"
        "  ttft_error_pct = 0\n"
        "                   ^\n"
        "bad.toml:9:1: offer_profile 'acme/a' is missing required key 'output_speed_error_pct'\n"
        "  [[offer_profile]]\n"
        "  ^");
}

}  // namespace plan
