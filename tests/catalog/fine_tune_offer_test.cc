// Hosted fine-tune offers: OpenAI's tuned models imported from LiteLLM's ft: keys, and the
// fine_tuned / base / training_usd_per_mtok keys of an [[offer]].
#include <catch2/catch.hpp>

#include <string>

#include "catalog/catalog.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// An acme offer whose keys before [offer.price] are `head` and within it `price`.
std::string Offer(const std::string& head, const std::string& price) {
  return "[[offer]]\nid = \"acme/ft-1\"\nprovider = \"acme\"\nmodel = \"ft-1\"\n" + head +
         "cached_tokens = \"openai\"\nsource = \"test\"\nchecked = \"2026-12-05\"\n"
         "[offer.price]\ninput_usd_per_mtok = 1\noutput_usd_per_mtok = 2\n" +
         price;
}

}  // namespace

TEST_CASE("OpenAI's fine-tune of GPT-4.1 mini reads back as LiteLLM's ft: key lists it",
          "[providers][finetune]") {
  const Catalog& c = EmbeddedCatalog();
  const ApiOffer* ft = c.FindOffer("openai/ft:gpt-4.1-mini-2025-04-14");
  REQUIRE(ft != nullptr);
  CHECK(ft->fine_tuned);
  CHECK(ft->base == "gpt-4.1-mini-2025-04-14");
  CHECK(ft->model == "ft:gpt-4.1-mini-2025-04-14");
  // LiteLLM: input 8e-07, output 3.2e-06, cache read 2e-07, batches 4e-07 / 1.6e-06 per token.
  CHECK(ft->prices.input_usd_per_mtok == Approx(0.8).epsilon(1e-12));
  CHECK(ft->prices.output_usd_per_mtok == Approx(3.2).epsilon(1e-12));
  CHECK(ft->prices.cached_read_usd_per_mtok == Approx(0.2).epsilon(1e-12));
  CHECK(ft->batch_input_usd_per_mtok == Approx(0.4).epsilon(1e-12));
  CHECK(ft->batch_output_usd_per_mtok == Approx(1.6).epsilon(1e-12));
  // No training price in LiteLLM's list, and none from OpenAI's own page in the catalog.
  CHECK(ft->training_usd_per_mtok == 0);
  // A tune costs twice its base per token: gpt-4.1-mini is $0.40 / $1.60.
  const ApiOffer* base = c.FindOffer("openai/gpt-4.1-mini");
  REQUIRE(base != nullptr);
  CHECK_FALSE(base->fine_tuned);
  CHECK(ft->prices.input_usd_per_mtok == Approx(2 * base->prices.input_usd_per_mtok));
  CHECK(ft->prices.output_usd_per_mtok == Approx(2 * base->prices.output_usd_per_mtok));

  int tunes = 0;
  for (const ApiOffer& o : c.offers()) tunes += o.fine_tuned;
  CHECK(tunes == 6);
}

TEST_CASE("A fine-tune offer carries its base and its training price", "[providers][finetune]") {
  Result<Catalog> c = LoadCatalog(
      {EmbeddedCatalogSources(),
       {{"mine/ft.toml", Offer("fine_tuned = true\nbase = \"fast-1\"\n",
                               "training_usd_per_mtok = 3\n[offer.latency]\nttft_fixed_s = 0.3\n"
                               "ttft_per_input_token_s = 0\nttft_sigma = 0.1\n"
                               "output_tokens_per_s = 100\noutput_sigma = 0.1\n"
                               "source = \"test\"\n")}}});
  INFO((c.ok() ? "" : c.status().message()));
  REQUIRE(c.ok());
  const ApiOffer& o = *c->FindOffer("acme/ft-1");
  CHECK(o.fine_tuned);
  CHECK(o.base == "fast-1");
  CHECK(o.training_usd_per_mtok == 3);
}

TEST_CASE("fine_tuned needs a base, and base and a training price need fine_tuned",
          "[providers][finetune]") {
  Result<Catalog> no_base =
      LoadCatalog({EmbeddedCatalogSources(), {{"bad/ft.toml", Offer("fine_tuned = true\n", "")}}});
  REQUIRE_FALSE(no_base.ok());
  CHECK(no_base.status().code() == StatusCode::kInvalidInput);
  CHECK(no_base.status().message() ==
        "bad/ft.toml:5:14: offer 'acme/ft-1' has fine_tuned = true but no 'base' (the model it "
        "tunes)\n"
        "  fine_tuned = true\n"
        "               ^");

  Result<Catalog> untuned =
      LoadCatalog({EmbeddedCatalogSources(),
                   {{"bad/ft.toml", Offer("base = \"fast-1\"\n", "training_usd_per_mtok = 3\n")}}});
  REQUIRE_FALSE(untuned.ok());
  CHECK(untuned.status().message() ==
        "bad/ft.toml:5:8: 'base' of offer 'acme/ft-1' needs fine_tuned = true\n"
        "  base = \"fast-1\"\n"
        "         ^\n"
        "bad/ft.toml:12:25: training_usd_per_mtok of offer 'acme/ft-1' needs fine_tuned = true\n"
        "  training_usd_per_mtok = 3\n"
        "                          ^");
}

}  // namespace plan
