#include "decide/volume_sweep.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "util/input_limits.h"

namespace plan {

namespace {

BreakevenPoint PointFrom(double rps, const CandidateRow& row, int32_t replicas) {
  BreakevenPoint p;
  p.volume_rps = rps;
  p.feasible = row.slo.met;
  p.replicas = replicas;
  p.gpus = row.resources.gpus;
  p.usd_per_month = row.slo.met ? row.cost.usd_per_month : 0;
  p.ttft_p99_s = row.latency.ttft_s.p99;
  p.tpot_p99_s = row.latency.tpot_s.p99;
  p.slo_attainment = row.slo.attainment;
  return p;
}

}  // namespace

VolumeSweep::VolumeSweep(const Scenario& scenario, WorkloadVolume base, int32_t max_replicas,
                         const CandidateEvaluator& evaluate)
    : scenario_(scenario),
      base_(base),
      max_replicas_(max_replicas),
      evaluate_(evaluate),
      memo_(scenario.candidates.size()) {
  assert(base_.requests_per_s > 0 && max_replicas_ >= 0);
}

bool VolumeSweep::Resized(size_t i) const {
  const CandidateSpec& c = candidate(i);
  return c.kind == CandidateKind::kSelfHosted && !c.self_hosted.autoscale.enabled &&
         !c.self_hosted.lora.dedicated;
}

Result<BreakevenPoint> VolumeSweep::At(size_t i, double rps) {
  auto it = memo_[i].points.find(rps);
  if (it != memo_[i].points.end()) return it->second;
  Result<BreakevenPoint> p = Evaluate(i, rps);
  if (!p.ok()) return p.status();
  memo_[i].points.emplace(rps, *p);
  return p;
}

Result<BreakevenPoint> VolumeSweep::Evaluate(size_t i, double rps) {
  if (Resized(i)) return Size(i, rps);
  Result<CandidateRow> row = Run(i, rps, 0);
  if (!row.ok()) return row.status();
  return PointFrom(rps, *row, 0);
}

Result<CandidateRow> VolumeSweep::Run(size_t i, double rps, int32_t replicas) {
  Scenario at = AtVolume(scenario_, base_, rps);
  CandidateSpec spec = candidate(i);
  if (replicas > 0) spec.self_hosted.replicas = replicas;
  ++memo_[i].simulations;
  return evaluate_(at, spec);
}

Result<BreakevenPoint> VolumeSweep::Size(size_t i, double rps) {
  // Bounds from the volumes already sized (see the header's monotonicity assumption).
  int32_t lo = 1;
  int32_t hint = std::numeric_limits<int32_t>::max();
  int32_t scaled = 0;  // a lower volume's count scaled up to this one
  for (const auto& [v, p] : memo_[i].points) {
    if (v < rps) {
      if (!p.feasible) {
        BreakevenPoint none;
        none.volume_rps = rps;
        return none;
      }
      lo = std::max(lo, p.replicas);
      scaled =
          std::max(scaled, static_cast<int32_t>(std::min(1e9, std::ceil(p.replicas * rps / v))));
    } else if (p.feasible) {
      hint = std::min(hint, p.replicas);
    }
  }

  Memo& memo = memo_[i];
  std::map<int32_t, CandidateRow> tried;
  auto meets = [&](int32_t n) -> Result<bool> {
    Result<CandidateRow> row = Run(i, rps, n);
    if (!row.ok()) return row.status();
    const bool met = row->slo.met;
    // One replica's capacity bound on this request mix: the same at every volume and count.
    if (row->load.capacity_requests_per_s > 0)
      memo.replica_capacity = row->load.capacity_requests_per_s / n;
    tried.emplace(n, std::move(row).value());
    return met;
  };
  // The replicas the capacity bound needs at this volume (load 1), once a run has told it; a
  // fleet cannot meet a latency SLO with fewer unless the workload is too short to queue up.
  auto bound = [&]() -> int32_t {
    if (memo.replica_capacity <= 0) return 0;
    return static_cast<int32_t>(std::min(1e9, std::ceil(rps / memo.replica_capacity)));
  };
  // The most replicas tried: --max-replicas, else 4x the bound's count (at a load of 0.25 more
  // replicas barely move latency), 4x a lower volume's count scaled to this one (the bound
  // misses what it does not model, such as LoRA's max_loras), and at least kMinReplicaLimit.
  auto limit = [&]() -> int32_t {
    if (max_replicas_ > 0) return max_replicas_;
    return static_cast<int32_t>(std::min<int64_t>(
        limits::kMaxReplicas, std::max<int64_t>({kMinReplicaLimit, 4LL * bound(), 4LL * scaled})));
  };

  int32_t pass = -1, fail = lo - 1;
  if (hint >= lo && hint <= limit()) {
    Result<bool> m = meets(hint);
    if (!m.ok()) return m.status();
    if (*m)
      pass = hint;
    else
      fail = hint;
  }
  if (pass < 0) {
    // Up from the bound's count (or from the lowest count not yet failed), doubling.
    int32_t n = std::max({lo, fail + 1, bound()});
    bool grew_once = false;
    for (;;) {
      n = std::min(n, limit());
      Result<bool> m = meets(n);
      if (!m.ok()) return m.status();
      if (*m) {
        pass = n;
        break;
      }
      fail = n;
      if (n >= limit()) {
        BreakevenPoint none = PointFrom(rps, tried.at(n), n);
        none.feasible = false;
        none.usd_per_month = 0;
        return none;
      }
      // At the bound's count the answer is usually near (the simulator serves 80-100% of the
      // bound): grow by a quarter once; past that (a latency SLO that needs a light load), or
      // without a bound, double.
      const bool at_bound = bound() > 0 && n == std::max({lo, bound()}) && !grew_once;
      const int32_t grown = at_bound ? static_cast<int32_t>(std::ceil(n * 1.25)) : 2 * n;
      grew_once = grew_once || at_bound;
      n = std::max({n + 1, bound(), grown});
    }
  }
  // The count found going up usually is the answer: try one fewer first, then bisect the rest.
  if (pass - 1 > fail) {
    Result<bool> m = meets(pass - 1);
    if (!m.ok()) return m.status();
    if (*m)
      pass = pass - 1;
    else
      fail = pass - 1;
  }
  while (pass - fail > 1) {
    const int32_t mid = fail + (pass - fail) / 2;
    Result<bool> m = meets(mid);
    if (!m.ok()) return m.status();
    if (*m)
      pass = mid;
    else
      fail = mid;
  }
  return PointFrom(rps, tried.at(pass), pass);
}

std::vector<BreakevenPoint> VolumeSweep::Points(size_t i) const {
  std::vector<BreakevenPoint> out;
  for (const auto& [v, p] : memo_[i].points) out.push_back(p);
  return out;
}

int64_t VolumeSweep::simulations() const {
  int64_t n = 0;
  for (const Memo& m : memo_) n += m.simulations;
  return n;
}

}  // namespace plan
