// How long one engine iteration takes. The replica asks once per step (not per token).
#pragma once

#include <algorithm>

#include "perf/batch_shape.h"
#include "util/units.h"

namespace plan {

class StepTimer {
 public:
  virtual ~StepTimer() = default;
  virtual TimeNs StepNs(const BatchShape& b) const = 0;
  // A floor under StepNs of every non-empty batch, at least 1 ns: how far ahead a replica can
  // promise no request finishes (Replica's quiet slot). 1 ns is always true.
  virtual TimeNs MinStepNs() const { return 1; }
  // True if a pure decode batch (BatchShape with decode sequences only) never takes less time
  // with more context tokens and the same sequences: a replica then promises its next steps
  // take at least the one in flight (Replica::PublishQuiet).
  virtual bool DecodeGrowsWithContext() const { return false; }
};

// A transparent timer for tests and what-if runs: fixed + per prefill token + per decode
// sequence + per context token read, in nanoseconds.
class LinearStepTimer : public StepTimer {
 public:
  LinearStepTimer(TimeNs fixed_ns, TimeNs per_prefill_token_ns, TimeNs per_decode_seq_ns,
                  double per_context_token_ns = 0)
      : fixed_ns_(fixed_ns),
        prefill_ns_(per_prefill_token_ns),
        decode_ns_(per_decode_seq_ns),
        context_ns_(per_context_token_ns) {}
  TimeNs StepNs(const BatchShape& b) const override {
    return fixed_ns_ + prefill_ns_ * b.prefill_tokens + decode_ns_ * b.decode_seqs +
           static_cast<TimeNs>(context_ns_ * static_cast<double>(b.decode_context_tokens +
                                                                 b.prefill_context_tokens));
  }
  TimeNs MinStepNs() const override {
    const bool monotone = prefill_ns_ >= 0 && decode_ns_ >= 0 && context_ns_ >= 0;
    return monotone ? std::max<TimeNs>(1, fixed_ns_) : 1;
  }
  bool DecodeGrowsWithContext() const override { return context_ns_ >= 0; }

 private:
  TimeNs fixed_ns_, prefill_ns_, decode_ns_;
  double context_ns_;
};

}  // namespace plan
