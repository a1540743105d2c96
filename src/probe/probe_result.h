// What a probe measured: one row per request and a summary per load level. Written to and
// read from a probe JSON file (schema plan.probe/v1, probe_json.h). Times are seconds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plan {

inline constexpr const char* kProbeSchema = "plan.probe/v1";

struct ProbeRow {
  int level = 0;       // index into ProbeResult::levels
  int64_t index = 0;   // request number within its level
  double start_s = 0;  // send time of the answered attempt, from the probe's start
  int status = 0;      // HTTP status of the last attempt; 0 when none arrived
  bool ok = false;
  std::string error;                    // why it failed ("" when ok); any API key redacted
  int64_t prompt_tokens_requested = 0;  // length of the synthetic prompt
  int64_t input_tokens = 0;   // the server's usage.prompt_tokens, else prompt_tokens_requested
  int64_t output_tokens = 0;  // the server's usage.completion_tokens, else output chunks
  bool usage_reported = false;
  int64_t output_chunks = 0;  // SSE events that carried text
  double ttft_s = 0;          // send to first text
  double tpot_s = 0;          // (e2e - ttft) / (output_tokens - 1); 0 with under 2 tokens
  double e2e_s = 0;           // send to the end of the stream
  std::vector<double> itl_s;  // gaps between successive text-carrying events
  int retries = 0;            // 429 answers waited out and retried
  double retry_wait_s = 0;    // time spent waiting before those retries
  int malformed_lines = 0;    // SSE lines/events that were not part of the protocol
};

// numpy percentile(method='lower'): the value at rank floor(q (n - 1)) of the sorted
// samples, the definition plan's reports use (metrics/quantile_sketch.h).
struct Distribution {
  int64_t count = 0;
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};
Distribution Summarize(std::vector<double> samples);

struct LevelSummary {
  int concurrency = 0;    // closed-loop clients; 0 in rate mode
  double rate_per_s = 0;  // open-loop Poisson rate; 0 in concurrency mode
  int64_t requests = 0;   // sent (a retried request counts once)
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t retries = 0;  // 429s answered with back-off
  int64_t malformed_lines = 0;
  double wall_s = 0;          // first send to last byte of the level
  double requests_per_s = 0;  // ok / wall_s
  double output_tokens_per_s = 0;
  double mean_input_tokens = 0;  // over ok requests
  double mean_output_tokens = 0;
  Distribution ttft_s, tpot_s, e2e_s, itl_s;  // over ok requests
};

struct ProbeSettings {
  std::vector<int> concurrency;  // levels in concurrency mode
  int64_t requests_per_level = 0;
  double rate_per_s = 0;  // > 0: rate mode
  double duration_s = 0;
  std::string prompt_tokens;  // the distribution as given (PromptLengths::ToString)
  int64_t max_tokens = 0;
  bool ignore_eos = false;
  double timeout_s = 0;
  double max_wall_s = 0;
  uint64_t seed = 0;
};

struct ProbeResult {
  std::string schema = kProbeSchema;
  std::string plan_version;
  std::string date;      // UTC ISO 8601, when the probe started
  std::string url;       // the endpoint POSTed to, as UrlForRecord keeps it
  std::string endpoint;  // "chat" | "completions"
  std::string model;
  ProbeSettings settings;
  bool stopped_early = false;  // the wall-time limit cut the probe short
  std::vector<LevelSummary> levels;
  std::vector<ProbeRow> rows;
};

// Fills every numeric field of `level` from the rows whose level is `level_index`.
void SummarizeLevel(const std::vector<ProbeRow>& rows, int level_index, double wall_s,
                    LevelSummary* level);

}  // namespace plan
