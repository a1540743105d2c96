// How long one engine iteration takes. The replica asks once per step (not per token).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

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

  // StepNs of a pure decode batch (decode sequences only), without a virtual call where the
  // timer remembers such steps (RemembersDecodeSteps): a replica running decode steps in place
  // asks once per step.
  TimeNs DecodeStepNs(const BatchShape& b) const {
    if (!remember_) return StepNs(b);
    if (b.decode_seqs <= 0 || b.decode_seqs >= (1 << 20) || b.decode_context_tokens < 0 ||
        b.decode_context_tokens >= (int64_t{1} << 43))
      return ComputeDecodeNs(b);
    // Made at the first such step: a timer never asked costs nothing.
    if (memo_.empty()) memo_.resize(size_t{1} << kMemoBits);
    const uint64_t key =
        static_cast<uint64_t>(b.decode_seqs) << 43 | static_cast<uint64_t>(b.decode_context_tokens);
    // Consecutive steps of one batch (context + seqs each step) fall in nearby slots.
    const uint64_t slot = static_cast<uint64_t>(b.decode_context_tokens) +
                          static_cast<uint64_t>(b.decode_seqs) * 0x9E3779B1ull;
    Memo& m = memo_[slot & ((uint64_t{1} << kMemoBits) - 1)];
    if (m.key != key) {
      m.key = key;
      m.ns = ComputeDecodeNs(b);
    }
    return m.ns;
  }

 protected:
  // Pure decode steps are then remembered by their two figures, sequences and context tokens,
  // in a direct-mapped table of 65,536 (1 MiB): a new step replaces the one in its slot. Each
  // is ComputeDecodeNs's value the first time, so results do not change. Not thread-safe.
  void RemembersDecodeSteps() { remember_ = true; }
  void ForgetDecodeSteps() { memo_.clear(); }
  // What DecodeStepNs remembers: the timer's own time for a pure decode batch.
  virtual TimeNs ComputeDecodeNs(const BatchShape& b) const { return StepNs(b); }

 private:
  struct Memo {
    uint64_t key = ~uint64_t{0};  // none: no step has every bit set
    TimeNs ns = 0;
  };
  static constexpr int kMemoBits = 16;
  bool remember_ = false;
  mutable std::vector<Memo> memo_;
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
