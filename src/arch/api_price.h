// The price of one API request, from the usage the provider reports for it.
//
// Billing in the provider's own convention is where cost tools go wrong: OpenAI's
// prompt_tokens already include the cached tokens, Anthropic's input_tokens exclude them.
// ApiUsage holds the report as the provider sends it; RequestCostUsd normalises it, so every
// prompt token is billed exactly once: uncached at the input price, cache reads at the cached
// price, cache writes at the cache-write price (the input price when there is none).
#pragma once

#include <cstdint>

#include "catalog/api_offer.h"

namespace plan {

// A usage report, in the convention of the offer it came from.
struct ApiUsage {
  // kOpenAi: every prompt token, cached ones included. kAnthropic: uncached tokens only.
  int64_t input_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  int64_t output_tokens = 0;
};

// What a request of `prompt_tokens` (of which `cache_read` came from the cache and
// `cache_write` were written to it) reports under `offer`'s convention.
// REQUIRES: cache_read + cache_write <= prompt_tokens.
ApiUsage ReportUsage(const ApiOffer& offer, int64_t prompt_tokens, int64_t cache_read,
                     int64_t cache_write, int64_t output_tokens);

// Prompt tokens of a report, cached ones included: what the long-context threshold compares.
int64_t PromptTokens(const ApiOffer& offer, const ApiUsage& usage);

// The prices a request pays: the long-context tier when its prompt is over the threshold
// (every token, a cliff), then the batch discount (batch_input / input on the input side,
// batch_output / output on the output side, cache prices included) when `batch`.
// REQUIRES: !batch || offer.has_batch().
TokenPrices EffectivePrices(const ApiOffer& offer, int64_t prompt_tokens, bool batch);

// USD for one request.
double RequestCostUsd(const ApiOffer& offer, const ApiUsage& usage, bool batch);

}  // namespace plan
