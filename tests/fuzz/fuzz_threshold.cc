// The `--fail-on` / `--warn-on` threshold grammar of `plan diff`, and its judgement of a change.
#include <limits>

#include "fuzz_input.h"
#include "report/threshold.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  plan::Result<plan::Threshold> t = plan::ParseThreshold(plan::fuzz::Text(data, size), "--fail-on");
  if (!t.ok()) {
    plan::fuzz::CheckError(t.status());
    return 0;
  }
  const double kInf = std::numeric_limits<double>::infinity();
  for (double base : {0.0, 1.0, -3.5, 1e300})
    for (double now : {0.0, 2.0, -1e-300, kInf}) plan::ThresholdCrossed(*t, base, now);
  plan::CandidateRow row;
  plan::MetricValue(row, t->metric);
  return 0;
}
