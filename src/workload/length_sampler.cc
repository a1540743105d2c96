#include "workload/length_sampler.h"

#include <fmt/format.h>
#include <algorithm>
#include <cassert>
#include <cmath>

#include "workload/trace_source.h"

namespace plan {

namespace {

// Rounds a real draw to a token count within [lo, hi], never overflowing on huge tails.
int32_t ToTokens(double x, int64_t lo, int64_t hi) {
  if (!(x < static_cast<double>(hi))) return static_cast<int32_t>(hi);
  int64_t v = std::llround(x);
  return static_cast<int32_t>(std::clamp(v, lo, hi));
}

}  // namespace

Result<std::shared_ptr<const EmpiricalLengths>> LoadEmpiricalLengths(const std::string& path,
                                                                     const std::string& format) {
  TraceOpenOptions opt;
  opt.path = path;
  opt.format = format;
  opt.lengths_only = true;
  Result<std::unique_ptr<WorkloadStream>> trace = OpenTrace(opt);
  if (!trace.ok()) return trace.status();
  auto lengths = std::make_shared<EmpiricalLengths>();
  Request r;
  while ((*trace)->Next(&r)) {
    lengths->input.push_back(r.input_tokens);
    lengths->output.push_back(r.output_tokens);
  }
  PLAN_RETURN_IF_ERROR((*trace)->status());
  if (lengths->input.empty())
    return Status::Invalid(fmt::format("{}: the trace has no rows to resample lengths from", path));
  return std::shared_ptr<const EmpiricalLengths>(std::move(lengths));
}

LengthSampler::LengthSampler(const LengthDist& dist,
                             std::shared_ptr<const EmpiricalLengths> empirical)
    : dist_(dist), empirical_(std::move(empirical)) {
  if (dist_.kind == LengthKind::kEmpirical) {
    assert(empirical_ && !empirical_->input.empty());
    values_ = dist_.column == "output" ? &empirical_->output : &empirical_->input;
  }
}

int32_t LengthSampler::Draw(Rng& rng) const {
  const LengthDist& d = dist_;
  switch (d.kind) {
    case LengthKind::kFixed:
      return static_cast<int32_t>(d.value);
    case LengthKind::kUniform:
      return static_cast<int32_t>(d.min + static_cast<int64_t>(rng.Below(d.max - d.min + 1)));
    case LengthKind::kNormal: {
      // Truncated at >= 1 by redrawing; the parser requires mean >= 1, so at least half of
      // the draws are accepted.
      double x;
      do {
        x = rng.Normal(d.mean, d.stddev);
      } while (!(x >= 0.5));
      return ToTokens(x, std::max<int64_t>(d.min, 1), d.max);
    }
    case LengthKind::kLogNormal:
      return ToTokens(rng.LogNormal(d.median, d.sigma), std::max<int64_t>(d.min, 1), d.max);
    case LengthKind::kEmpirical:
      return (*values_)[rng.Below(values_->size())];
  }
  return 1;
}

}  // namespace plan
