#include "fidelity/catalog_fit.h"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <ostream>
#include <set>

namespace plan {

namespace {

// Nearest families for borrowing, nearest first: same vendor and generation neighbours, then
// the others. "default" borrows the best-covered datacenter family.
const std::map<std::string, std::vector<std::string>>& FamilyOrder() {
  static const std::map<std::string, std::vector<std::string>> order = {
      {"hopper", {"blackwell", "ampere", "ada", "cdna3"}},
      {"blackwell", {"hopper", "ampere", "ada", "cdna3"}},
      {"ampere", {"hopper", "ada", "blackwell", "cdna3"}},
      {"ada", {"ampere", "hopper", "blackwell", "cdna3"}},
      {"cdna3", {"hopper", "ampere", "blackwell", "ada"}},
      {"apple-m", {"cpu", "ada", "ampere"}},
      {"cpu", {"apple-m", "ada", "ampere"}},
      {"mobile", {"apple-m", "cpu", "ada", "ampere"}},
      {"default", {"hopper", "ampere", "ada", "blackwell", "cdna3", "apple-m", "cpu"}},
  };
  return order;
}

// Nearest engines: the same kind of server (Python, paged KV, CUDA graphs) first.
const std::map<std::string, std::vector<std::string>>& EngineOrder() {
  static const std::map<std::string, std::vector<std::string>> order = {
      {"vllm", {"sglang", "tgi", "tensorrt-llm", "mlc-llm", "llama.cpp"}},
      {"sglang", {"vllm", "tgi", "tensorrt-llm", "mlc-llm", "llama.cpp"}},
      {"tensorrt-llm", {"vllm", "sglang", "tgi", "mlc-llm", "llama.cpp"}},
      {"tgi", {"vllm", "sglang", "tensorrt-llm", "mlc-llm", "llama.cpp"}},
      {"llama.cpp", {"mlc-llm", "vllm", "sglang", "tgi", "tensorrt-llm"}},
      {"mlc-llm", {"llama.cpp", "vllm", "sglang", "tgi", "tensorrt-llm"}},
      // On-device runtimes: one request at a time, like llama.cpp.
      {"executorch", {"llama.cpp", "mlc-llm", "vllm", "sglang", "tgi", "tensorrt-llm"}},
      {"mlx", {"llama.cpp", "mlc-llm", "vllm", "sglang", "tgi", "tensorrt-llm"}},
      {"litert", {"llama.cpp", "mlc-llm", "vllm", "sglang", "tgi", "tensorrt-llm"}},
  };
  return order;
}

// Rows a pair needs for a fit of all five figures, and for compute and memory alone; and the
// distinct models among them (one model's rows fit that model's quirks, e.g. an MXFP4 MoE, not
// the family: such a pair borrows and is checked instead).
constexpr int kFullFitRows = 20;
constexpr int kMinFitRows = 4;
constexpr size_t kMinFitModels = 2;

size_t Models(const EvidenceGroup& g) {
  std::set<std::string> models;
  for (const EvidenceRow* r : g.rows) models.insert(r->model);
  return models.size();
}

bool IsPcie(const GpuSpec& g) { return g.interconnect.custom_max_gpus > 0; }

std::string Fmt(double x) { return fmt::format("{:.4g}", x); }
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<CatalogFit> FitCatalog(const Catalog& catalog, const std::vector<EvidenceRow>& rows,
                              std::ostream* log) {
  CatalogFit out;
  Predictor predictor(catalog);
  std::vector<EvidenceGroup> groups = GroupEvidence(predictor, rows, &out.skipped);

  // Interconnects first: the serving fits of tp > 1 rows use them.
  std::map<std::string, const EvidenceGroup*> ar_groups;
  for (const EvidenceGroup& g : groups)
    if (g.engine.empty()) ar_groups[g.gpu] = &g;
  std::map<std::string, FittedInterconnect> fitted_ic;
  for (const auto& [gpu_id, g] : ar_groups) {
    Result<InterconnectFit> f = FitInterconnect(predictor, *catalog.FindGpu(gpu_id), *g);
    if (!f.ok()) return f.status();
    Interconnect& ic = f->interconnect;
    ic.evidence = fmt::format(
        "Fitted by plan fidelity --fit to {} all-reduce rows of {} ({}): latency per ring step "
        "of NCCL and per step of the engines' one-/two-shot kernels, link efficiency for large "
        "messages",
        f->stats.rows, gpu_id, catalog.FindGpu(gpu_id)->name);
    fitted_ic[gpu_id] = {gpu_id, f->interconnect, f->stats};
    GpuSpec g2 = *catalog.FindGpu(gpu_id);
    g2.interconnect = f->interconnect;
    predictor.OverrideGpu(g2);
    if (log)
      *log << fmt::format("interconnect {}: {} rows, rms log {:.3f}, worst {:.2f}x\n", gpu_id,
                          f->stats.rows, f->stats.rms_log, f->stats.worst_ratio);
  }
  for (const GpuSpec& gpu : catalog.gpus()) {
    if (gpu.gpus_per_node <= 1) continue;
    if (fitted_ic.count(gpu.id)) {
      out.interconnects.push_back(fitted_ic[gpu.id]);
      continue;
    }
    // The nearest fitted GPU on the same kind of link: same family first.
    const GpuSpec* donor = nullptr;
    for (int pass = 0; pass < 2 && !donor; ++pass)
      for (const auto& [id, f] : fitted_ic) {
        const GpuSpec& d = *catalog.FindGpu(id);
        if (IsPcie(d) == IsPcie(gpu) && (pass == 1 || d.family == gpu.family)) {
          donor = &d;
          break;
        }
      }
    if (!donor) continue;
    FittedInterconnect b{gpu.id, fitted_ic[donor->id].interconnect, {}};
    // Transfer error: the donor's figures on the other fitted GPUs of the same link kind.
    std::vector<RowResult> transfer;
    for (const auto& [id, g] : ar_groups) {
      if (id == donor->id || IsPcie(*catalog.FindGpu(id)) != IsPcie(gpu)) continue;
      GpuSpec probe = *predictor.FindGpu(id);
      probe.interconnect = b.interconnect;
      probe.interconnect.custom_max_gpus = catalog.FindGpu(id)->interconnect.custom_max_gpus;
      for (const RowResult& r : EvaluateInterconnect(predictor, probe, *g)) transfer.push_back(r);
    }
    b.stats = transfer.empty() ? fitted_ic[donor->id].stats : StatsOf(transfer);
    Interconnect& ic = b.interconnect;
    ic.custom_max_gpus = gpu.interconnect.custom_max_gpus;
    ic.basis = "uncalibrated";
    ic.borrowed_from = donor->id;
    ic.evidence_set.clear();
    ic.evidence_rows = 0;
    ic.error_rms_log = 0;
    ic.error_worst = 1;
    ic.error_pct =
        std::max(fitted_ic[donor->id].interconnect.error_pct, ErrorPctFromStats(b.stats));
    ic.evidence = fmt::format(
        "No published all-reduce rows for {}: borrows {}'s fitted figures (the nearest GPU on "
        "the same kind of link); the band is the 90th-percentile error of those figures on the "
        "other fitted GPUs of that link kind ({} rows), at least {}'s own",
        gpu.id, donor->id, b.stats.rows, donor->id);
    GpuSpec g2 = gpu;
    g2.interconnect = b.interconnect;
    predictor.OverrideGpu(g2);
    out.interconnects.push_back(b);
  }

  // Serving pairs: those with kFullFitRows rows or more first (every figure fitted), then
  // those with kMinFitRows or more (compute and memory fitted, overheads from the nearest fitted
  // pair), then the rest borrowed, their own rows only checked.
  std::map<std::string, FittedEfficiency> fitted;
  std::map<std::string, const EvidenceGroup*> pair_groups;
  for (const EvidenceGroup& g : groups)
    if (!g.engine.empty()) pair_groups[g.key] = &g;
  auto donor_of = [&](const std::string& engine, const std::string& family) {
    for (const std::string& f : FamilyOrder().at(family))
      if (fitted.count(PairKey(engine, f))) return PairKey(engine, f);
    const std::string lookup = family == "default" ? "hopper" : family;
    for (const std::string& other : EngineOrder().at(engine))
      if (fitted.count(PairKey(other, lookup))) return PairKey(other, lookup);
    for (const auto& [k, f] : fitted)
      if (f.engine == engine) return k;
    return fitted.empty() ? std::string() : fitted.begin()->first;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [key, g] : pair_groups) {
      const int n = Models(*g) < kMinFitModels ? 0 : static_cast<int>(g->rows.size());
      if (pass == 0 ? n < kFullFitRows : (n >= kFullFitRows || n < kMinFitRows)) continue;
      const EngineProfile& engine = *catalog.FindEngine(g->engine);
      Efficiency base = engine.EfficiencyFor(g->family);
      const std::string donor = pass == 0 ? "" : donor_of(g->engine, g->family);
      if (!donor.empty()) {
        const std::vector<std::string> sources = base.evidence_sources;
        base = fitted[donor].efficiency;
        base.evidence_sources = sources;
      }
      Result<PairFit> f = FitPair(predictor, engine, *g, base, pass == 1);
      if (!f.ok()) return f.status();
      f->efficiency.evidence =
          pass == 0 ? fmt::format(
                          "Fitted by plan fidelity --fit: compute, memory, kernel, "
                          "eager-kernel and step overheads to {} published rows of {} "
                          "on {} GPUs",
                          f->stats.rows, g->engine, g->family)
                    : fmt::format(
                          "Fitted by plan fidelity --fit: compute and memory to {} "
                          "published rows of {} on {} GPUs (too few for the overheads, "
                          "which are {}'s)",
                          f->stats.rows, g->engine, g->family, donor);
      fitted[key] = {g->engine, f->efficiency, f->stats};
      if (log)
        *log << fmt::format("pair {}: {} rows, rms log {:.3f}, worst {:.2f}x, band {:g}%\n", key,
                            f->stats.rows, f->stats.rms_log, f->stats.worst_ratio,
                            f->efficiency.error_pct);
    }
  }
  for (const EngineProfile& engine : catalog.engines()) {
    std::vector<std::string> families;
    for (const Efficiency& e : engine.efficiency) families.push_back(e.family);
    for (const auto& [key, g] : pair_groups)
      if (g->engine == engine.id &&
          std::find(families.begin(), families.end(), g->family) == families.end())
        families.push_back(g->family);
    for (const std::string& family : families) {
      const std::string key = PairKey(engine.id, family);
      if (fitted.count(key)) {
        out.efficiencies.push_back(fitted[key]);
        continue;
      }
      const std::string donor = donor_of(engine.id, family);
      if (donor.empty()) return Status::Runtime("plan fidelity --fit: no pair could be fitted");
      const FittedEfficiency& d = fitted[donor];
      FittedEfficiency b{engine.id, d.efficiency, {}};
      b.efficiency.family = family;
      b.efficiency.evidence_sources = engine.EfficiencyFor(family).evidence_sources;
      // Transfer: how far the donor's figures travel. Borrowed across families (the same
      // engine), they are applied to the engine's other families' rows; borrowed across engines,
      // to the other engines' rows on the donor's family; with neither, to every other row.
      const bool same_engine = d.engine == engine.id;
      std::vector<RowResult> transfer;
      int used_pass = 0;
      for (int pass = 0; pass < 2 && transfer.empty(); ++pass) {
        used_pass = pass == 0 ? (same_engine ? 0 : 1) : 2;
        for (const auto& [k, g] : pair_groups) {
          if (k == donor || k == key) continue;
          const bool take = pass == 1 || (same_engine ? g->engine == engine.id
                                                      : g->family == d.efficiency.family);
          if (!take) continue;
          Efficiency trial = d.efficiency;
          trial.family = g->family;
          const EngineProfile probe = WithEfficiency(*catalog.FindEngine(g->engine), trial);
          Result<std::vector<RowResult>> r = EvaluatePair(predictor, probe, *g);
          if (!r.ok()) return r.status();
          transfer.insert(transfer.end(), r->begin(), r->end());
        }
      }
      b.stats = transfer.empty() ? d.stats : StatsOf(transfer);
      Efficiency& e = b.efficiency;
      e.basis = "uncalibrated";
      e.borrowed_from = donor;
      e.evidence_set.clear();
      e.evidence_rows = 0;
      e.error_rms_log = 0;
      e.error_worst = 1;
      e.error_pct = std::max(d.efficiency.error_pct, ErrorPctFromStats(b.stats));
      const std::string where =
          transfer.empty() ? "no other rows: the donor's own error"
          : used_pass == 0
              ? fmt::format("{} rows of {}'s other fitted families", b.stats.rows, engine.id)
              : fmt::format("{} rows of other engines on {}", b.stats.rows, d.efficiency.family);
      std::string own;
      if (pair_groups.count(key)) {  // too few rows to fit: they are checked instead
        const EngineProfile probe = WithEfficiency(engine, e);
        Result<std::vector<RowResult>> r = EvaluatePair(predictor, probe, *pair_groups[key]);
        if (!r.ok()) return r.status();
        const ErrorStats s = StatsOf(*r);
        e.evidence_set = pair_groups[key]->Description();
        e.evidence_rows = s.rows;
        e.error_rms_log = s.rms_log;
        e.error_worst = s.worst_ratio;
        e.error_pct = std::max(e.error_pct, ErrorPctFromStats(s));
        own = fmt::format(" and of its own {} rows (too few to fit; rms log error {:.3f})", s.rows,
                          s.rms_log);
      }
      e.evidence = fmt::format(
          "{} {} on {}: borrows {}'s fitted figures; the band is the 90th-percentile error of "
          "those figures applied to {}{}, at least {}'s own",
          own.empty() ? "No published rows for" : "Too few published rows for", engine.id,
          family == "default" ? "families without their own entry" : family, donor, where, own,
          donor);
      out.efficiencies.push_back(b);
    }
  }
  return out;
}

std::string CatalogFitToml(const CatalogFit& fit) {
  std::string out =
      "# Written by plan fidelity --fit. Paste each block into catalog/gpus.toml (the gpu's\n"
      "# [gpu.interconnect]) and catalog/engines.toml (the engine's [[engine.efficiency]]).\n";
  for (const FittedInterconnect& f : fit.interconnects) {
    const Interconnect& ic = f.interconnect;
    out += fmt::format("\n# gpu {}\n[gpu.interconnect]\n", f.gpu);
    out += "custom_latency_us = " + Fmt(ic.custom_latency_s * 1e6) + "\n";
    out += "nccl_latency_us = " + Fmt(ic.nccl_latency_s * 1e6) + "\n";
    out += "nccl_base_latency_us = " + Fmt(ic.nccl_base_latency_s * 1e6) + "\n";
    out += "efficiency = " + Fmt(ic.efficiency) + "\n";
    out += "scaling_exponent = " + Fmt(ic.scaling_exponent) + "\n";
    if (ic.custom_max_gpus > 0) out += fmt::format("custom_max_gpus = {}\n", ic.custom_max_gpus);
    out += "basis = " + Quote(ic.basis) + "\n";
    if (ic.basis == "fitted") {
      out += "evidence_set = " + Quote(ic.evidence_set) + "\n";
      out += fmt::format("evidence_rows = {}\n", ic.evidence_rows);
      out += "error_rms_log = " + Fmt(ic.error_rms_log) + "\n";
      out += "error_worst = " + Fmt(ic.error_worst) + "\n";
    } else {
      out += "borrowed_from = " + Quote(ic.borrowed_from) + "\n";
    }
    out += fmt::format("error_pct = {:g}\n", ic.error_pct);
    out += "evidence = " + Quote(ic.evidence) + "\n";
  }
  for (const FittedEfficiency& f : fit.efficiencies) {
    const Efficiency& e = f.efficiency;
    out += fmt::format("\n# engine {}\n[[engine.efficiency]]\nfamily = {}\n", f.engine,
                       Quote(e.family));
    out += "compute = " + Fmt(e.compute) + "\n";
    out += "memory = " + Fmt(e.memory) + "\n";
    out += "kernel_overhead_us = " + Fmt(e.kernel_overhead_s * 1e6) + "\n";
    out += "eager_kernel_overhead_us = " + Fmt(e.eager_kernel_overhead_s * 1e6) + "\n";
    out += "step_overhead_us = " + Fmt(e.step_overhead_s * 1e6) + "\n";
    out += "basis = " + Quote(e.basis) + "\n";
    if (e.evidence_rows > 0) {
      out += "evidence_set = " + Quote(e.evidence_set) + "\n";
      out += fmt::format("evidence_rows = {}\n", e.evidence_rows);
      out += "error_rms_log = " + Fmt(e.error_rms_log) + "\n";
      out += "error_worst = " + Fmt(e.error_worst) + "\n";
    }
    if (!e.borrowed_from.empty()) out += "borrowed_from = " + Quote(e.borrowed_from) + "\n";
    out += fmt::format("error_pct = {:g}\n", e.error_pct);
    out += "evidence = " + Quote(e.evidence) + "\n";
    if (!e.evidence_sources.empty()) {
      std::vector<std::string> quoted;
      for (const std::string& x : e.evidence_sources) quoted.push_back(Quote(x));
      out += fmt::format("evidence_sources = [{}]\n", fmt::join(quoted, ", "));
    }
  }
  return out;
}

}  // namespace plan
