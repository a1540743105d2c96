// plan calibrate PROBE.json: fit the catalog to what plan probe measured, and write the fitted
// figures as a catalog overlay for plan simulate --calibration.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "perf/deployment.h"
#include "probe/calibrate_api.h"
#include "probe/calibrate_roofline.h"
#include "probe/probe_json.h"
#include "util/files.h"
#include "util/suggest.h"
#include "util/text_table.h"

namespace plan {

struct CalibrateOptions {
  std::string probe_path;
  std::string output_path;
  std::string offer_id;
  std::string model, gpu, engine;
  std::string quant = "bf16";
  int tp = 1;
  int pp = 1;
  double rtt_s = 0;
  std::vector<std::string> catalog_dirs;
};

namespace {

using A = TextTable::Align;

template <typename T>
Result<const T*> Find(const T* found, const char* what, const std::string& id,
                      const std::vector<std::string>& ids) {
  if (found) return found;
  return Status::Invalid("plan calibrate: " + UnknownNameMessage(what, id, ids));
}

Result<ProbeResult> LoadProbe(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ReadProbeJson(*text, path);
}

// Catalog ids are checked before the probe file is read: a typo costs nothing.
Status CalibrateApi(const CalibrateOptions& o, const Catalog& c, Io& io) {
  Result<const ApiOffer*> offer = Find(c.FindOffer(o.offer_id), "offer", o.offer_id, c.OfferIds());
  if (!offer.ok()) return offer.status();
  Result<ProbeResult> loaded = LoadProbe(o.probe_path);
  if (!loaded.ok()) return loaded.status();
  const ProbeResult& probe = *loaded;
  Result<ApiLatencyFit> fit = FitApiLatency(probe, o.probe_path, o.rtt_s);
  if (!fit.ok()) return fit.status();
  io.out << fmt::format("offer '{}': {} requests to {} (model '{}'), probed {}\n", o.offer_id,
                        fit->ttft_samples, probe.url, probe.model, probe.date);
  const ApiLatency& was = (*offer)->latency;
  TextTable t({"figure", "catalog", "fitted"}, {A::kLeft, A::kRight, A::kRight});
  t.AddRow({"ttft_fixed_s", fmt::format("{:.4f}", was.ttft_fixed_s),
            fmt::format("{:.4f}", fit->ttft_fixed_s)});
  t.AddRow({"ttft_per_input_token_s", fmt::format("{:.3g}", was.ttft_per_input_token_s),
            fmt::format("{:.3g}", fit->ttft_per_input_token_s)});
  t.AddRow({"ttft_sigma", fmt::format("{:.3f}", was.ttft_sigma),
            fmt::format("{:.3f}", fit->ttft_sigma)});
  t.AddRow({"output_tokens_per_s", fmt::format("{:.1f}", was.output_tokens_per_s),
            fmt::format("{:.1f}", fit->output_tokens_per_s)});
  t.AddRow({"output_sigma", fmt::format("{:.3f}", was.output_sigma),
            fmt::format("{:.3f}", fit->output_sigma)});
  io.out << t.Render();
  io.out << fmt::format("TTFT median line: rms error {:.1f} ms over {} requests\n",
                        fit->ttft_rms_error_s * 1e3, fit->ttft_samples);
  for (const std::string& w : fit->warnings) io.err << "warning: " << w << '\n';
  PLAN_RETURN_IF_ERROR(
      WriteFileAtomic(o.output_path, ApiOverlayToml(*fit, probe, o.offer_id, o.rtt_s)));
  io.out << fmt::format("wrote {} ([[offer_profile]] match = \"{}\")\n", o.output_path, o.offer_id);
  return Status::Ok();
}

Status CalibrateSelfHosted(const CalibrateOptions& o, const Catalog& c, Io& io) {
  Result<Deployment> resolved =
      ResolveDeployment(c, {o.model, o.gpu, o.quant, o.engine, o.tp, o.pp});
  if (!resolved.ok()) return Status::Invalid("plan calibrate: " + resolved.status().message());
  const Deployment& d = *resolved;
  Result<ProbeResult> loaded = LoadProbe(o.probe_path);
  if (!loaded.ok()) return loaded.status();
  const ProbeResult& probe = *loaded;
  Result<RooflineFit> fit = FitRoofline(probe, o.probe_path, d);
  if (!fit.ok()) return fit.status();
  io.out << fmt::format(
      "engine '{}', family '{}': {} on {} x{} ({}, tp {}, pp {}); {} level{} of {} "
      "(model '{}'), probed {}\n",
      o.engine, d.gpu->family, o.model, o.gpu, d.gpus(), o.quant, o.tp, o.pp, fit->levels.size(),
      fit->levels.size() == 1 ? "" : "s", probe.url, probe.model, probe.date);
  TextTable eff({"efficiency", "compute", "memory", "step overhead us"},
                {A::kLeft, A::kRight, A::kRight, A::kRight});
  for (auto [name, e] : {std::pair{"catalog", &fit->before}, {"fitted", &fit->after}})
    eff.AddRow({name, fmt::format("{:.3f}", e->compute), fmt::format("{:.3f}", e->memory),
                fmt::format("{:.0f}", e->step_overhead_s * 1e6)});
  io.out << eff.Render() << '\n';
  TextTable lv({"in flight", "input", "output", "ttft ms", "catalog", "fitted", "tpot ms",
                "catalog", "fitted"},
               {A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight,
                A::kRight, A::kRight});
  for (size_t i = 0; i < fit->levels.size(); ++i) {
    const LevelObservation& l = fit->levels[i];
    auto ms = [](double s) { return fmt::format("{:.2f}", s * 1e3); };
    lv.AddRow({fmt::format("{:.1f}", l.in_flight), fmt::format("{:.0f}", l.input_tokens),
               fmt::format("{:.0f}", l.output_tokens), ms(l.ttft_s),
               ms(fit->predicted_before[i].ttft_s), ms(fit->predicted_after[i].ttft_s),
               ms(l.tpot_s), ms(fit->predicted_before[i].tpot_s),
               ms(fit->predicted_after[i].tpot_s)});
  }
  io.out << lv.Render();
  io.out << fmt::format(
      "rms relative error of mean TTFT and TPOT: {:.3f} with the catalog's figures, "
      "{:.3f} fitted\n",
      fit->rms_relative_error_before, fit->rms_relative_error_after);
  for (const std::string& w : fit->warnings) io.err << "warning: " << w << '\n';
  PLAN_RETURN_IF_ERROR(
      WriteFileAtomic(o.output_path, EngineOverlayToml(*d.engine, *fit, probe, d)));
  io.out << fmt::format("wrote {} ([[engine]] id = \"{}\")\n", o.output_path, o.engine);
  return Status::Ok();
}

Status RunCalibrate(const CalibrateOptions& o, Io& io) {
  const bool self_hosted = !o.model.empty() || !o.gpu.empty() || !o.engine.empty();
  if (!o.offer_id.empty() && self_hosted)
    return Status::Invalid(
        "plan calibrate: --offer-id (an API offer) and --model/--gpu/--engine "
        "(a self-hosted endpoint) are exclusive");
  if (o.offer_id.empty() && !self_hosted)
    return Status::Invalid(
        "plan calibrate: say what was probed: --offer-id ID for an API offer, or "
        "--model, --gpu and --engine for a self-hosted endpoint");
  if (self_hosted) {
    for (auto [flag, value] :
         {std::pair{"--model", &o.model}, {"--gpu", &o.gpu}, {"--engine", &o.engine}})
      if (value->empty())
        return Status::Invalid(
            fmt::format("plan calibrate: a self-hosted endpoint needs --model, --gpu and --engine; "
                        "{} is missing",
                        flag));
  }
  Result<Catalog> catalog = LoadCatalogWithOverlays(o.catalog_dirs);
  if (!catalog.ok()) return catalog.status();
  return self_hosted ? CalibrateSelfHosted(o, *catalog, io) : CalibrateApi(o, *catalog, io);
}

}  // namespace

CommandAction SetupCalibrate(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<CalibrateOptions>();
  sub->add_option("probe", opt->probe_path, "Probe JSON written by plan probe -o")
      ->required()
      ->type_name("PROBE.json");
  sub->add_option("-o,--output", opt->output_path,
                  "Write the catalog overlay (TOML) to FILE, atomically")
      ->required()
      ->type_name("FILE");
  sub->add_option("--offer-id", opt->offer_id,
                  "API offer the probe measured: fit its TTFT line and output-speed distribution")
      ->type_name("ID");
  sub->add_option("--model", opt->model, "Self-hosted: catalog model id the server ran");
  sub->add_option("--gpu", opt->gpu, "Self-hosted: catalog GPU id it ran on");
  sub->add_option("--engine", opt->engine, "Self-hosted: catalog engine id (vllm, sglang, ...)");
  sub->add_option("--quant", opt->quant, "Self-hosted: quantization profile id")
      ->capture_default_str();
  sub->add_option("--tp", opt->tp, "Self-hosted: tensor-parallel degree")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--pp", opt->pp, "Self-hosted: pipeline-parallel degree")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--rtt-s", opt->rtt_s,
                  "API: network round trip inside the measured TTFT, taken off ttft_fixed_s")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  return [opt, global](Io& io) {
    opt->catalog_dirs = global->catalog_dirs;
    return RunCalibrate(*opt, io);
  };
}

}  // namespace plan
