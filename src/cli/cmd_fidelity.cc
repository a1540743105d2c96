// plan fidelity: the simulator held to published measurements (issue 10). For every evidence
// group of catalog/evidence/ (an engine x GPU-family pair's serving rows, a GPU's all-reduce
// rows) it prints predicted against measured and the error, and exits 3 when an error grows
// past the tolerance recorded beside the catalog's figures. --fit refits the figures instead.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <sstream>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "fidelity/catalog_fit.h"
#include "fidelity/fidelity_report.h"
#include "util/files.h"
#include "util/suggest.h"

namespace plan {

namespace {

struct FidelityOptions {
  std::vector<std::string> catalog_dirs;
  std::string evidence_dir = "catalog/evidence";
  std::string engine;
  std::string family;
  std::string format;  // "" until ChooseFormat: from -o FILE's extension, else table
  std::string output_path;
  bool rows = false;
  bool fit = false;
};

Status Emit(const FidelityOptions& opt, const std::string& text, Io& io) {
  return WriteOutput(opt.output_path, text, io);
}

Status RunFidelity(FidelityOptions opt, Io& io) {
  if (!opt.fit) {
    Result<std::string> format = ChooseFormat(opt.format, opt.output_path);
    if (!format.ok()) return format.status();
    opt.format = *format;
    if (opt.format != "table" && opt.format != "json" && opt.format != "md")
      return Status::Invalid(
          fmt::format("plan fidelity: unknown format '{}' (table, json or md)", opt.format));
  }
  Result<Catalog> catalog = LoadCatalogWithOverlays(opt.catalog_dirs);
  if (!catalog.ok()) return catalog.status();
  if (!opt.engine.empty() && opt.engine != "allreduce" && !catalog->FindEngine(opt.engine)) {
    std::vector<std::string> known = catalog->EngineIds();
    known.push_back("allreduce");
    return Status::Invalid(fmt::format("plan fidelity: --engine: {}",
                                       UnknownNameMessage("engine", opt.engine, known)));
  }
  Result<std::vector<EvidenceRow>> rows = LoadEvidence(opt.evidence_dir);
  if (!rows.ok())
    return Status(rows.status().code() == StatusCode::kRuntime
                      ? Status::Runtime(rows.status().message() +
                                        " (run from the repository root or pass --evidence DIR)")
                      : rows.status());
  if (opt.fit) {
    Result<CatalogFit> fit = FitCatalog(*catalog, *rows, &io.err);
    if (!fit.ok()) return fit.status();
    return Emit(opt, CatalogFitToml(*fit), io);
  }
  Result<FidelityReport> report = BuildFidelityReport(*catalog, *rows, {opt.engine, opt.family});
  if (!report.ok()) return report.status();
  PLAN_RETURN_IF_ERROR(Emit(opt, RenderFidelity(*report, opt.format, opt.rows), io));
  if (report->failures() > 0)
    return Status::Threshold(fmt::format("plan fidelity: {} group{} past the recorded tolerance",
                                         report->failures(), report->failures() == 1 ? "" : "s"));
  return Status::Ok();
}

}  // namespace

CommandAction SetupFidelity(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<FidelityOptions>();
  sub->add_option("--engine", opt->engine,
                  "Only this engine's pairs (an engine id), or 'allreduce' for the interconnects")
      ->type_name("E");
  sub->add_option("--family", opt->family, "Only this GPU family (hopper, ampere, ada, ...)")
      ->type_name("F");
  sub->add_option("-f,--format", opt->format,
                  std::string("Output: table, json or md ") + kFormatDefaultHelp)
      ->check(Choices({"table", "json", "md"}));
  sub->add_option("-o,--output", opt->output_path, "Write to FILE, atomically")->type_name("FILE");
  sub->add_flag("--rows", opt->rows, "Print every row's predicted and measured value");
  sub->add_option("--evidence", opt->evidence_dir,
                  "The evidence directory (catalog/evidence of the repository)")
      ->capture_default_str()
      ->type_name("DIR");
  sub->add_flag("--fit", opt->fit,
                "Refit the catalog's interconnects and engine efficiencies to the evidence and "
                "print them as TOML blocks (slow: minutes)");
  return [opt, global](Io& io) {
    opt->catalog_dirs = global->catalog_dirs;
    return RunFidelity(*opt, io);
  };
}

}  // namespace plan
