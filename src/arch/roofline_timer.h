// Prices each engine step with the roofline model.
#pragma once

#include "perf/step_model.h"
#include "sim/step_timer.h"

namespace plan {

// Pure decode steps (every sequence generating one token, nothing else in the batch) are
// remembered by their two figures, sequences and context tokens (StepTimer::DecodeStepNs): a
// day of traffic on a fleet asks for ~26M steps but only ~54,000 distinct ones
// (bench/README.md), and the roofline's kernel walk is a third of a run's time. A remembered
// step is the very value the model gave, so results are unchanged. A timer belongs to one
// simulation at a time (not thread-safe).
class RooflineTimer : public StepTimer {
 public:
  explicit RooflineTimer(const StepModel* model)
      : model_(model), min_step_ns_(FloorNs(model->MinStepTimeS(), 1)) {
    RemembersDecodeSteps();
  }
  TimeNs StepNs(const BatchShape& b) const override {
    if (b.prefill_tokens == 0 && b.prefill_seqs == 0 && b.prefill_attention_pairs == 0 &&
        b.prefill_context_tokens == 0 && b.pooled_seqs == 0 && b.lora_adapters == 0 &&
        b.decode_seqs > 0)
      return DecodeStepNs(b);
    return Compute(b);
  }
  // Every step's time multiplied by `scale` (a run at an edge of the model's error band).
  void set_scale(double scale) {
    scale_ = scale;
    min_step_ns_ = FloorNs(model_->MinStepTimeS(), scale);
    ForgetDecodeSteps();
  }
  TimeNs MinStepNs() const override { return min_step_ns_; }
  // The roofline's decode step reads every sequence's KV and attends over it: more context,
  // more bytes and FLOPs, never less time (tests/arch/roofline_timer_test.cc walks it).
  bool DecodeGrowsWithContext() const override { return true; }

 protected:
  TimeNs ComputeDecodeNs(const BatchShape& b) const override { return Compute(b); }

 private:
  TimeNs Compute(const BatchShape& b) const { return SecondsToNs(model_->StepTimeS(b) * scale_); }
  // `floor_s` scaled, in whole nanoseconds below any step's rounded time; 1 at least.
  static TimeNs FloorNs(double floor_s, double scale) {
    const double ns = floor_s * scale * 1e9 - 1;
    return ns >= 1 && ns < 1e15 ? static_cast<TimeNs>(ns) : 1;
  }

  const StepModel* model_;
  double scale_ = 1;
  TimeNs min_step_ns_;
};

}  // namespace plan
