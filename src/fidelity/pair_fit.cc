#include "fidelity/pair_fit.h"

#include <fmt/format.h>
#include <cmath>

#include "util/least_squares.h"

namespace plan {

namespace {

// Box and starts of the pair fit: compute and memory efficiency (fractions of peak), kernel,
// eager-kernel and step overheads (microseconds). The upper bounds on the efficiencies are what
// one H200 reached in bench/gpu/results (a bf16 8192^3 GEMM 0.79 of the dense peak, fp8 0.76;
// a device-to-device copy 0.87 of the datasheet bandwidth), rounded up: no engine beats the
// hardware's own ceilings.
constexpr double kLower[5] = {0.01, 0.05, 0, 0, 0};
constexpr double kUpper[5] = {0.8, 0.9, 40, 400, 50000};
constexpr double kStarts[3][5] = {
    {0.55, 0.75, 3, 30, 800}, {0.70, 0.85, 1, 10, 200}, {0.35, 0.60, 8, 80, 3000}};
// Interconnect: custom-kernel step, NCCL step, NCCL base (microseconds), efficiency, scaling
// exponent.
constexpr int kIcParams = 5;
constexpr double kInterconnectLower[kIcParams] = {0.5, 0.1, 0, 0.05, -1.5};
constexpr double kInterconnectUpper[kIcParams] = {200, 200, 200, 1.0, 3};
constexpr double kInterconnectStarts[2][kIcParams] = {{5, 1, 5, 0.7, 0}, {15, 5, 10, 0.5, 1}};

LeastSquaresOptions FitOptions() {
  LeastSquaresOptions o;
  o.jacobian_step = 1e-4;  // kinks (max of compute and memory time) need a visible step
  o.converged_step = 1e-7;
  o.max_iterations = 60;
  return o;
}

// The catalog keeps 4 significant digits; errors are recorded for the rounded figures.
double Round4(double x) {
  if (std::fabs(x) < 1e-3) return 0;  // below a nanosecond or a thousandth: nothing
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::fabs(x))));
  return std::round(x * scale) / scale;
}

Eigen::VectorXd Rounded(Eigen::VectorXd x) {
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = Round4(x(i));
  return x;
}

std::vector<double> Weights(const EvidenceGroup& g) {
  std::vector<double> w;
  for (const EvidenceRow* r : g.rows)
    w.push_back(1.0 / std::sqrt(g.rows_per_source.at(r->source_id)));
  return w;
}

Efficiency Trial(const Efficiency& base, const Eigen::VectorXd& x) {
  Efficiency e = base;
  e.compute = x(0), e.memory = x(1);
  e.kernel_overhead_s = x(2) * 1e-6, e.eager_kernel_overhead_s = x(3) * 1e-6;
  e.step_overhead_s = x(4) * 1e-6;
  return e;
}

}  // namespace

std::string EvidenceGroup::Description() const {
  std::vector<std::string> sources;
  for (const auto& [source, n] : rows_per_source)
    sources.push_back(fmt::format("{} {}", source, n));
  if (engine.empty())
    return fmt::format(
        "allreduce.csv: gpu = {}, one node, NCCL and graph-replayed custom kernels "
        "({})",
        gpu, fmt::join(sources, ", "));
  return fmt::format(
      "throughput.csv, latency.csv, llamacpp.csv: engine = {}, family = {}, "
      "mapped rows ({})",
      engine, family, fmt::join(sources, ", "));
}

std::vector<EvidenceGroup> GroupEvidence(const Predictor& predictor,
                                         const std::vector<EvidenceRow>& rows,
                                         std::map<std::string, int>* skipped) {
  std::map<std::string, EvidenceGroup> groups;
  for (const EvidenceRow& r : rows) {
    const std::string reason = predictor.SkipReason(r);
    if (!reason.empty()) {
      if (skipped) ++(*skipped)[fmt::format("{}: {}", r.set, reason)];
      continue;
    }
    const std::string family = predictor.FindGpu(r.gpu)->family;
    const bool ar = r.set == "allreduce";
    const std::string key = ar ? "allreduce/" + r.gpu : PairKey(r.engine, family);
    EvidenceGroup& g = groups[key];
    g.key = key;
    if (ar) {
      g.gpu = r.gpu;
    } else {
      g.engine = r.engine;
      g.family = family;
    }
    g.rows.push_back(&r);
    ++g.rows_per_source[r.source_id];
  }
  std::vector<EvidenceGroup> out;
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

EngineProfile WithEfficiency(const EngineProfile& engine, const Efficiency& e) {
  EngineProfile copy = engine;
  for (Efficiency& x : copy.efficiency)
    if (x.family == e.family) {
      x = e;
      return copy;
    }
  copy.efficiency.push_back(e);
  return copy;
}

Result<std::vector<RowResult>> EvaluatePair(const Predictor& predictor, const EngineProfile& engine,
                                            const EvidenceGroup& group) {
  std::vector<RowResult> out;
  for (const EvidenceRow* r : group.rows) {
    Result<double> p = predictor.Predict(*r, engine);
    if (!p.ok()) return p.status();
    out.push_back({r, *p});
  }
  return out;
}

std::vector<RowResult> EvaluateInterconnect(const Predictor& predictor, const GpuSpec& gpu,
                                            const EvidenceGroup& group) {
  std::vector<RowResult> out;
  for (const EvidenceRow* r : group.rows) out.push_back({r, predictor.PredictAllReduceUs(*r, gpu)});
  return out;
}

ErrorStats StatsOf(const std::vector<RowResult>& results) {
  std::vector<double> predicted, measured;
  for (const RowResult& r : results) {
    predicted.push_back(std::max(r.predicted, 1e-300));
    measured.push_back(r.row->value);
  }
  return ComputeErrorStats(predicted, measured);
}

Result<PairFit> FitPair(const Predictor& predictor, const EngineProfile& engine,
                        const EvidenceGroup& group, const Efficiency& start, bool overheads_fixed) {
  Efficiency base = start;
  base.family = group.family;
  const std::vector<double> w = Weights(group);
  const Eigen::Index n = overheads_fixed ? 2 : 5;
  const Eigen::VectorXd fixed =
      Eigen::Vector<double, 5>(base.compute, base.memory, base.kernel_overhead_s * 1e6,
                               base.eager_kernel_overhead_s * 1e6, base.step_overhead_s * 1e6);
  auto full = [&](const Eigen::VectorXd& x) {
    Eigen::VectorXd all = fixed;
    all.head(n) = x;
    return all;
  };
  ResidualFunction residuals = [&](const Eigen::VectorXd& x, Eigen::VectorXd* r) -> Status {
    const EngineProfile trial = WithEfficiency(engine, Trial(base, full(x)));
    r->resize(static_cast<Eigen::Index>(group.rows.size()));
    for (size_t i = 0; i < group.rows.size(); ++i) {
      Result<double> p = predictor.Predict(*group.rows[i], trial);
      if (!p.ok()) return p.status();
      // A saturated prediction (0) counts as a tenfold error, not an infinite one.
      const double ratio = *p > 0 ? *p / group.rows[i]->value : 0.1;
      (*r)(static_cast<Eigen::Index>(i)) = w[i] * std::log(ratio);
    }
    return Status::Ok();
  };
  std::vector<Eigen::VectorXd> starts;
  for (const auto& s : kStarts) starts.push_back(Eigen::Map<const Eigen::VectorXd>(s, n));
  Result<LeastSquaresSolution> best =
      MinimizeLeastSquares(residuals, starts, Eigen::Map<const Eigen::VectorXd>(kLower, n),
                           Eigen::Map<const Eigen::VectorXd>(kUpper, n), FitOptions());
  if (!best.ok()) return best.status();
  PairFit fit;
  fit.efficiency = Trial(base, Rounded(full(best->x)));
  Result<std::vector<RowResult>> results =
      EvaluatePair(predictor, WithEfficiency(engine, fit.efficiency), group);
  if (!results.ok()) return results.status();
  fit.stats = StatsOf(*results);
  Efficiency& e = fit.efficiency;
  e.basis = "fitted";
  e.borrowed_from.clear();
  e.evidence_set = group.Description();
  e.evidence_rows = fit.stats.rows;
  e.error_rms_log = fit.stats.rms_log;
  e.error_worst = fit.stats.worst_ratio;
  e.error_pct = ErrorPctFromStats(fit.stats);
  return fit;
}

Result<InterconnectFit> FitInterconnect(const Predictor& predictor, const GpuSpec& gpu,
                                        const EvidenceGroup& group) {
  const std::vector<double> w = Weights(group);
  auto trial = [&](const Eigen::VectorXd& x) {
    GpuSpec g = gpu;
    g.interconnect.custom_latency_s = x(0) * 1e-6;
    g.interconnect.nccl_latency_s = x(1) * 1e-6;
    g.interconnect.nccl_base_latency_s = x(2) * 1e-6;
    g.interconnect.efficiency = x(3);
    g.interconnect.scaling_exponent = x(4);
    return g;
  };
  ResidualFunction residuals = [&](const Eigen::VectorXd& x, Eigen::VectorXd* r) -> Status {
    const GpuSpec g = trial(x);
    r->resize(static_cast<Eigen::Index>(group.rows.size()));
    for (size_t i = 0; i < group.rows.size(); ++i)
      (*r)(static_cast<Eigen::Index>(i)) =
          w[i] * std::log(predictor.PredictAllReduceUs(*group.rows[i], g) / group.rows[i]->value);
    return Status::Ok();
  };
  std::vector<Eigen::VectorXd> starts;
  for (const auto& s : kInterconnectStarts)
    starts.push_back(Eigen::Map<const Eigen::VectorXd>(s, kIcParams));
  Result<LeastSquaresSolution> best = MinimizeLeastSquares(
      residuals, starts, Eigen::Map<const Eigen::VectorXd>(kInterconnectLower, kIcParams),
      Eigen::Map<const Eigen::VectorXd>(kInterconnectUpper, kIcParams), FitOptions());
  if (!best.ok()) return best.status();
  InterconnectFit fit;
  const GpuSpec fitted = trial(Rounded(best->x));
  fit.interconnect = fitted.interconnect;
  fit.stats = StatsOf(EvaluateInterconnect(predictor, fitted, group));
  Interconnect& ic = fit.interconnect;
  ic.basis = "fitted";
  ic.borrowed_from.clear();
  ic.evidence_set = group.Description();
  ic.evidence_rows = fit.stats.rows;
  ic.error_rms_log = fit.stats.rms_log;
  ic.error_worst = fit.stats.worst_ratio;
  ic.error_pct = ErrorPctFromStats(fit.stats);
  return fit;
}

}  // namespace plan
