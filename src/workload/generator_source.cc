#include "workload/generator_source.h"

#include <fmt/format.h>
#include <cmath>
#include <optional>

#include "util/input_limits.h"
#include "util/rng.h"
#include "util/units.h"
#include "workload/length_sampler.h"

namespace plan {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

class GeneratorSource : public WorkloadStream {
 public:
  GeneratorSource(const GeneratorSpec& spec, uint64_t seed, int64_t max_requests,
                  int64_t max_total_tokens, ContextClip clip, LengthSampler input,
                  LengthSampler output, bool joint)
      : spec_(spec),
        max_requests_(max_requests),
        max_total_tokens_(max_total_tokens),
        clip_(clip),
        arrival_rng_(Rng::Stream(seed, "workload", "arrival")),
        input_rng_(Rng::Stream(seed, "workload", "input_tokens")),
        output_rng_(Rng::Stream(seed, "workload", "output_tokens")),
        input_(std::move(input)),
        output_(std::move(output)),
        joint_(joint) {
    stats_.format = "generator";
    duration_ns_ = spec.duration_s > 0 ? SecondsToNs(spec.duration_s) : 0;
    double k = 1.0 / (spec.burstiness * spec.burstiness);
    gamma_shape_ = k;
    gamma_scale_s_ = spec.rate_per_s > 0 ? 1.0 / (spec.rate_per_s * k) : 0;
    // Diurnal: rate(t) = mean * (1 - a cos(2 pi t / period)), trough at t = 0, with
    // a = (r - 1) / (r + 1) so that peak / trough = r and the mean is rate_per_s.
    double r = spec.peak_to_trough;
    diurnal_amplitude_ = (r - 1.0) / (r + 1.0);
    diurnal_peak_per_s_ = spec.rate_per_s * (1.0 + diurnal_amplitude_);
  }

  bool Next(Request* r) override {
    int64_t i = stats_.requests;
    if (!status_.ok()) return false;
    if (spec_.requests > 0 && i >= spec_.requests) return false;
    if (max_requests_ > 0 && i >= max_requests_) return false;
    TimeNs t = i == 0 ? 0 : NextArrival(i);
    if (duration_ns_ > 0 && t >= duration_ns_) return false;
    if (t >= kMaxTimeNs) {
      // Each gap is clamped (SecondsToNs), so t cannot overflow before this check; reaching
      // the clamp means the arrival lies beyond it.
      status_ = Status::Invalid(fmt::format(
          "{}: request {} would arrive after {:.0f} years, the longest span plan simulates; "
          "raise rate_per_s or lower requests",
          spec_.loc.ToString(), i + 1, limits::kMaxSeconds / (365.25 * 86400)));
      return false;
    }
    t_ns_ = t;
    int32_t input, output;
    if (joint_) {
      uint64_t row = input_rng_.Below(input_.values()->size());
      input = (*input_.values())[row];
      output = (*output_.values())[row];
    } else {
      input = input_.Draw(input_rng_);
      output = output_.Draw(output_rng_);
    }
    if (ClipToContext(max_total_tokens_, &input, &output, clip_)) ++stats_.clipped;
    r->id = static_cast<uint64_t>(i);
    r->arrival_ns = t;
    r->input_tokens = input;
    r->output_tokens = output;
    r->prefix_hashes.clear();
    r->prefix_block_tokens = 0;
    r->session = 0;
    r->region = -1;
    r->label = -1;
    ++stats_.requests;
    return true;
  }

  Status status() const override { return status_; }

 private:
  // The arrival time of request i >= 1, given t_ns_ of request i - 1.
  TimeNs NextArrival(int64_t i) {
    switch (spec_.arrival) {
      case ArrivalKind::kOffline:
        return 0;
      case ArrivalKind::kConstant:
        // From i, not by accumulating gaps, so rounding never drifts.
        return SecondsToNs(static_cast<double>(i) / spec_.rate_per_s);
      case ArrivalKind::kPoisson:
        return t_ns_ + SecondsToNs(arrival_rng_.Exponential(1.0 / spec_.rate_per_s));
      case ArrivalKind::kGamma:
        return t_ns_ + SecondsToNs(arrival_rng_.Gamma(gamma_shape_, gamma_scale_s_));
      case ArrivalKind::kDiurnal: {
        // Thinning (Lewis & Shedler 1979): candidates at the peak rate, each kept with
        // probability rate(t) / peak.
        TimeNs t = t_ns_;
        for (;;) {
          t += SecondsToNs(arrival_rng_.Exponential(1.0 / diurnal_peak_per_s_));
          if ((duration_ns_ > 0 && t >= duration_ns_) || t >= kMaxTimeNs) return t;
          double phase = kTwoPi * NsToSeconds(t) / spec_.period_s;
          double rate = spec_.rate_per_s * (1.0 - diurnal_amplitude_ * std::cos(phase));
          if (arrival_rng_.Uniform() * diurnal_peak_per_s_ < rate) return t;
        }
      }
    }
    return t_ns_;
  }

  GeneratorSpec spec_;
  int64_t max_requests_;
  int64_t max_total_tokens_;
  ContextClip clip_;
  Rng arrival_rng_, input_rng_, output_rng_;
  LengthSampler input_, output_;
  bool joint_;
  TimeNs t_ns_ = 0;
  TimeNs duration_ns_ = 0;
  double gamma_shape_ = 1, gamma_scale_s_ = 0;
  double diurnal_amplitude_ = 0, diurnal_peak_per_s_ = 0;
  Status status_;
};

bool SameSource(const LengthDist& a, const LengthDist& b) {
  return a.trace_path == b.trace_path && a.trace_format == b.trace_format;
}

}  // namespace

Result<std::unique_ptr<WorkloadStream>> OpenGenerator(const GeneratorSpec& spec, uint64_t seed,
                                                      int64_t max_requests,
                                                      int64_t max_total_tokens, ContextClip clip) {
  const LengthDist& in = spec.input_tokens;
  const LengthDist& out = spec.output_tokens;
  std::shared_ptr<const EmpiricalLengths> in_values, out_values;
  if (in.kind == LengthKind::kEmpirical) {
    auto loaded = LoadEmpiricalLengths(in.trace_path, in.trace_format);
    if (!loaded.ok()) return loaded.status();
    in_values = *loaded;
  }
  if (out.kind == LengthKind::kEmpirical) {
    if (in_values && SameSource(in, out)) {
      out_values = in_values;
    } else {
      auto loaded = LoadEmpiricalLengths(out.trace_path, out.trace_format);
      if (!loaded.ok()) return loaded.status();
      out_values = *loaded;
    }
  }
  bool joint = in_values && in_values == out_values && in.column != out.column;
  return std::unique_ptr<WorkloadStream>(
      new GeneratorSource(spec, seed, max_requests, max_total_tokens, clip,
                          LengthSampler(in, in_values), LengthSampler(out, out_values), joint));
}

}  // namespace plan
