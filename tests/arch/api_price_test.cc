#include <catch2/catch.hpp>

#include "arch/api_price.h"

namespace plan {
namespace {

// Claude Sonnet 4.5's list prices (USD per million tokens), with OpenAI-style batch prices
// added so that every tier can be exercised on one offer.
ApiOffer Sonnet(CachedTokenConvention convention) {
  ApiOffer o;
  o.id = "test/sonnet";
  o.cached_tokens = convention;
  o.prices = {3, 15, 0.3, 3.75};
  o.batch_input_usd_per_mtok = 1.5;
  o.batch_output_usd_per_mtok = 7.5;
  o.long_context.above_tokens = 200000;
  o.long_context.prices = {6, 22.5, 0.6, 7.5};
  return o;
}

constexpr CachedTokenConvention kOpenAi = CachedTokenConvention::kOpenAi;
constexpr CachedTokenConvention kAnthropic = CachedTokenConvention::kAnthropic;

double Cost(const ApiOffer& o, int64_t prompt, int64_t read, int64_t write, int64_t out,
            bool batch = false) {
  return RequestCostUsd(o, ReportUsage(o, prompt, read, write, out), batch);
}

}  // namespace

TEST_CASE("Usage reports follow each provider's cached-token convention", "[api]") {
  // 10,000 prompt tokens: 6,000 read from the cache, 2,000 written to it, 2,000 plain.
  ApiUsage openai = ReportUsage(Sonnet(kOpenAi), 10000, 6000, 2000, 500);
  CHECK(openai.input_tokens == 10000);  // prompt_tokens include the cached ones
  ApiUsage anthropic = ReportUsage(Sonnet(kAnthropic), 10000, 6000, 2000, 500);
  CHECK(anthropic.input_tokens == 2000);  // input_tokens exclude cache reads and writes
  CHECK(anthropic.cache_read_tokens == 6000);
  CHECK(anthropic.cache_write_tokens == 2000);
  CHECK(PromptTokens(Sonnet(kOpenAi), openai) == 10000);
  CHECK(PromptTokens(Sonnet(kAnthropic), anthropic) == 10000);
}

TEST_CASE("Cached tokens are billed once, at the cached rate, under both conventions", "[api]") {
  for (CachedTokenConvention c : {kOpenAi, kAnthropic}) {
    INFO(CachedTokenConventionName(c));
    ApiOffer o = Sonnet(c);
    // No cache: 10,000 x $3 + 500 x $15 = 37,500 $/M.
    CHECK(Cost(o, 10000, 0, 0, 500) == Approx(0.0375).epsilon(1e-12));
    // Reads: 4,000 x $3 + 6,000 x $0.30 + 500 x $15 = 12,000 + 1,800 + 7,500 = 21,300 $/M.
    // Billing the 6,000 twice (all 10,000 at $3 plus the reads) would give 39,300.
    CHECK(Cost(o, 10000, 6000, 0, 500) == Approx(0.0213).epsilon(1e-12));
    // Reads and writes: 2,000 x $3 + 6,000 x $0.30 + 2,000 x $3.75 + 500 x $15
    //   = 6,000 + 1,800 + 7,500 + 7,500 = 22,800 $/M.
    CHECK(Cost(o, 10000, 6000, 2000, 500) == Approx(0.0228).epsilon(1e-12));
  }
  // Reports as the providers send them for that request: OpenAI's prompt_tokens = 10,000 with
  // 6,000 cached; Anthropic's input_tokens = 4,000 beside 6,000 cache reads. Same bill.
  ApiUsage openai_report{10000, 6000, 0, 500};
  ApiUsage anthropic_report{4000, 6000, 0, 500};
  CHECK(RequestCostUsd(Sonnet(kOpenAi), openai_report, false) == Approx(0.0213).epsilon(1e-12));
  CHECK(RequestCostUsd(Sonnet(kAnthropic), anthropic_report, false) ==
        Approx(0.0213).epsilon(1e-12));
}

TEST_CASE("A cache write without a write price costs the input price", "[api]") {
  ApiOffer o;  // GPT-4.1 mini: automatic caching, no write premium
  o.cached_tokens = kOpenAi;
  o.prices = {0.4, 1.6, 0.1, 0};
  // 7,000 plain + 3,000 written, all at $0.40: 4,000; 500 x $1.60 = 800. Total 4,800 $/M.
  CHECK(Cost(o, 10000, 0, 3000, 500) == Approx(0.0048).epsilon(1e-12));
}

TEST_CASE("Batch prices discount input, cache and output alike", "[api]") {
  for (CachedTokenConvention c : {kOpenAi, kAnthropic}) {
    INFO(CachedTokenConventionName(c));
    ApiOffer o = Sonnet(c);
    // 10,000 x $1.50 + 500 x $7.50 = 15,000 + 3,750 = 18,750 $/M.
    CHECK(Cost(o, 10000, 0, 0, 500, true) == Approx(0.01875).epsilon(1e-12));
    // Input side x 0.5 (1.5 / 3): 4,000 x $1.50 + 6,000 x $0.15 + 500 x $7.50
    //   = 6,000 + 900 + 3,750 = 10,650 $/M.
    CHECK(Cost(o, 10000, 6000, 0, 500, true) == Approx(0.01065).epsilon(1e-12));
  }
}

TEST_CASE("The long-context tier is a cliff just past the threshold", "[api]") {
  for (CachedTokenConvention c : {kOpenAi, kAnthropic}) {
    INFO(CachedTokenConventionName(c));
    ApiOffer o = Sonnet(c);
    // At the threshold: base prices. 200,000 x $3 + 1,000 x $15 = 615,000 $/M.
    CHECK(Cost(o, 200000, 0, 0, 1000) == Approx(0.615).epsilon(1e-12));
    // One token more: every token at the tier. 200,001 x $6 + 1,000 x $22.50 = 1,222,506 $/M.
    CHECK(Cost(o, 200001, 0, 0, 1000) == Approx(1.222506).epsilon(1e-12));
    // The threshold counts cached tokens too (Anthropic's input_tokens is only 50,000 here):
    // 50,000 x $6 + 200,000 x $0.60 + 1,000 x $22.50 = 300,000 + 120,000 + 22,500 $/M.
    CHECK(Cost(o, 250000, 200000, 0, 1000) == Approx(0.4425).epsilon(1e-12));
    // Tier and batch: input x 0.5, output x 0.5. 200,001 x $3 + 1,000 x $11.25 = 611,253 $/M.
    CHECK(Cost(o, 200001, 0, 0, 1000, true) == Approx(0.611253).epsilon(1e-12));
  }
}

TEST_CASE("Tier prices the list leaves out scale with the tier's input multiplier", "[api]") {
  ApiOffer o = Sonnet(kOpenAi);
  o.long_context.prices = {6, 0, 0, 0};  // only the input price doubles in the list
  TokenPrices p = EffectivePrices(o, 200001, false);
  CHECK(p.input_usd_per_mtok == 6);
  CHECK(p.output_usd_per_mtok == 30);  // 15 x 6 / 3
  CHECK(p.cached_read_usd_per_mtok == Approx(0.6).epsilon(1e-12));
  CHECK(p.cached_write_usd_per_mtok == 7.5);
  // 200,001 x $6 + 1,000 x $30 = 1,230,006 $/M.
  CHECK(Cost(o, 200001, 0, 0, 1000) == Approx(1.230006).epsilon(1e-12));
}

}  // namespace plan
