#include "arch/api_target_config.h"

#include <fmt/format.h>

#include "util/units.h"

namespace plan {

ApiTargetConfig MakeApiTargetConfig(const ApiSpec& spec, const ApiOffer& offer) {
  ApiTargetConfig c;
  c.offer = offer;
  c.rtt_ns = SecondsToNs(spec.rtt_s);
  c.batch = spec.batch;
  c.batch_turnaround_ns = SecondsToNs(spec.batch_turnaround_s);
  if (!spec.prompt_caching) {
    c.cache_mode = PromptCacheMode::kOff;
  } else if (spec.cached_fraction) {
    c.cache_mode = PromptCacheMode::kFraction;
    c.cached_fraction = *spec.cached_fraction;
  } else {
    c.cache_mode = PromptCacheMode::kPrefix;
  }
  c.cache_ttl_ns = SecondsToNs(spec.cache_ttl_s);
  for (const OutageSpec& o : spec.outages)
    c.outages.emplace_back(SecondsToNs(o.start_s), SecondsToNs(o.end_s));
  c.availability = spec.availability;
  c.max_retries = spec.max_retries;
  c.retry_backoff_ns = SecondsToNs(spec.retry_backoff_s);
  c.retry_backoff_max_ns = SecondsToNs(spec.retry_backoff_max_s);
  c.rpm = spec.rpm.value_or(offer.rpm);
  c.tpm = spec.tpm.value_or(offer.tpm);
  return c;
}

namespace {

std::string Usd(double usd_per_mtok) { return fmt::format("${:g}/M", usd_per_mtok); }

std::string PriceList(const TokenPrices& p) {
  std::string s =
      fmt::format("{} input, {} output", Usd(p.input_usd_per_mtok), Usd(p.output_usd_per_mtok));
  if (p.cached_read_usd_per_mtok > 0)
    s += fmt::format(", {} cache read", Usd(p.cached_read_usd_per_mtok));
  if (p.cached_write_usd_per_mtok > 0)
    s += fmt::format(", {} cache write", Usd(p.cached_write_usd_per_mtok));
  return s;
}

}  // namespace

std::vector<std::string> ApiAssumptions(const ApiSpec& spec, const ApiTargetConfig& config,
                                        bool routed) {
  const ApiOffer& o = config.offer;
  std::vector<std::string> out;
  out.push_back(fmt::format(
      "{} ({} via {}) at {} ({}, checked {}); usage follows the {} convention ({}), and each "
      "prompt token is billed once",
      o.id, o.model, o.provider, PriceList(o.prices), o.source, o.checked,
      CachedTokenConventionName(o.cached_tokens),
      o.cached_tokens == CachedTokenConvention::kOpenAi ? "prompt tokens include cached ones"
                                                        : "input tokens exclude cached ones"));
  if (o.long_context.above_tokens > 0)
    out.push_back(
        fmt::format("prompts over {} tokens pay the long-context tier on every token "
                    "(a cliff): {}; unlisted tier prices scale with the input price",
                    o.long_context.above_tokens, PriceList(o.long_context.prices)));
  if (config.batch)
    out.push_back(fmt::format(
        "batch API: {} input, {} output{}, the same discount on cached "
        "tokens; each answer arrives whole {:g} s after it is sent "
        "(batch_turnaround_s), and batch requests meet no rate limit",
        Usd(o.batch_input_usd_per_mtok), Usd(o.batch_output_usd_per_mtok),
        o.batch_source.empty() ? "" : " (" + o.batch_source + ")", spec.batch_turnaround_s));
  std::string rtt = o.on_device ? std::string(
                                      "no network round trip (the model runs on the "
                                      "users' devices)")
                    : routed ? std::string("the round trip the region router adds")
                    : spec.region.empty()
                        ? std::string("no network round trip (no user region given)")
                        : fmt::format("{:g} ms round trip from users in {} to {}", spec.rtt_s * 1e3,
                                      spec.region, spec.served_from);
  const ApiLatency& l = o.latency;
  if (!config.batch)
    out.push_back(fmt::format(
        "TTFT = {} + lognormal(median {:g} s + {:g} ms per uncached prompt token, sigma {:g}); "
        "output speed lognormal(median {:g} tokens/s, sigma {:g}), drawn per request; {} "
        "latency ({})",
        rtt, l.ttft_fixed_s, l.ttft_per_input_token_s * 1e3, l.ttft_sigma, l.output_tokens_per_s,
        l.output_sigma, LatencyBasisName(o.latency_basis), l.source));
  if (!o.has_prompt_cache() || config.cache_mode == PromptCacheMode::kOff) {
    out.push_back(o.has_prompt_cache() ? "prompt caching off (prompt_caching = false)"
                                       : "no prompt cache price in the catalog: nothing is cached");
  } else if (config.cache_mode == PromptCacheMode::kFraction) {
    out.push_back(
        fmt::format("prompt caching: {:g}% of each prompt read from a warm cache "
                    "(cached_fraction; nothing written), prompts under {} tokens uncached",
                    config.cached_fraction * 100, o.cache_min_tokens));
  } else {
    out.push_back(
        fmt::format("prompt caching from the trace's prefix hashes: a prefix is read "
                    "when seen within {:g} s (the TTL, refreshed on use), written "
                    "otherwise; prompts under {} tokens are not cached",
                    NsToSeconds(config.cache_ttl_ns), o.cache_min_tokens));
  }
  std::string limits = "no rate limit";
  if (!config.batch && (config.rpm > 0 || config.tpm > 0))
    limits = fmt::format("rate limits {} rpm, {} tpm over sliding 60 s windows ({})",
                         config.rpm > 0 ? fmt::format("{:g}", config.rpm) : "unlimited",
                         config.tpm > 0 ? fmt::format("{:g}", config.tpm) : "unlimited",
                         spec.rpm || spec.tpm ? "the scenario's" : "the catalog's defaults");
  out.push_back(fmt::format(
      "{}; availability {:g} per attempt, {} outage window(s); up to {} retries, back-off {:g} s "
      "doubling to {:g} s and never shorter than a 429's retry-after; failed requests cost nothing",
      limits, config.availability, config.outages.size(), config.max_retries,
      NsToSeconds(config.retry_backoff_ns), NsToSeconds(config.retry_backoff_max_ns)));
  return out;
}

std::vector<std::string> ApiNotes(const ApiTargetStats& s, const ApiTargetConfig& config) {
  std::vector<std::string> out;
  if (s.rate_limited || s.outage_errors || s.unavailable_errors)
    out.push_back(
        fmt::format("{} attempts: {} rate-limited (429), {} in an outage, {} refused "
                    "by the availability draw; {} retries",
                    s.attempts, s.rate_limited, s.outage_errors, s.unavailable_errors, s.retries));
  int64_t failed = s.failed_too_long + s.failed_over_tpm + s.failed_after_retries;
  if (failed)
    out.push_back(
        fmt::format("{} requests failed: {} over the offer's input/output token limits, "
                    "{} larger than the token rate limit, {} after every retry",
                    failed, s.failed_too_long, s.failed_over_tpm, s.failed_after_retries));
  if (config.cache_mode == PromptCacheMode::kPrefix && config.offer.has_prompt_cache() &&
      s.prefixed_requests == 0)
    out.push_back(
        "the trace carries no prefix hashes, so nothing was cached; cached_fraction "
        "models a cache hit rate");
  if (s.cache_read_tokens || s.cache_write_tokens)
    out.push_back(fmt::format("prompt cache: {} tokens read, {} written", s.cache_read_tokens,
                              s.cache_write_tokens));
  return out;
}

}  // namespace plan
