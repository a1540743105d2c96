#include "arch/api_price.h"

#include <cassert>

namespace plan {

namespace {
constexpr double kTokensPerMillion = 1e6;
}

ApiUsage ReportUsage(const ApiOffer& offer, int64_t prompt_tokens, int64_t cache_read,
                     int64_t cache_write, int64_t output_tokens) {
  assert(cache_read >= 0 && cache_write >= 0 && cache_read + cache_write <= prompt_tokens);
  ApiUsage u;
  u.cache_read_tokens = cache_read;
  u.cache_write_tokens = cache_write;
  u.output_tokens = output_tokens;
  u.input_tokens = offer.cached_tokens == CachedTokenConvention::kOpenAi
                       ? prompt_tokens
                       : prompt_tokens - cache_read - cache_write;
  return u;
}

int64_t PromptTokens(const ApiOffer& offer, const ApiUsage& usage) {
  if (offer.cached_tokens == CachedTokenConvention::kOpenAi) return usage.input_tokens;
  return usage.input_tokens + usage.cache_read_tokens + usage.cache_write_tokens;
}

TokenPrices EffectivePrices(const ApiOffer& offer, int64_t prompt_tokens, bool batch) {
  assert(!batch || offer.has_batch());
  TokenPrices p = offer.prices;
  const LongContextTier& tier = offer.long_context;
  if (tier.above_tokens > 0 && prompt_tokens > tier.above_tokens && p.input_usd_per_mtok > 0) {
    const double scale = tier.prices.input_usd_per_mtok / p.input_usd_per_mtok;
    auto pick = [scale](double tiered, double base) { return tiered > 0 ? tiered : base * scale; };
    p.output_usd_per_mtok = pick(tier.prices.output_usd_per_mtok, p.output_usd_per_mtok);
    p.cached_read_usd_per_mtok =
        pick(tier.prices.cached_read_usd_per_mtok, p.cached_read_usd_per_mtok);
    p.cached_write_usd_per_mtok =
        pick(tier.prices.cached_write_usd_per_mtok, p.cached_write_usd_per_mtok);
    p.input_usd_per_mtok = tier.prices.input_usd_per_mtok;
  }
  if (batch) {
    const TokenPrices& base = offer.prices;
    const double in =
        base.input_usd_per_mtok > 0 ? offer.batch_input_usd_per_mtok / base.input_usd_per_mtok : 1;
    const double out = base.output_usd_per_mtok > 0
                           ? offer.batch_output_usd_per_mtok / base.output_usd_per_mtok
                           : 1;
    p.input_usd_per_mtok *= in;
    p.cached_read_usd_per_mtok *= in;
    p.cached_write_usd_per_mtok *= in;
    p.output_usd_per_mtok *= out;
  }
  return p;
}

double RequestCostUsd(const ApiOffer& offer, const ApiUsage& usage, bool batch) {
  const int64_t uncached =
      offer.cached_tokens == CachedTokenConvention::kOpenAi
          ? usage.input_tokens - usage.cache_read_tokens - usage.cache_write_tokens
          : usage.input_tokens;
  assert(uncached >= 0);
  const TokenPrices p = EffectivePrices(offer, PromptTokens(offer, usage), batch);
  const double write_price =
      p.cached_write_usd_per_mtok > 0 ? p.cached_write_usd_per_mtok : p.input_usd_per_mtok;
  const double read_price =
      p.cached_read_usd_per_mtok > 0 ? p.cached_read_usd_per_mtok : p.input_usd_per_mtok;
  const double usd_times_million =
      uncached * p.input_usd_per_mtok + usage.cache_read_tokens * read_price +
      usage.cache_write_tokens * write_price + usage.output_tokens * p.output_usd_per_mtok;
  return usd_times_million / kTokensPerMillion;
}

}  // namespace plan
