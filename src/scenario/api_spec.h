// One [[candidate]] of kind "api": an offer from the catalog and how the client uses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "util/source_loc.h"
#include "util/toml_reader.h"

namespace plan {

// Defaults of the official OpenAI and Anthropic Python SDKs (`_constants.py`: max_retries 2,
// initial retry delay 0.5 s, max retry delay 8 s).
inline constexpr int32_t kDefaultApiMaxRetries = 2;
inline constexpr double kDefaultRetryBackoffS = 0.5;
inline constexpr double kDefaultRetryBackoffMaxS = 8.0;
// Anthropic's default cache lifetime is 5 minutes, refreshed on each hit; OpenAI's cached
// prefixes stay 5-10 minutes after last use. The shorter figure serves both.
inline constexpr double kDefaultCacheTtlS = 300;
// Anthropic: "most batches finish in less than 1 hour" (the promise is 24 h); OpenAI promises
// 24 h. A planning figure for the batch turnaround; the scenario can set its own.
inline constexpr double kDefaultBatchTurnaroundS = 3600;

struct OutageSpec {
  double start_s = 0;
  double end_s = 0;
};

struct ApiSpec {
  std::string offer;
  std::string region;  // the users' region, for the round trip; "" = none (0 RTT)
  bool batch = false;
  std::optional<double> cached_fraction;  // share of each prompt read from the cache
  bool prompt_caching = true;             // with the trace's prefix hashes, when it has them
  double cache_ttl_s = kDefaultCacheTtlS;
  double batch_turnaround_s = kDefaultBatchTurnaroundS;
  std::vector<OutageSpec> outages;
  double availability = 1.0;
  int32_t max_retries = kDefaultApiMaxRetries;
  double retry_backoff_s = kDefaultRetryBackoffS;
  double retry_backoff_max_s = kDefaultRetryBackoffMaxS;
  std::optional<double> rpm;  // override the catalog's default rate limits
  std::optional<double> tpm;
  double rtt_s = 0;         // resolved from the catalog: region -> nearest of the offer's regions
  std::string served_from;  // that nearest offer region ("" without a user region)
};

// Reads the api keys of a candidate table `t` (the caller reads name and kind and calls
// Finish); checks the offer and region against the catalog, with suggestions.
ApiSpec ParseApiSpec(TomlTable& t, const Catalog& catalog);

}  // namespace plan
