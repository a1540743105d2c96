// Service-level objectives: the scenario's [slo] table and what "meets the SLO" means.
//
// A request meets the SLO when it did not fail and each bound that is set holds for its own
// figures: ttft <= ttft_p99_s, tpot <= tpot_p99_s (only when its TPOT is defined, i.e. it
// produced more than one token), e2e <= e2e_p99_s. SLO attainment is the fraction of all
// requests (failed ones included) that meet it.
//
// A candidate meets the SLO when it completed at least one request, no request failed, and
// each p99 that is bounded is within its bound. The p99s judged are the ones the report
// prints (from the quantile sketch, within 1%), so the verdict and the table never disagree.
#pragma once

#include <cstdint>
#include <optional>

namespace plan {

struct SloSpec {
  std::optional<double> ttft_p99_s;
  std::optional<double> tpot_p99_s;
  std::optional<double> e2e_p99_s;

  bool operator==(const SloSpec&) const = default;
};

// `tpot_s` is empty when the request's TPOT is undefined (one output token or fewer).
inline bool RequestMeetsSlo(const SloSpec& slo, bool failed, double ttft_s,
                            std::optional<double> tpot_s, double e2e_s) {
  if (failed) return false;
  if (slo.ttft_p99_s && ttft_s > *slo.ttft_p99_s) return false;
  if (slo.tpot_p99_s && tpot_s && *tpot_s > *slo.tpot_p99_s) return false;
  if (slo.e2e_p99_s && e2e_s > *slo.e2e_p99_s) return false;
  return true;
}

inline bool CandidateMeetsSlo(const SloSpec& slo, int64_t completed, int64_t failed,
                              double ttft_p99_s, double tpot_p99_s, double e2e_p99_s) {
  if (completed <= 0 || failed != 0) return false;
  if (slo.ttft_p99_s && ttft_p99_s > *slo.ttft_p99_s) return false;
  if (slo.tpot_p99_s && tpot_p99_s > *slo.tpot_p99_s) return false;
  if (slo.e2e_p99_s && e2e_p99_s > *slo.e2e_p99_s) return false;
  return true;
}

}  // namespace plan
