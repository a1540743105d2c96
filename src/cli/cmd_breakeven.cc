// plan breakeven SCENARIO: where does each candidate become the cheapest as traffic grows?
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <memory>
#include <ostream>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "cli/progress_bar.h"
#include "cli/scenario_catalog.h"
#include "cli/validators.h"
#include "decide/breakeven.h"
#include "run/evaluate_candidate.h"
#include "scenario/compliance_check.h"
#include "scenario/scenario.h"

namespace plan {

struct BreakevenCmdOptions {
  std::string scenario_path;
  std::string format;  // "" = from -o's extension, else table
  std::string output_path;
  std::optional<double> min_rps, max_rps;
  int points = 9;
  int max_replicas = 0;  // 0: from each fleet's capacity bound
  std::optional<double> gpu_price_factor, api_price_factor;
  int threads = 0;
  std::vector<std::string> catalog_dirs;
};

namespace {

Status RunBreakevenCmd(const BreakevenCmdOptions& opt, Io& io) {
  Result<std::string> format_name = ChooseFormat(opt.format, opt.output_path);
  if (!format_name.ok()) return format_name.status();
  Result<BreakevenFormat> format = ParseBreakevenFormat(*format_name);
  if (!format.ok()) return format.status();
  Result<std::string> text = ReadInput(opt.scenario_path, io);
  if (!text.ok()) return text.status();
  Result<ScenarioWithCatalog> loaded =
      LoadScenarioWithCatalog(*text, InputName(opt.scenario_path), opt.catalog_dirs);
  if (!loaded.ok()) return loaded.status();
  const Catalog* catalog = &loaded->catalog;
  Scenario* scenario = &loaded->scenario;
  PLAN_RETURN_IF_ERROR(
      NeedsCandidates("breakeven", opt.scenario_path, scenario->candidates.size()));
  // Candidates lacking what `require` asks for cannot be the answer: they are not swept, and
  // the report says which and why.
  std::vector<std::string> excluded;
  std::vector<CandidateSpec> kept;
  for (CandidateSpec& c : scenario->candidates) {
    std::vector<std::string> why = ComplianceFailures(*scenario, c, *catalog);
    if (why.empty())
      kept.push_back(std::move(c));
    else
      excluded.push_back(fmt::format("'{}' ({})", c.name, fmt::join(why, "; ")));
  }
  if (kept.empty())
    return Status::Invalid(fmt::format(
        "{}: every candidate lacks what require = [{}] asks for, so there is nothing to sweep: {}",
        InputName(opt.scenario_path), fmt::join(scenario->require, ", "),
        fmt::join(excluded, ", ")));
  scenario->candidates = std::move(kept);

  BreakevenOptions b;
  b.min_rps = opt.min_rps.value_or(0);
  b.max_rps = opt.max_rps.value_or(0);
  b.points = opt.points;
  b.max_replicas = opt.max_replicas;
  if (opt.gpu_price_factor || opt.api_price_factor)
    b.sensitivity = {{opt.gpu_price_factor.value_or(1), opt.api_price_factor.value_or(1)}};
  b.threads = ThreadsOrCores(opt.threads);
  const Catalog& cat = *catalog;
  // Counted for the progress line: how many simulations the sweep has finished.
  std::atomic<int64_t> simulations{0};
  CandidateEvaluator evaluate = [&cat, &simulations](const Scenario& s, const CandidateSpec& c) {
    Result<CandidateRow> row = EvaluateCandidate(s, c, cat);
    ++simulations;
    return row;
  };
  ProgressTicker ticker(io.err, io.err_is_terminal, [&simulations](double elapsed_s) {
    return TickerLine("breakeven", simulations.load(), "simulations", elapsed_s);
  });
  Result<BreakevenReport> report = RunBreakeven(*scenario, b, evaluate);
  ticker.Stop();
  if (!report.ok()) return report.status();
  if (!excluded.empty())
    report->notes.push_back(fmt::format("not swept, lacking what require = [{}] asks for: {}",
                                        fmt::join(scenario->require, ", "),
                                        fmt::join(excluded, ", ")));

  return WriteOutput(opt.output_path, RenderBreakeven(*report, *format), io);
}

}  // namespace

CommandAction SetupBreakeven(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<BreakevenCmdOptions>();
  sub->add_option("scenario", opt->scenario_path,
                  "Scenario TOML file; - reads it from standard input")
      ->required()
      ->type_name("SCENARIO");
  sub->add_option("--min-rate", opt->min_rps,
                  "Lowest volume in requests/s (default: the workload's rate / 10)")
      ->type_name("R")
      ->check(PositiveNumber());
  sub->add_option("--max-rate", opt->max_rps,
                  "Highest volume in requests/s (default: the workload's rate x 10)")
      ->type_name("R")
      ->check(PositiveNumber());
  sub->add_option("--points", opt->points, "Volumes swept, log-spaced, both ends included")
      ->default_val(9);
  sub->add_option(
         "--max-replicas", opt->max_replicas,
         "Largest fleet tried when re-sizing; a fleet missing the SLO with it is infeasible "
         "(default: 4x the replicas its capacity bound, or a lower volume scaled up, needs at each "
         "volume, at least 8)")
      ->check(PositiveNumber());
  sub->add_option("--gpu-price-factor", opt->gpu_price_factor,
                  "Sensitivity: multiply GPU-hour prices by F (replaces the default table)")
      ->type_name("F")
      ->check(PositiveNumber());
  sub->add_option("--api-price-factor", opt->api_price_factor,
                  "Sensitivity: multiply per-request API prices by F (replaces the default table)")
      ->type_name("F")
      ->check(PositiveNumber());
  sub->add_option("--threads", opt->threads,
                  "Candidates swept at once (default: one per core); output does not change")
      ->check(ThreadCount());
  sub->add_option("-f,--format", opt->format,
                  std::string("Output format: table, json, csv, md or html ") + kFormatDefaultHelp)
      ->check(Choices({"table", "json", "csv", "md", "html"}));
  sub->add_option("-o,--output", opt->output_path,
                  "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  return [opt, global](Io& io) {
    opt->catalog_dirs = global->catalog_dirs;
    return RunBreakevenCmd(*opt, io);
  };
}

}  // namespace plan
