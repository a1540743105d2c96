#include "decide/headroom.h"

#include <cmath>

namespace plan {

Result<Headroom> FindHeadroom(const Scenario& scenario, const CandidateSpec& candidate,
                              const CandidateRow& at_offered, const CandidateEvaluator& evaluate) {
  Result<WorkloadVolume> base = MeasureWorkload(scenario);
  if (!base.ok()) return base.status();
  Headroom h;
  h.offered_requests_per_s = base->requests_per_s;
  auto meets = [&](double rate) -> Result<bool> {
    ++h.simulations;
    Result<CandidateRow> row = evaluate(AtVolume(scenario, *base, rate), candidate);
    if (!row.ok()) return row.status();
    return row->slo.met;
  };
  const double offered = base->requests_per_s;
  double good = 0, bad = 0;
  if (at_offered.slo.met) {
    good = offered;
    for (double rate = offered * 2; rate <= offered * kHeadroomMaxFactor * 1.0001; rate *= 2) {
      Result<bool> ok = meets(rate);
      if (!ok.ok()) return ok.status();
      if (!*ok) {
        bad = rate;
        break;
      }
      good = rate;
    }
  } else {
    bad = offered;
    for (double rate = offered / 2; rate >= offered * kHeadroomMinFactor * 0.9999; rate /= 2) {
      Result<bool> ok = meets(rate);
      if (!ok.ok()) return ok.status();
      if (*ok) {
        good = rate;
        break;
      }
      bad = rate;
    }
  }
  if (good > 0 && bad > 0) {
    for (int i = 0; i < kHeadroomBisections; ++i) {
      const double mid = std::sqrt(good * bad);
      Result<bool> ok = meets(mid);
      if (!ok.ok()) return ok.status();
      (*ok ? good : bad) = mid;
    }
  }
  h.meets_requests_per_s = good;
  h.misses_requests_per_s = bad;
  return h;
}

}  // namespace plan
