#include "probe/calibrate_api.h"

#include <fmt/format.h>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>

#include "probe/toml_text.h"
#include "util/error_stats.h"

namespace plan {

namespace {

// Half-width, in percent, of the 90% confidence interval of a lognormal median estimated from
// `n` samples of log-spread `sigma`, rounded up, at least kMinErrorPct (a probe measures one
// afternoon; providers drift).
double MedianBandPct(double sigma, int64_t n) {
  if (n <= 0) return kMinErrorPct;
  const double half = 1.645 * sigma / std::sqrt(static_cast<double>(n));
  return std::max(kMinErrorPct, std::ceil(100 * (std::exp(half) - 1) - 1e-9));
}

struct LogStats {
  double mean = 0, sigma = 0;
};

// Mean and sample standard deviation (0 for one value).
LogStats MeanSigma(const std::vector<double>& v) {
  LogStats s;
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  if (v.size() < 2) return s;
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sigma = std::sqrt(ss / static_cast<double>(v.size() - 1));
  return s;
}

}  // namespace

Result<ApiLatencyFit> FitApiLatency(const ProbeResult& probe, const std::string& probe_path,
                                    double rtt_s) {
  std::vector<double> x, y, log_speed;
  for (const ProbeRow& r : probe.rows) {
    if (!r.ok || r.ttft_s <= 0) continue;
    x.push_back(static_cast<double>(r.input_tokens));
    y.push_back(r.ttft_s);
    if (r.output_tokens >= 2 && r.tpot_s > 0) log_speed.push_back(-std::log(r.tpot_s));
  }
  if (x.size() < 2)
    return Status::Invalid(
        fmt::format("{}: calibration needs at least 2 successful requests; the probe has {}",
                    probe_path, x.size()));
  if (log_speed.empty())
    return Status::Invalid(fmt::format(
        "{}: calibration needs a successful request with 2 or more output tokens (for the "
        "output speed); the probe has none",
        probe_path));
  ApiLatencyFit fit;
  fit.ttft_samples = static_cast<int64_t>(x.size());
  fit.speed_samples = static_cast<int64_t>(log_speed.size());
  const double mean_y = MeanSigma(y).mean;
  double a = mean_y, b = 0;
  if (std::set<double>(x.begin(), x.end()).size() < 2) {
    fit.warnings.push_back(fmt::format(
        "every request had {} input tokens: the per-input-token TTFT cannot be fitted and is "
        "set to 0; probe with --prompt-tokens uniform:LO:HI to fit it",
        x.front()));
  } else {
    Eigen::MatrixXd A(static_cast<Eigen::Index>(x.size()), 2);
    Eigen::VectorXd rhs(static_cast<Eigen::Index>(x.size()));
    for (size_t i = 0; i < x.size(); ++i) {
      const auto row = static_cast<Eigen::Index>(i);
      A(row, 0) = 1;
      A(row, 1) = x[i];
      rhs(row) = y[i];
    }
    const Eigen::Vector2d coef = A.colPivHouseholderQr().solve(rhs);
    a = coef(0);
    b = coef(1);
    if (b < 0) {
      fit.warnings.push_back(fmt::format(
          "the fitted per-input-token TTFT was negative ({:.3g} s/token): noise dominates the "
          "input-length effect; it is set to 0",
          b));
      a = mean_y;
      b = 0;
    } else if (a < 0) {
      double sxy = 0, sxx = 0;
      for (size_t i = 0; i < x.size(); ++i) sxy += x[i] * y[i], sxx += x[i] * x[i];
      fit.warnings.push_back(fmt::format(
          "the fitted fixed TTFT was negative ({:.3g} s); it is set to 0 and the line refitted "
          "through the origin",
          a));
      a = 0;
      b = sxy / sxx;
    }
  }
  std::vector<double> log_ratio;
  for (size_t i = 0; i < x.size(); ++i) log_ratio.push_back(std::log(y[i] / (a + b * x[i])));
  const LogStats r = MeanSigma(log_ratio);
  a *= std::exp(r.mean);
  b *= std::exp(r.mean);
  fit.ttft_sigma = r.sigma;
  double ss = 0;
  for (size_t i = 0; i < x.size(); ++i) ss += std::pow(y[i] - (a + b * x[i]), 2);
  fit.ttft_rms_error_s = std::sqrt(ss / static_cast<double>(x.size()));
  fit.ttft_per_input_token_s = b;
  fit.ttft_fixed_s = a - rtt_s;
  if (fit.ttft_fixed_s < 0) {
    fit.warnings.push_back(fmt::format(
        "--rtt-s {} exceeds the fitted fixed TTFT ({:.3g} s); ttft_fixed_s is set to 0", rtt_s, a));
    fit.ttft_fixed_s = 0;
  }
  const LogStats s = MeanSigma(log_speed);
  fit.output_tokens_per_s = std::exp(s.mean);
  fit.output_sigma = s.sigma;
  fit.ttft_error_pct = MedianBandPct(fit.ttft_sigma, fit.ttft_samples);
  fit.output_speed_error_pct = MedianBandPct(fit.output_sigma, fit.speed_samples);
  return fit;
}

std::string ApiOverlayToml(const ApiLatencyFit& fit, const ProbeResult& probe,
                           const std::string& offer_id, double rtt_s) {
  const std::string provenance = fmt::format(
      "plan calibrate: {} requests to {} (model '{}', {} endpoint) probed {}; TTFT line rms error "
      "{:.3g} s{}",
      fit.ttft_samples, probe.url, probe.model, probe.endpoint, probe.date, fit.ttft_rms_error_s,
      rtt_s > 0 ? fmt::format("; {} s network round trip taken off ttft_fixed_s", rtt_s)
                : "; ttft_fixed_s includes the network round trip from where the probe ran");
  std::string out;
  out += fmt::format("# Catalog overlay written by plan calibrate {} from {}.\n", PLAN_VERSION,
                     probe.url);
  out +=
      "# Use: plan simulate --calibration THIS_FILE SCENARIO (or put it in a --catalog "
      "directory).\n";
  out += "# The offer's latency figures, fitted to what was measured; its prices are untouched.\n";
  for (const std::string& w : fit.warnings) out += "# warning: " + w + "\n";
  out += "\n[[offer_profile]]\n";
  out += "match = " + TomlQuote(offer_id) + "\n";
  out += "ttft_fixed_s = " + TomlNumber(fit.ttft_fixed_s) + "\n";
  out += "ttft_per_input_token_s = " + TomlNumber(fit.ttft_per_input_token_s) + "\n";
  out += "ttft_sigma = " + TomlNumber(fit.ttft_sigma) + "\n";
  out += "output_tokens_per_s = " + TomlNumber(fit.output_tokens_per_s) + "\n";
  out += "output_sigma = " + TomlNumber(fit.output_sigma) + "\n";
  out += "latency_basis = \"calibrated\"\n";
  out += "ttft_error_pct = " + TomlNumber(fit.ttft_error_pct) + "\n";
  out += "output_speed_error_pct = " + TomlNumber(fit.output_speed_error_pct) + "\n";
  out += "source = " + TomlQuote(provenance) + "\n";
  out += "checked = " + TomlQuote(DateOf(probe.date)) + "\n";
  return out;
}

}  // namespace plan
