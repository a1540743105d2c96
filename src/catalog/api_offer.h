// An API offer: one model sold per token by one provider ("anthropic/claude-haiku-4-5"), with
// its prices, limits, where it is served and how fast it answers. Prices come from LiteLLM's
// list (`plan catalog import litellm`); latency and regions from hand-kept offer profiles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/source_loc.h"

namespace plan {

// How the provider's usage report counts cached prompt tokens. Billing normalises both, so a
// cached token is billed once, at the cached rate.
enum class CachedTokenConvention {
  kOpenAi,     // prompt_tokens includes the cached ones (OpenAI, Gemini, OpenAI-compatible hosts)
  kAnthropic,  // input_tokens excludes cache reads and writes (Anthropic, Bedrock, Vertex Claude)
};
const char* CachedTokenConventionName(CachedTokenConvention c);  // "openai" | "anthropic"

// Whether a latency figure rests on a published measurement of the offer (or its provider's
// model family), on the team's own probe of it (`plan calibrate`), or is a planning assumption.
// An offer is kCalibrated when both its TTFT (ttft_fixed_s) and its output speed
// (output_tokens_per_s) were calibrated, kPublished when both rest on measurements (published
// or calibrated), else kAssumed.
enum class LatencyBasis { kAssumed, kPublished, kCalibrated };
const char* LatencyBasisName(LatencyBasis b);  // "assumed" | "published" | "calibrated"

// The error band reports apply to latency figures of one basis (published or assumed), in
// percent: a TTFT may be off by a factor 1 + ttft_pct / 100 either way, an output speed by
// 1 + output_speed_pct / 100. Calibrated figures carry their own band (OfferProfile).
// offer_profiles.toml says how each figure was measured (tests/catalog/latency_evidence_test.cc
// recomputes them from catalog/evidence/api_latency.csv).
struct LatencyError {
  std::string id;  // the basis: "published" | "assumed"
  double ttft_pct = 0;
  double output_speed_pct = 0;
  std::string source;
  std::string checked;
  SourceLoc loc;
  bool operator==(const LatencyError&) const = default;
};

// USD per million tokens; 0 = not sold (a cached or batch price of 0 means no such tier).
struct TokenPrices {
  double input_usd_per_mtok = 0;
  double output_usd_per_mtok = 0;
  double cached_read_usd_per_mtok = 0;
  double cached_write_usd_per_mtok = 0;  // 0: writing the cache costs the plain input price
  bool operator==(const TokenPrices&) const = default;
};

// A cliff: when a request's prompt holds more than `above_tokens`, every token of it (input,
// cached and output) is billed at these prices. A price left 0 scales the base one by
// input_usd_per_mtok / base input (the tier's input multiplier).
struct LongContextTier {
  int64_t above_tokens = 0;  // 0 = no tier
  TokenPrices prices;
  bool operator==(const LongContextTier&) const = default;
};

// TTFT = RTT + service, service ~ LogNormal(median = ttft_fixed_s + ttft_per_input_token_s x
// uncached prompt tokens, ttft_sigma); output speed ~ LogNormal(median output_tokens_per_s,
// output_sigma), drawn once per request.
struct ApiLatency {
  double ttft_fixed_s = 0;
  double ttft_per_input_token_s = 0;
  double ttft_sigma = 0;
  double output_tokens_per_s = 0;
  double output_sigma = 0;
  std::string source;  // every source the figures came from, "; "-joined
  bool operator==(const ApiLatency&) const = default;
};

struct ApiOffer {
  std::string id;        // "<provider>/<model>"
  std::string provider;  // "anthropic", "openai", "gemini", "vertex", "bedrock", ...
  std::string model;     // the name the provider's API takes
  // An embedding model (kind = "embedding"): priced per input token, it returns no output, so
  // only a workload of prefill-only requests (output_tokens 0) may use it.
  bool embedding = false;
  // A fine-tuned model (fine_tuned = true): a tune of `base` (the base model's name as the
  // provider's API takes it), sold per token at its own prices.
  bool fine_tuned = false;
  std::string base;
  // A model built into the users' devices' OS (on_device = true: Apple's Foundation Models,
  // Gemini Nano): called with no network round trip and no per-call price; it names no region.
  bool on_device = false;
  CachedTokenConvention cached_tokens = CachedTokenConvention::kOpenAi;
  TokenPrices prices;
  double batch_input_usd_per_mtok = 0;  // 0 = no batch API in the catalog
  double batch_output_usd_per_mtok = 0;
  // A fine-tune's one-time training price, USD per million training tokens (tokens x epochs);
  // 0 = none published in the catalog.
  double training_usd_per_mtok = 0;
  LongContextTier long_context;
  int64_t max_input_tokens =
      0;  // the prompt limit (context window) as the price list gives it; 0 = unknown
  int64_t max_output_tokens = 0;  // 0 = unknown
  int64_t cache_min_tokens = 0;   // shortest prompt prefix the provider caches
  double rpm = 0;                 // default rate limits; 0 = none known
  double tpm = 0;
  std::vector<std::string> regions;  // catalog region ids it is served from; empty = unknown
  std::string regions_source;
  std::string batch_source;  // where batch prices came from when a profile set them
  ApiLatency latency;
  std::string source;
  std::string checked;
  SourceLoc loc;
  std::vector<SourceLoc> region_locs;  // each `regions` value, for unknown-region errors
  // Which latency keys the entry itself set (the rest come from offer profiles).
  uint32_t latency_keys_set = 0;
  // Before resolving: the basis of the entry's own [offer.latency] figures. After: the
  // offer's basis, from whichever entry set its ttft_fixed_s and output_tokens_per_s.
  LatencyBasis latency_basis = LatencyBasis::kAssumed;
  // After resolving: the error band of its TTFT and of its output speed, in percent, from the
  // basis of each figure (LatencyError, or a calibrated profile's own); 0 = no band known.
  double ttft_error_pct = 0;
  double output_speed_error_pct = 0;

  bool has_batch() const { return batch_input_usd_per_mtok > 0 && batch_output_usd_per_mtok > 0; }
  bool has_prompt_cache() const { return prices.cached_read_usd_per_mtok > 0; }
  bool operator==(const ApiOffer&) const = default;
};

// Facts a price list lacks, matched to offers by `match`: an exact offer id, or a prefix
// ending in '*' ("groq/*", "*"). Per key, the most specific profile that sets it wins (an
// exact id, then the longest prefix); an offer's own keys beat every profile.
struct OfferProfile {
  std::string id;  // = match
  std::vector<std::string> regions;
  ApiLatency latency;
  uint32_t latency_keys_set = 0;                        // bit i: kLatencyKeys[i] was given
  LatencyBasis latency_basis = LatencyBasis::kAssumed;  // of the latency figures it sets
  // kCalibrated only (and required there): the probe's own error band, in percent.
  double ttft_error_pct = 0;
  double output_speed_error_pct = 0;
  // Batch prices as a fraction of the base prices, for offers whose price list has none;
  // 0 = not set.
  double batch_discount = 0;
  std::string source;
  std::string checked;
  SourceLoc loc;
  std::vector<SourceLoc> region_locs;
  bool operator==(const OfferProfile&) const = default;
};

// The latency keys, in bit order of latency_keys_set.
inline constexpr const char* kLatencyKeys[] = {"ttft_fixed_s", "ttft_per_input_token_s",
                                               "ttft_sigma", "output_tokens_per_s", "output_sigma"};
inline constexpr int kLatencyKeyCount = 5;
inline constexpr uint32_t kAllLatencyKeys = (1u << kLatencyKeyCount) - 1;
// The keys that decide an offer's latency basis: ttft_fixed_s and output_tokens_per_s.
inline constexpr int kTtftFixedKey = 0;
inline constexpr int kOutputSpeedKey = 3;

// Whether `pattern` matches `id`, and how specifically: -1 = no match; an exact match beats
// every prefix; a longer prefix beats a shorter one.
int ProfileSpecificity(const std::string& pattern, const std::string& id);

}  // namespace plan
