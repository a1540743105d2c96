// Calibrating an API offer's latency model (the api candidate's, src/arch/api_target.h on
// branch api) to a probe:
//   TTFT service ~ LogNormal(median ttft_fixed_s + ttft_per_input_token_s x input tokens,
//                            ttft_sigma)
//   output speed ~ LogNormal(median output_tokens_per_s, output_sigma), TPOT = 1 / speed
// The median line is a least-squares fit (Eigen) of TTFT on input tokens over every successful
// request, rescaled so the log residuals average zero (least squares fits the mean, which for a
// lognormal is the median x exp(sigma^2 / 2)); ttft_sigma is the residuals' standard deviation.
// The speed fit is the geometric mean and log standard deviation of 1 / TPOT per request.
#pragma once

#include <string>
#include <vector>

#include "probe/probe_result.h"
#include "util/status.h"

namespace plan {

struct ApiLatencyFit {
  double ttft_fixed_s = 0;
  double ttft_per_input_token_s = 0;
  double ttft_sigma = 0;
  double output_tokens_per_s = 0;
  double output_sigma = 0;
  int64_t ttft_samples = 0;
  int64_t speed_samples = 0;    // requests with 2 or more output tokens
  double ttft_rms_error_s = 0;  // of the fitted median line against the measured TTFTs
  // The band reports apply to the calibrated figures, in percent: the 90% confidence interval
  // of each fitted median (1.645 sigma / sqrt(samples) in log space), at least kMinErrorPct.
  double ttft_error_pct = 0;
  double output_speed_error_pct = 0;
  std::vector<std::string> warnings;
};

// `rtt_s`: network round trip already inside the measured TTFTs, taken off ttft_fixed_s
// (the simulator adds the users' own RTT). Fails (Status::Invalid, naming `probe_path`) with
// fewer than 2 successful requests.
Result<ApiLatencyFit> FitApiLatency(const ProbeResult& probe, const std::string& probe_path,
                                    double rtt_s = 0);

// A catalog overlay with one [[offer_profile]] whose match is `offer_id`: the five latency
// figures (latency_basis = "calibrated", with their error bands), and the probe's endpoint and
// date in source / checked.
std::string ApiOverlayToml(const ApiLatencyFit& fit, const ProbeResult& probe,
                           const std::string& offer_id, double rtt_s);

}  // namespace plan
