// What every stream OpenWorkload returns adds to RequestSource: counts of what it read,
// skipped and changed, for reports and `plan trace stats`.
#pragma once

#include <cstdint>
#include <string>

#include "workload/request.h"

namespace plan {

struct WorkloadStats {
  std::string format;          // the trace format read (detected or named), or "generator"
  int64_t rows = 0;            // data rows read from a trace (skipped ones included)
  int64_t requests = 0;        // requests returned so far
  int64_t skipped_failed = 0;  // BurstGPT rows with 0 response tokens (failed requests)
  int64_t raised_zero = 0;     // requests whose 0 input or output tokens were raised to 1
  int64_t clipped = 0;         // requests shortened to max_total_tokens
};

class WorkloadStream : public RequestSource {
 public:
  const WorkloadStats& stats() const { return stats_; }

 protected:
  WorkloadStats stats_;
};

// The stats of a stream opened by OpenWorkload; nullptr for any other RequestSource.
const WorkloadStats* WorkloadStatsOf(const RequestSource& source);

// How requests longer than a context are clipped: output first, down to 1, then the prompt
// (what trace stats/convert --max-total-tokens promise), or the output only, leaving a prompt
// that fills the context whole (a simulated engine rejects it: the request fails).
enum class ContextClip { kOutputThenInput, kOutputOnly };

// Clips input + output to `max_total_tokens` (0 = no limit). Returns whether anything changed.
// An output of 0 (a prefill-only request) stays 0: only the prompt is clipped, to the whole
// context under kOutputThenInput and not at all under kOutputOnly.
// REQUIRES: input >= 1, output >= 0; max_total_tokens is 0 or >= 2.
bool ClipToContext(int64_t max_total_tokens, int32_t* input_tokens, int32_t* output_tokens,
                   ContextClip clip = ContextClip::kOutputThenInput);

}  // namespace plan
