// probe/: measure a live OpenAI-compatible endpoint and fit the catalog to it. Front header.
//
// RunProbe drives load levels against an endpoint through an HttpClient: in concurrency mode
// each level keeps C requests in flight until N have been sent (closed loop, as vLLM's
// benchmark_serving with --max-concurrency); in rate mode one level sends Poisson arrivals at
// R per second for S seconds. Every probe is bounded: in requests, by each request's timeout,
// and by a wall-time limit after which in-flight requests are abandoned and nothing new is sent.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "probe/clock.h"
#include "probe/http_client.h"
#include "probe/openai_stream.h"
#include "probe/probe_result.h"
#include "probe/prompt.h"
#include "util/status.h"

namespace plan {

struct ProbeOptions {
  std::string url;  // base URL or full endpoint URL (EndpointUrl)
  Endpoint endpoint = Endpoint::kChat;
  std::string model;
  std::string api_key;  // sent as "Authorization: Bearer ..."; never stored, printed or logged
  std::vector<int> concurrency = {1};
  int64_t requests_per_level = 16;
  double rate_per_s = 0;  // > 0 selects rate mode
  double duration_s = 0;
  int max_in_flight = 64;  // rate mode: arrivals beyond this wait for a free client
  PromptLengths prompt_tokens;
  int64_t max_tokens = 128;
  bool ignore_eos = false;
  double timeout_s = 120;  // per request, send to last byte (and the read timeout)
  double connect_timeout_s = 10;
  double max_wall_s = 600;  // the whole probe
  int max_retries = 4;      // per request, after a 429
  uint64_t seed = 1;        // prompt lengths and text, Poisson arrivals
};

// Tuning constants of the 429 back-off, each with its reason.
struct BackOff {
  // Without retry-after / retry-after-ms: 1 s, doubling, as OpenAI's rate-limit guide advises.
  static constexpr double kFirstWaitS = 1.0;
  // A longer wait than this is not worth holding a probe for; the request fails instead.
  static constexpr double kMaxWaitS = 60.0;
};

// Seconds to wait before retrying a 429: retry-after-ms (OpenAI, Azure), else retry-after in
// seconds (RFC 9110's delay-seconds; an HTTP-date is not used), else exponential back-off
// from kFirstWaitS for the given 0-based retry number.
double RetryWaitS(const HttpResponse& response, int retry);

// Called after each level with its summary and rows (e.g. to print a table as the probe runs).
using LevelDoneFn = std::function<void(const LevelSummary&, const std::vector<ProbeRow>&)>;

// REQUIRES: options validated (levels >= 1, requests >= 1 or rate > 0 with duration > 0).
// Never fails for what the server does: errors, 429s and broken streams become rows.
ProbeResult RunProbe(const ProbeOptions& options, HttpClient& http, Clock& clock,
                     const LevelDoneFn& on_level = nullptr);

}  // namespace plan
