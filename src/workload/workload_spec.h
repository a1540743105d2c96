// The [workload] table of a scenario: a trace to replay or a generator to draw from. Parsed
// here so the scenario loader only delegates; opened here into a request stream.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/source_loc.h"
#include "util/status.h"
#include "workload/line_reader.h"
#include "workload/request.h"
#include "workload/workload_stream.h"

namespace plan {

class TomlTable;

enum class LengthKind { kFixed, kUniform, kNormal, kLogNormal, kEmpirical };

// A distribution of token counts. Every draw is rounded to the nearest integer and is at least 1,
// except a fixed output length, which may be 0: prefill-only requests (embeddings,
// classification), whose result is ready when the prompt has been computed.
struct LengthDist {
  LengthKind kind = LengthKind::kFixed;
  int64_t value = 1;        // fixed
  int64_t min = 1;          // uniform (inclusive); normal/lognormal: clamp
  int64_t max = INT32_MAX;  // uniform (inclusive); normal/lognormal: clamp
  double mean = 0;          // normal
  double stddev = 0;        // normal; truncated at >= 1 by redrawing
  double median = 0;        // lognormal (given as median, or as mean and converted)
  double sigma = 0;         // lognormal: standard deviation of ln(tokens)
  // empirical: resampled from one column of a trace; `trace_path` already resolved.
  std::string trace_path;
  std::string trace_format;      // "" = detect
  std::string column = "input";  // input | output
};

enum class ArrivalKind { kPoisson, kGamma, kConstant, kOffline, kDiurnal };

struct GeneratorSpec {
  ArrivalKind arrival = ArrivalKind::kPoisson;
  double rate_per_s = 0;      // mean rate; unused when offline
  double burstiness = 1;      // gamma: coefficient of variation of the interarrival time
  double peak_to_trough = 1;  // diurnal: peak rate / trough rate (>= 1)
  double period_s = 86400;    // diurnal: one cycle, starting at the trough
  int64_t requests = 0;       // how many; 0 = bounded by duration_s instead
  double duration_s = 0;      // arrivals in [0, duration_s); 0 = bounded by requests
  LengthDist input_tokens;
  LengthDist output_tokens;
  SourceLoc loc;
};

// Tokens one prefix hash of a generated session covers: Mooncake's 512-token hash blocks,
// which the simulated engines read (ReplicaConfig::prefix_hash_tokens).
inline constexpr int32_t kSessionBlockTokens = 512;

// [workload.sessions]: a generated workload as multi-turn conversations. Each session starts
// at an arrival of the generator's process and runs for a drawn number of turns; every turn's
// prompt holds the system prompt, the whole history (earlier prompts and answers) and a new
// message drawn from input_tokens, so prompts grow turn by turn (session_source.h).
struct SessionSpec {
  bool enabled = false;
  LengthDist turns;  // turns per session, each draw >= 1
  // From one turn's arrival to the next turn's: the answer and the user's think time
  // together, since an open-loop workload cannot see when an answer ends.
  double think_time_s = 0;
  bool think_exponential = true;     // else every gap is exactly think_time_s
  int32_t system_prompt_tokens = 0;  // shared by every turn of every session
  // A conversation-state read before each turn after the first (lognormal through p50/p99);
  // 0 = no state store.
  double state_store_p50_ms = 0;
  double state_store_p99_ms = 0;
  SourceLoc loc;
};

// Column (CSV) or key (JSONL) names of a generic trace. Optional ones are "" when absent.
struct TraceColumns {
  std::string time = "arrival_s";
  std::string time_unit = "s";  // s | ms | us | ns | datetime ("YYYY-MM-DD HH:MM:SS.fffffff")
  std::string input = "input_tokens";
  std::string output = "output_tokens";
  std::string session;        // any text; equal text = same session
  std::string region;         // integer index into the scenario's user regions
  std::string label;          // integer class/difficulty label
  std::string prefix_hashes;  // JSONL only: an array of integers
  int32_t prefix_block_tokens = 512;
};

// The formats a trace may have; `format` holds one of these names or "" (detect).
const std::vector<std::string>& TraceFormatNames();

struct WorkloadSpec {
  std::string trace_path;    // resolved against the scenario's folder; "" when generated
  std::string format;        // "" = detect; azure | vidur | mooncake | burstgpt | csv | jsonl
  double rate_scale = 1.0;   // >1 replays faster (arrival times divided by it)
  TraceColumns columns;      // generic csv/jsonl only
  bool has_columns = false;  // `columns` was given (forces the generic reader)
  int64_t max_requests = 0;  // 0 = all; else stop after this many
  GeneratorSpec generator;   // used when trace_path is ""
  SessionSpec sessions;      // generated only; enabled when [workload.sessions] is given
  SourceLoc loc;             // the [workload] table
  SourceLoc trace_loc;       // the `trace` value, for "cannot read" errors

  bool generated() const { return trace_path.empty(); }
};

// Parses [workload] and [workload.generator]: unknown keys, wrong types and bad ranges go to
// t.diag() as path:line:col errors, and t.Finish() is called. `base_dir` resolves relative
// trace paths. The result is only meaningful when no error was reported.
WorkloadSpec ParseWorkloadSpec(TomlTable& t, const std::string& base_dir);

// One token-length table such as `{ dist = "lognormal", median = 1000, sigma = 0.8 }`;
// `default_column` is the empirical column used when `column` is not given. Calls t.Finish().
LengthDist ParseLengthDist(TomlTable& t, const std::string& base_dir,
                           const std::string& default_column);

// Opens a fresh stream; the same spec and seed give the identical stream on every call.
// `max_total_tokens` (0 = no limit, else >= 2) clips input + output to a model's context, as
// `clip` says (workload_stream.h); clipped requests are counted in the stream's stats. Errors in
// the trace read `path:line:col: message` (Status::Invalid), as does an unreadable trace file.
// `trace_bytes`, when given, is read in place of the file `spec.trace_path` names (which
// still names it in errors): standard input, for `plan trace stats -`. Such a stream is read
// once, so the call is not repeatable.
Result<std::unique_ptr<RequestSource>> OpenWorkload(
    const WorkloadSpec& spec, uint64_t seed, int64_t max_total_tokens,
    ContextClip clip = ContextClip::kOutputThenInput,
    std::unique_ptr<ByteSource> trace_bytes = nullptr);

}  // namespace plan
