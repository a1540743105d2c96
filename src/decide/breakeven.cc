#include "decide/breakeven.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "decide/crossovers.h"
#include "decide/volume_sweep.h"
#include "decide/workload_volume.h"

namespace plan {

const std::vector<PriceFactors>& DefaultSensitivity() {
  static const std::vector<PriceFactors> cases = {{0.7, 1}, {1.3, 1}, {1, 0.5}, {1, 1.5}};
  return cases;
}

std::vector<double> LogGrid(double lo, double hi, int n) {
  std::vector<double> grid(n);
  // pow of an exact ratio keeps round volumes round: 1..16 in 5 points is 1, 2, 4, 8, 16.
  for (int k = 0; k < n; ++k) grid[k] = lo * std::pow(hi / lo, static_cast<double>(k) / (n - 1));
  grid.front() = lo;
  grid.back() = hi;
  return grid;
}

namespace {

// Every candidate at every grid volume, candidates spread over threads. Each candidate's
// volumes run in ascending order on one thread, so what it simulates never depends on threads.
Status SweepGrid(VolumeSweep& sweep, const std::vector<double>& grid, int threads) {
  const size_t n = sweep.size();
  std::vector<Status> errors(n);
  auto work = [&](size_t first, size_t stride) {
    for (size_t i = first; i < n; i += stride) {
      for (double v : grid) {
        Result<BreakevenPoint> p = sweep.At(i, v);
        if (!p.ok()) {
          errors[i] = p.status();
          break;
        }
      }
    }
  };
  const size_t t = std::clamp<size_t>(threads, 1, std::max<size_t>(1, n));
  if (t == 1) {
    work(0, 1);
  } else {
    std::vector<std::thread> pool;
    for (size_t k = 0; k < t; ++k) pool.emplace_back(work, k, t);
    for (std::thread& th : pool) th.join();
  }
  for (const Status& s : errors)
    if (!s.ok()) return s;
  return Status::Ok();
}

std::vector<std::string> Notes(const VolumeSweep& sweep, const BreakevenOptions& options) {
  std::vector<std::string> notes;
  std::string resized, kept, dedicated, unscaled;
  for (size_t i = 0; i < sweep.size(); ++i) {
    const CandidateSpec& c = sweep.candidate(i);
    const std::string quoted = "'" + c.name + "'";
    if (sweep.Resized(i))
      resized += (resized.empty() ? "" : ", ") + quoted;
    else if (c.kind == CandidateKind::kSelfHosted && c.self_hosted.lora.dedicated)
      dedicated += (dedicated.empty() ? "" : ", ") + quoted;
    else if (c.kind == CandidateKind::kSelfHosted)
      kept += (kept.empty() ? "" : ", ") + quoted;
    if (c.kind != CandidateKind::kSelfHosted && c.kind != CandidateKind::kApi)
      unscaled +=
          fmt::format("{}{} ({})", unscaled.empty() ? "" : ", ", quoted, CandidateKindName(c.kind));
  }
  if (!resized.empty())
    notes.push_back(fmt::format(
        "fleets re-sized at every volume to the smallest replica count "
        "({}) that meets the SLO: {}",
        options.max_replicas > 0
            ? fmt::format("1 to {}", options.max_replicas)
            : std::string("up to 4x what the capacity bound or a lower volume needs, at least 8"),
        resized));
  if (!kept.empty())
    notes.push_back(
        "autoscaled fleets run as the scenario gives them; their autoscaler sizes "
        "them: " +
        kept);
  if (!dedicated.empty())
    notes.push_back(
        "dedicated fine-tunes keep one replica per adapter at every volume (a busy adapter's "
        "replica may miss the SLO where a team would give it more): " +
        dedicated);
  if (!unscaled.empty())
    notes.push_back(
        "price factors apply to self_hosted and api candidates only; these keep "
        "their prices: " +
        unscaled);
  notes.push_back(
      "crossovers are found between neighbouring grid volumes; two crossings "
      "inside one interval cancel out, so use more --points to see them");
  return notes;
}

// The cases asked for, else the default table less the cases that change no price here
// (an API price factor without api candidates, a GPU one without fleets).
std::vector<PriceFactors> SensitivityCases(const Scenario& scenario,
                                           const BreakevenOptions& options) {
  if (!options.sensitivity.empty()) return options.sensitivity;
  bool fleets = false, apis = false;
  for (const CandidateSpec& c : scenario.candidates) {
    fleets |= c.kind == CandidateKind::kSelfHosted;
    apis |= c.kind == CandidateKind::kApi;
  }
  std::vector<PriceFactors> cases;
  for (const PriceFactors& f : DefaultSensitivity())
    if ((f.gpu != 1 && fleets) || (f.api != 1 && apis)) cases.push_back(f);
  return cases;
}

}  // namespace

Result<BreakevenReport> RunBreakeven(const Scenario& scenario, const BreakevenOptions& options,
                                     const CandidateEvaluator& evaluate) {
  if (options.points < 2)
    return Status::Invalid(
        fmt::format("--points {} is too few: a sweep needs at least 2 volumes", options.points));
  if (options.max_replicas < 0)
    return Status::Invalid(
        fmt::format("--max-replicas {} must be at least 1", options.max_replicas));
  Result<WorkloadVolume> base = MeasureWorkload(scenario);
  if (!base.ok()) return base.status();
  const double lo =
      options.min_rps > 0 ? options.min_rps : base->requests_per_s / kDefaultVolumeSpan;
  const double hi =
      options.max_rps > 0 ? options.max_rps : base->requests_per_s * kDefaultVolumeSpan;
  if (!(lo < hi))
    return Status::Invalid(fmt::format(
        "the volume range is empty: from {:g} to {:g} requests/s (--min-rate must be below "
        "--max-rate; the workload's own rate is {:g})",
        lo, hi, base->requests_per_s));

  BreakevenReport report;
  report.scenario = scenario.name;
  report.seed = scenario.seed;
  report.slo = scenario.slo;
  report.workload_rps = base->requests_per_s;
  report.tokens_per_request = base->tokens_per_request;
  report.max_replicas = options.max_replicas;
  report.grid_rps = LogGrid(lo, hi, options.points);

  VolumeSweep sweep(scenario, *base, options.max_replicas, evaluate);
  PLAN_RETURN_IF_ERROR(SweepGrid(sweep, report.grid_rps, options.threads));
  PLAN_RETURN_IF_ERROR(FindCrossovers(sweep, report.grid_rps, &report.base));
  for (const PriceFactors& f : SensitivityCases(scenario, options)) {
    PriceCase c;
    c.gpu_price_factor = f.gpu;
    c.api_price_factor = f.api;
    PLAN_RETURN_IF_ERROR(FindCrossovers(sweep, report.grid_rps, &c));
    report.sensitivity.push_back(std::move(c));
  }

  for (size_t i = 0; i < sweep.size(); ++i) {
    BreakevenCurve curve{sweep.candidate(i).name, CandidateKindName(sweep.candidate(i).kind),
                         sweep.Resized(i), sweep.Points(i)};
    for (BreakevenPoint& p : curve.points)
      p.grid = std::binary_search(report.grid_rps.begin(), report.grid_rps.end(), p.volume_rps);
    report.curves.push_back(std::move(curve));
  }
  report.notes = Notes(sweep, options);
  return report;
}

}  // namespace plan
