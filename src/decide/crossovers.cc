#include "decide/crossovers.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace plan {

double ScaledCost(const BreakevenPoint& p, CandidateKind kind, const PriceCase& factors) {
  if (kind == CandidateKind::kSelfHosted) return p.usd_per_month * factors.gpu_price_factor;
  if (kind == CandidateKind::kApi) return p.usd_per_month * factors.api_price_factor;
  return p.usd_per_month;
}

namespace {

class Finder {
 public:
  Finder(VolumeSweep& sweep, PriceCase* f) : sweep_(sweep), f_(*f) {}

  // Candidate i's scaled cost at `rps`; nullopt when it misses the SLO there.
  Result<std::optional<double>> Cost(size_t i, double rps) {
    Result<BreakevenPoint> p = sweep_.At(i, rps);
    if (!p.ok()) return p.status();
    if (!p->feasible) return std::optional<double>();
    return std::optional<double>(ScaledCost(*p, sweep_.candidate(i).kind, f_));
  }

  // Candidate i's cost is a straight line in volume between lo and hi: a per-request price, or
  // a re-sized fleet of one size at both ends.
  Result<bool> Linear(size_t i, double lo, double hi) {
    if (sweep_.candidate(i).kind == CandidateKind::kApi) return true;
    if (!sweep_.Resized(i)) return false;
    Result<BreakevenPoint> a = sweep_.At(i, lo);
    if (!a.ok()) return a.status();
    Result<BreakevenPoint> b = sweep_.At(i, hi);
    if (!b.ok()) return b.status();
    return a->replicas == b->replicas;
  }

  Result<bool> BothLinear(size_t a, size_t b, double lo, double hi) {
    Result<bool> la = Linear(a, lo, hi);
    if (!la.ok()) return la.status();
    Result<bool> lb = Linear(b, lo, hi);
    if (!lb.ok()) return lb.status();
    return *la && *lb;
  }

  // The difference cost(a) - cost(b) at `rps`; nullopt when either misses the SLO.
  Result<std::optional<double>> Diff(size_t a, size_t b, double rps) {
    Result<std::optional<double>> ca = Cost(a, rps);
    if (!ca.ok()) return ca.status();
    Result<std::optional<double>> cb = Cost(b, rps);
    if (!cb.ok()) return cb.status();
    if (!*ca || !*cb) return std::optional<double>();
    return std::optional<double>(**ca - **cb);
  }

  Result<Crossover> Refine(size_t a, size_t b, double lo, double hi, double d_lo, double d_hi) {
    for (int step = 0; step < kRefineSteps; ++step) {
      Result<bool> linear = BothLinear(a, b, lo, hi);
      if (!linear.ok()) return linear.status();
      if (*linear) break;
      const double mid = std::sqrt(lo * hi);
      Result<std::optional<double>> d = Diff(a, b, mid);
      if (!d.ok()) return d.status();
      if (!*d) break;
      if (**d == 0) {
        lo = hi = mid;
        break;
      }
      if ((**d < 0) == (d_lo < 0)) {
        lo = mid;
        d_lo = **d;
      } else {
        hi = mid;
        d_hi = **d;
      }
    }
    Crossover c;
    c.cheaper_below = sweep_.candidate(d_lo < 0 ? a : b).name;
    c.cheaper_above = sweep_.candidate(d_lo < 0 ? b : a).name;
    c.lo_rps = lo;
    c.hi_rps = hi;
    c.volume_rps = lo == hi ? lo : lo + (hi - lo) * d_lo / (d_lo - d_hi);
    Result<bool> linear = BothLinear(a, b, lo, hi);
    if (!linear.ok()) return linear.status();
    c.exact = *linear;
    return c;
  }

  // The cheapest candidate meeting the SLO at `rps` (ties: scenario order); "" when none.
  Result<std::string> Winner(double rps) {
    std::string best;
    double best_cost = 0;
    for (size_t i = 0; i < sweep_.size(); ++i) {
      Result<std::optional<double>> c = Cost(i, rps);
      if (!c.ok()) return c.status();
      if (*c && (best.empty() || **c < best_cost)) {
        best = sweep_.candidate(i).name;
        best_cost = **c;
      }
    }
    return best;
  }

  Status Crossovers(const std::vector<double>& grid) {
    for (size_t a = 0; a < sweep_.size(); ++a) {
      for (size_t b = a + 1; b < sweep_.size(); ++b) {
        for (size_t k = 0; k + 1 < grid.size(); ++k) {
          Result<std::optional<double>> d0 = Diff(a, b, grid[k]);
          if (!d0.ok()) return d0.status();
          Result<std::optional<double>> d1 = Diff(a, b, grid[k + 1]);
          if (!d1.ok()) return d1.status();
          if (!*d0 || !*d1 || !((**d0 < 0 && **d1 > 0) || (**d0 > 0 && **d1 < 0))) continue;
          Result<Crossover> c = Refine(a, b, grid[k], grid[k + 1], **d0, **d1);
          if (!c.ok()) return c.status();
          f_.crossovers.push_back(std::move(c).value());
        }
      }
    }
    std::stable_sort(
        f_.crossovers.begin(), f_.crossovers.end(),
        [](const Crossover& x, const Crossover& y) { return x.volume_rps < y.volume_rps; });
    return Status::Ok();
  }

  Result<double> BandEdge(const std::string& below, double lo, double hi) {
    for (int step = 0; step < kRefineSteps; ++step) {
      const double mid = std::sqrt(lo * hi);
      Result<std::string> w = Winner(mid);
      if (!w.ok()) return w.status();
      if (*w == below)
        lo = mid;
      else
        hi = mid;
    }
    return std::sqrt(lo * hi);
  }

  Status Bands(const std::vector<double>& grid) {
    std::vector<std::string> winners;
    for (double v : grid) {
      Result<std::string> w = Winner(v);
      if (!w.ok()) return w.status();
      winners.push_back(*w);
    }
    VolumeBand band{grid.front(), grid.front(), winners.front()};
    for (size_t k = 0; k + 1 < grid.size(); ++k) {
      if (winners[k + 1] == winners[k]) continue;
      double edge = -1;
      for (const Crossover& c : f_.crossovers) {
        if (c.cheaper_below == winners[k] && c.cheaper_above == winners[k + 1] &&
            c.lo_rps >= grid[k] && c.hi_rps <= grid[k + 1])
          edge = c.volume_rps;
      }
      if (edge < 0) {
        Result<double> e = BandEdge(winners[k], grid[k], grid[k + 1]);
        if (!e.ok()) return e.status();
        edge = *e;
      }
      band.to_rps = edge;
      f_.bands.push_back(band);
      band = VolumeBand{edge, edge, winners[k + 1]};
    }
    band.to_rps = grid.back();
    f_.bands.push_back(band);
    return Status::Ok();
  }

 private:
  VolumeSweep& sweep_;
  PriceCase& f_;
};

}  // namespace

Status FindCrossovers(VolumeSweep& sweep, const std::vector<double>& grid, PriceCase* factors) {
  Finder finder(sweep, factors);
  PLAN_RETURN_IF_ERROR(finder.Crossovers(grid));
  return finder.Bands(grid);
}

}  // namespace plan
