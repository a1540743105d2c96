#include "probe/calibrate_roofline.h"

#include <fmt/format.h>
#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>

#include "perf/perf.h"
#include "probe/toml_text.h"
#include "util/error_stats.h"
#include "util/least_squares.h"
#include "util/units.h"

namespace plan {

namespace {

// The fit (see the header): a coarse grid, Levenberg-Marquardt from its best points, and a
// pull toward the catalog's figures.
constexpr double kCoarseStep = 0.05;
constexpr size_t kStarts = 5;
constexpr int kMaxIterations = 100;
constexpr double kJacobianStep = 1e-6;
constexpr double kConvergedStep = 1e-9;
constexpr double kMinEfficiency = 0.02;
constexpr double kPriorWeight = 1e-6;
// Beyond this share of the engine spent on prefills the queue model is saturated; the cap keeps
// the prediction finite.
constexpr double kMaxPrefillLoad = 0.95;
// Step overhead used to measure each prediction's (exact, linear) slope in it.
constexpr double kSlopeProbeS = 1e-3;

LevelPrediction Predict(const StepModel& sm, const LevelObservation& o) {
  const EngineProfile& e = *sm.deployment().engine;
  const int64_t c = std::max<int64_t>(1, std::llround(o.in_flight));
  const int64_t input = std::max<int64_t>(1, std::llround(o.input_tokens));
  const double output = std::max(1.0, o.output_tokens);
  const int64_t ctx = std::llround(o.input_tokens + o.output_tokens / 2);
  auto decode = [&](int64_t n) { return n > 0 ? sm.StepTimeS(DecodeBatch(n, ctx)) : 0.0; };
  // Decodes take their share of the budget first (vLLM's scheduler order).
  const int64_t budget =
      e.chunked_prefill ? std::max<int64_t>(1, e.max_batched_tokens - (c - 1)) : input;
  double prefill_s = 0;
  int64_t chunks = 0;
  for (int64_t done = 0; done < input; ++chunks) {
    const int64_t chunk = std::min(budget, input - done);
    BatchShape b = DecodeBatch(c - 1, ctx);
    b.prefill_tokens = chunk;
    b.prefill_seqs = 1;
    b.prefill_context_tokens = done;
    b.prefill_attention_pairs =
        static_cast<double>(chunk) * static_cast<double>(done) + chunk * (chunk + 1.0) / 2.0;
    prefill_s += sm.StepTimeS(b);
    done += chunk;
  }
  const double others_decode_s = decode(c - 1);
  // Engine time one prefill adds on top of the decode steps it shares.
  const double interference_s =
      std::max(0.0, prefill_s - static_cast<double>(chunks) * others_decode_s);
  // Other prefills in the way: M/D/1 waiting time with the prefills' share of the engine.
  const double rho = std::min(kMaxPrefillLoad, o.other_arrivals_per_s * interference_s);
  LevelPrediction p;
  p.ttft_s = prefill_s + others_decode_s / 2 + rho / (2 * (1 - rho)) * interference_s;
  p.tpot_s = decode(c) + static_cast<double>(c - 1) * interference_s / output;
  return p;
}

// Index of `family`'s entry in e->efficiency, added (a copy of the default) when missing.
size_t FamilyEntry(EngineProfile* e, const std::string& family) {
  for (size_t i = 0; i < e->efficiency.size(); ++i)
    if (e->efficiency[i].family == family) return i;
  Efficiency copy = e->EfficiencyFor(family);
  copy.family = family;
  e->efficiency.push_back(copy);
  return e->efficiency.size() - 1;
}

double RmsRelative(const std::vector<LevelObservation>& obs,
                   const std::vector<LevelPrediction>& pred) {
  double ss = 0;
  for (size_t i = 0; i < obs.size(); ++i)
    ss += std::pow(pred[i].ttft_s / obs[i].ttft_s - 1, 2) +
          std::pow(pred[i].tpot_s / obs[i].tpot_s - 1, 2);
  return std::sqrt(ss / (2.0 * static_cast<double>(obs.size())));
}

class Fitter {
 public:
  Fitter(const Deployment& d, std::vector<LevelObservation> obs)
      : engine_(*d.engine), d_(d), obs_(std::move(obs)) {
    d_.engine = &engine_;
    entry_ = FamilyEntry(&engine_, d.gpu->family);
    prior_ = engine_.efficiency[entry_];
  }

  Result<std::vector<LevelPrediction>> PredictAll(const Efficiency& eff) {
    engine_.efficiency[entry_] = eff;
    Result<StepModel> sm = StepModel::Create(d_);
    if (!sm.ok()) return sm.status();
    std::vector<LevelPrediction> out;
    for (const LevelObservation& o : obs_) out.push_back(Predict(*sm, o));
    return out;
  }

  // Residuals at (compute, memory) with the step overhead that minimises them (closed form,
  // clamped at 0): 2 per level (relative TTFT and TPOT errors), then the two prior terms.
  Result<Eigen::VectorXd> Residuals(double compute, double memory, double* step_overhead_s) {
    Efficiency eff = prior_;
    eff.compute = compute;
    eff.memory = memory;
    eff.step_overhead_s = 0;
    Result<std::vector<LevelPrediction>> p0 = PredictAll(eff);
    if (!p0.ok()) return p0.status();
    eff.step_overhead_s = kSlopeProbeS;
    Result<std::vector<LevelPrediction>> p1 = PredictAll(eff);
    if (!p1.ok()) return p1.status();
    const Eigen::Index n = static_cast<Eigen::Index>(2 * obs_.size());
    Eigen::VectorXd base(n), slope(n);  // residual j = base_j + slope_j x step overhead
    for (size_t i = 0; i < obs_.size(); ++i) {
      const auto j = static_cast<Eigen::Index>(2 * i);
      base(j) = (*p0)[i].ttft_s / obs_[i].ttft_s - 1;
      slope(j) = ((*p1)[i].ttft_s - (*p0)[i].ttft_s) / kSlopeProbeS / obs_[i].ttft_s;
      base(j + 1) = (*p0)[i].tpot_s / obs_[i].tpot_s - 1;
      slope(j + 1) = ((*p1)[i].tpot_s - (*p0)[i].tpot_s) / kSlopeProbeS / obs_[i].tpot_s;
    }
    const double den = slope.squaredNorm();
    const double s = den > 0 ? std::max(0.0, -slope.dot(base) / den) : 0.0;
    if (step_overhead_s) *step_overhead_s = s;
    Eigen::VectorXd r(n + 2);
    r.head(n) = base + slope * s;
    r(n) = std::sqrt(kPriorWeight) * (compute - prior_.compute);
    r(n + 1) = std::sqrt(kPriorWeight) * (memory - prior_.memory);
    return r;
  }

  Result<double> Objective(double compute, double memory) {
    Result<Eigen::VectorXd> r = Residuals(compute, memory, nullptr);
    if (!r.ok()) return r.status();
    return r->squaredNorm();
  }

  // A coarse grid over the box, then Levenberg-Marquardt (util/least_squares.h) from its
  // kStarts best points: the error surface has long narrow valleys where memory efficiency and
  // step overhead trade off.
  Status Fit() {
    std::vector<std::pair<double, Eigen::VectorXd>> grid;
    for (double c = kMinEfficiency; c <= 1.0 + 1e-9; c += kCoarseStep) {
      for (double m = kMinEfficiency; m <= 1.0 + 1e-9; m += kCoarseStep) {
        Result<double> err = Objective(std::min(c, 1.0), std::min(m, 1.0));
        if (!err.ok()) return err.status();
        grid.emplace_back(*err, Eigen::Vector2d(std::min(c, 1.0), std::min(m, 1.0)));
      }
    }
    const size_t starts = std::min<size_t>(kStarts, grid.size());
    std::partial_sort(grid.begin(), grid.begin() + static_cast<std::ptrdiff_t>(starts), grid.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Eigen::VectorXd> from;
    for (size_t i = 0; i < starts; ++i) from.push_back(grid[i].second);
    LeastSquaresOptions options;
    options.max_iterations = kMaxIterations;
    options.jacobian_step = kJacobianStep;
    options.converged_step = kConvergedStep;
    Result<LeastSquaresSolution> best = MinimizeLeastSquares(
        [this](const Eigen::VectorXd& x, Eigen::VectorXd* r) {
          Result<Eigen::VectorXd> res = Residuals(x(0), x(1), nullptr);
          if (!res.ok()) return res.status();
          *r = std::move(res).value();
          return Status::Ok();
        },
        from, Eigen::Vector2d(kMinEfficiency, kMinEfficiency), Eigen::Vector2d(1.0, 1.0), options);
    if (!best.ok()) return best.status();
    double s = 0;
    PLAN_RETURN_IF_ERROR(Residuals(best->x(0), best->x(1), &s).status());
    best_ = {best->x(0), best->x(1), s};
    return Status::Ok();
  }

  Efficiency Best() const {
    Efficiency e = prior_;
    e.compute = best_[0];
    e.memory = best_[1];
    e.step_overhead_s = best_[2];
    return e;
  }
  const Efficiency& prior() const { return prior_; }

 private:
  EngineProfile engine_;
  Deployment d_;
  std::vector<LevelObservation> obs_;
  size_t entry_ = 0;
  Efficiency prior_;
  std::array<double, 3> best_ = {0, 0, 0};
};

std::string Us(double s) { return TomlNumber(s * 1e6, 4); }

}  // namespace

Result<LevelPrediction> PredictLevel(const Deployment& d, const LevelObservation& level) {
  Result<StepModel> sm = StepModel::Create(d);
  if (!sm.ok()) return sm.status();
  return Predict(*sm, level);
}

Result<RooflineFit> FitRoofline(const ProbeResult& probe, const std::string& probe_path,
                                const Deployment& d) {
  RooflineFit fit;
  for (size_t i = 0; i < probe.levels.size(); ++i) {
    const LevelSummary& l = probe.levels[i];
    if (l.tpot_s.count == 0 || l.ttft_s.mean <= 0 || l.tpot_s.mean <= 0 || l.e2e_s.mean <= 0)
      continue;
    LevelObservation o;
    o.level = static_cast<int>(i);
    o.in_flight = l.concurrency > 0 ? l.concurrency : l.rate_per_s * l.e2e_s.mean;
    // Closed loop: the other C - 1 clients each send once per e2e. Open loop: Poisson arrivals
    // see the whole rate.
    o.other_arrivals_per_s = l.concurrency > 0 ? (l.concurrency - 1) / l.e2e_s.mean : l.rate_per_s;
    o.input_tokens = l.mean_input_tokens;
    o.output_tokens = l.mean_output_tokens;
    o.ttft_s = l.ttft_s.mean;
    o.tpot_s = l.tpot_s.mean;
    fit.levels.push_back(o);
  }
  if (fit.levels.empty())
    return Status::Invalid(fmt::format(
        "{}: calibration needs a level with a successful request of 2 or more output tokens; "
        "the probe has none",
        probe_path));
  if (fit.levels.size() < 2)
    fit.warnings.push_back(
        "one load level fits 3 parameters to 2 figures: probe several --concurrency levels");
  Fitter fitter(d, fit.levels);
  fit.before = fitter.prior();
  Result<std::vector<LevelPrediction>> before = fitter.PredictAll(fit.before);
  if (!before.ok()) return before.status();
  fit.predicted_before = *before;
  PLAN_RETURN_IF_ERROR(fitter.Fit());
  fit.after = fitter.Best();
  Result<std::vector<LevelPrediction>> after = fitter.PredictAll(fit.after);
  if (!after.ok()) return after.status();
  fit.predicted_after = *after;
  fit.rms_relative_error_before = RmsRelative(fit.levels, fit.predicted_before);
  fit.rms_relative_error_after = RmsRelative(fit.levels, fit.predicted_after);
  for (auto [name, v] : {std::pair{"compute", fit.after.compute}, {"memory", fit.after.memory}})
    if (v <= kMinEfficiency || v >= 1.0)
      fit.warnings.push_back(fmt::format(
          "the fitted {} efficiency sits at the edge of its range ({}): the roofline cannot "
          "reproduce this endpoint well; check --model, --gpu, --quant and --tp",
          name, v));
  return fit;
}

std::string EngineOverlayToml(const EngineProfile& engine, const RooflineFit& fit,
                              const ProbeResult& probe, const Deployment& d) {
  const std::string what = fmt::format("{} on {} x{} ({}, tp {}, pp {})", d.model->id, d.gpu->id,
                                       d.gpus(), d.quant->id, d.tp, d.pp);
  EngineProfile e = engine;
  const size_t entry = FamilyEntry(&e, d.gpu->family);
  e.efficiency[entry] = fit.after;
  Efficiency& fitted = e.efficiency[entry];
  fitted.family = d.gpu->family;
  std::vector<double> predicted, measured;
  for (size_t i = 0; i < fit.levels.size(); ++i) {
    predicted.push_back(fit.predicted_after[i].ttft_s);
    measured.push_back(fit.levels[i].ttft_s);
    predicted.push_back(fit.predicted_after[i].tpot_s);
    measured.push_back(fit.levels[i].tpot_s);
  }
  const ErrorStats stats = ComputeErrorStats(predicted, measured);
  fitted.basis = "fitted";
  fitted.borrowed_from.clear();
  fitted.evidence_set =
      fmt::format("plan calibrate: mean TTFT and TPOT of {} probed {}", probe.url, probe.date);
  fitted.evidence_rows = stats.rows;
  fitted.error_rms_log = stats.rms_log;
  fitted.error_worst = stats.worst_ratio;
  fitted.error_pct = ErrorPctFromStats(stats);
  fitted.evidence = fmt::format(
      "plan calibrate: compute, memory and step overhead fitted to mean TTFT/TPOT at {} load "
      "level{} of {} (model '{}', {} endpoint) probed {}, served as {}; rms relative error {:.3g} "
      "with the catalog's figures, {:.3g} fitted",
      fit.levels.size(), fit.levels.size() == 1 ? "" : "s", probe.url, probe.model, probe.endpoint,
      probe.date, what, fit.rms_relative_error_before, fit.rms_relative_error_after);
  std::string out;
  out += fmt::format("# Catalog overlay written by plan calibrate {} from {}.\n", PLAN_VERSION,
                     probe.url);
  out +=
      "# Use: plan simulate --calibration THIS_FILE SCENARIO (or put it in a --catalog "
      "directory).\n";
  out +=
      fmt::format("# It replaces engine '{}' with a copy whose '{}' efficiency is fitted to {}.\n",
                  e.id, d.gpu->family, what);
  for (const std::string& w : fit.warnings) out += "# warning: " + w + "\n";
  out += "\n[[engine]]\n";
  out += "id = " + TomlQuote(e.id) + "\n";
  out += "name = " + TomlQuote(e.name) + "\n";
  out += fmt::format("chunked_prefill = {}\n", e.chunked_prefill);
  out += fmt::format("prefix_caching = {}\n", e.prefix_caching);
  out += fmt::format("capacity_policy = \"{}\"\n",
                     e.capacity_policy == EngineProfile::CapacityPolicy::kGuaranteedNoEvict
                         ? "guaranteed_no_evict"
                         : "max_utilization");
  out += fmt::format("max_num_seqs = {}\n", e.max_num_seqs);
  out += fmt::format("max_batched_tokens = {}\n", e.max_batched_tokens);
  out += fmt::format("block_size_tokens = {}\n", e.block_size_tokens);
  out += "gpu_memory_utilization = " + TomlNumber(e.gpu_memory_utilization) + "\n";
  out += fmt::format("kv_rule = \"{}\"\n", KvRuleName(e.kv_rule));
  out += "runtime_reserve_gib = " + TomlNumber(e.runtime_reserve_bytes / kBytesPerGiB) + "\n";
  if (!e.static_fraction_by_tp.empty()) {
    std::vector<std::string> parts;
    for (const auto& [tp, f] : e.static_fraction_by_tp)
      parts.push_back(fmt::format("{} = {}", tp, TomlNumber(f)));
    out += fmt::format("static_fraction_by_tp = {{ {} }}\n", fmt::join(parts, ", "));
  }
  out += fmt::format("allreduce = \"{}\"\n", e.custom_allreduce ? "custom" : "nccl");
  out += fmt::format("cuda_graph_max_tokens = {}\n", e.cuda_graph_max_tokens);
  out += fmt::format("cuda_graph_decode_only = {}\n", e.graph_decode_only);
  out += "source = " +
         TomlQuote(e.source + fmt::format("; efficiency for '{}' fitted by plan calibrate "
                                          "to {} probed {}",
                                          d.gpu->family, probe.url, probe.date)) +
         "\n";
  out += "checked = " + TomlQuote(DateOf(probe.date)) + "\n";
  for (const EngineVersion& v : e.versions) {
    out += "\n[[engine.version]]\n";
    out += "id = " + TomlQuote(v.id) + "\n";
    if (!v.released.empty()) out += "released = " + TomlQuote(v.released) + "\n";
    out += "source = " + TomlQuote(v.source) + "\n";
    for (const EngineLimitRule& r : v.limits) {
      out += "[[engine.version.limits]]\n";
      if (r.min_memory_bytes > 0)
        out += "min_memory_gib = " + TomlNumber(r.min_memory_bytes / kBytesPerGiB) + "\n";
      if (r.max_memory_bytes > 0)
        out += "max_memory_gib = " + TomlNumber(r.max_memory_bytes / kBytesPerGiB) + "\n";
      if (!r.gpu_name_includes.empty()) {
        std::vector<std::string> quoted;
        for (const std::string& x : r.gpu_name_includes) quoted.push_back(TomlQuote(x));
        out += fmt::format("gpu_name_includes = [{}]\n", fmt::join(quoted, ", "));
      }
      if (!r.gpu_name_excludes.empty()) {
        std::vector<std::string> quoted;
        for (const std::string& x : r.gpu_name_excludes) quoted.push_back(TomlQuote(x));
        out += fmt::format("gpu_name_excludes = [{}]\n", fmt::join(quoted, ", "));
      }
      if (r.max_num_seqs > 0) out += fmt::format("max_num_seqs = {}\n", r.max_num_seqs);
      if (r.max_batched_tokens > 0)
        out += fmt::format("max_batched_tokens = {}\n", r.max_batched_tokens);
    }
  }
  for (const Efficiency& f : e.efficiency) {
    out += "\n[[engine.efficiency]]\n";
    out += "family = " + TomlQuote(f.family) + "\n";
    out += "compute = " + TomlNumber(f.compute, 4) + "\n";
    out += "memory = " + TomlNumber(f.memory, 4) + "\n";
    out += "kernel_overhead_us = " + Us(f.kernel_overhead_s) + "\n";
    out += "eager_kernel_overhead_us = " + Us(f.eager_kernel_overhead_s) + "\n";
    out += "step_overhead_us = " + Us(f.step_overhead_s) + "\n";
    out += "basis = " + TomlQuote(f.basis) + "\n";
    if (f.evidence_rows > 0) {  // fitted, or borrowed and checked against rows of its own
      out += "evidence_set = " + TomlQuote(f.evidence_set) + "\n";
      out += fmt::format("evidence_rows = {}\n", f.evidence_rows);
      out += "error_rms_log = " + TomlNumber(f.error_rms_log, 4) + "\n";
      out += "error_worst = " + TomlNumber(f.error_worst, 4) + "\n";
    }
    if (!f.borrowed_from.empty()) out += "borrowed_from = " + TomlQuote(f.borrowed_from) + "\n";
    out += "error_pct = " + TomlNumber(f.error_pct, 4) + "\n";
    out += "evidence = " + TomlQuote(f.evidence) + "\n";
    if (!f.evidence_sources.empty()) {
      std::vector<std::string> quoted;
      for (const std::string& x : f.evidence_sources) quoted.push_back(TomlQuote(x));
      out += fmt::format("evidence_sources = [{}]\n", fmt::join(quoted, ", "));
    }
  }
  return out;
}

}  // namespace plan
