// Prices each engine step with the roofline model.
#pragma once

#include "perf/step_model.h"
#include "sim/step_timer.h"

namespace plan {

class RooflineTimer : public StepTimer {
 public:
  explicit RooflineTimer(const StepModel* model) : model_(model) {}
  TimeNs StepNs(const BatchShape& b) const override {
    return SecondsToNs(model_->StepTimeS(b) * scale_);
  }
  // Every step's time multiplied by `scale` (a run at an edge of the model's error band).
  void set_scale(double scale) { scale_ = scale; }

 private:
  const StepModel* model_;
  double scale_ = 1;
};

}  // namespace plan
