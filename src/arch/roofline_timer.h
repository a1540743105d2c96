// Prices each engine step with the roofline model.
#pragma once

#include "perf/step_model.h"
#include "sim/step_timer.h"

namespace plan {

class RooflineTimer : public StepTimer {
 public:
  explicit RooflineTimer(const StepModel* model) : model_(model) {}
  TimeNs StepNs(const BatchShape& b) const override { return SecondsToNs(model_->StepTimeS(b)); }

 private:
  const StepModel* model_;
};

}  // namespace plan
