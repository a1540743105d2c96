// plan simulate SCENARIO: replay the workload through every candidate and report.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
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
#include "decide/headroom.h"
#include "report/report.h"
#include "run/evaluate_candidate.h"
#include "run/run_scenario.h"
#include "scenario/scenario.h"

namespace plan {

struct SimulateOptions {
  std::string scenario_path;
  std::string format;       // "" = from -o's extension, else table
  std::string output_path;  // "" = stdout
  std::optional<uint64_t> seed;
  std::vector<std::string> candidates;
  int threads = 0;  // 0 = one per core
  std::vector<std::string> catalog_dirs;
  std::vector<std::string> calibration_files;
  bool no_bounds = false;
  bool headroom = false;
};

namespace {

Status RunSimulate(const SimulateOptions& opt, Io& io) {
  Result<std::string> format_name = ChooseFormat(opt.format, opt.output_path);
  if (!format_name.ok()) return format_name.status();
  Result<ReportFormat> format = ParseReportFormat(*format_name);
  if (!format.ok()) return format.status();
  Result<std::string> text = ReadInput(opt.scenario_path, io);
  if (!text.ok()) return text.status();
  Result<ScenarioWithCatalog> loaded = LoadScenarioWithCatalog(
      *text, InputName(opt.scenario_path), opt.catalog_dirs, opt.calibration_files);
  if (!loaded.ok()) return loaded.status();
  const Catalog* catalog = &loaded->catalog;
  Scenario* scenario = &loaded->scenario;
  PLAN_RETURN_IF_ERROR(NeedsCandidates("simulate", opt.scenario_path, scenario->candidates.size()));
  if (opt.seed) scenario->seed = *opt.seed;

  RunOptions run;
  run.only = opt.candidates;
  run.threads = ThreadsOrCores(opt.threads);
  run.bounds = !opt.no_bounds;
  const size_t candidates =
      opt.candidates.empty() ? scenario->candidates.size() : opt.candidates.size();
  // "simulate: 2/5 candidates on 2 threads  0:04", then "headroom: 1/5 candidates  0:09".
  std::atomic<int64_t> finished{0};
  std::atomic<bool> headroom_phase{false};
  run.finished = &finished;
  const std::string threads =
      fmt::format(" on {} thread{}", run.threads, run.threads == 1 ? "" : "s");
  ProgressTicker ticker(io.err, io.err_is_terminal, [&, threads](double elapsed_s) {
    const bool headroom = headroom_phase.load();
    return TickerLine(
        fmt::format("{}: {}/{} candidate{}{}", headroom ? "headroom" : "simulate", finished.load(),
                    candidates, candidates == 1 ? "" : "s", headroom ? "" : threads),
        -1, "", elapsed_s);
  });
  Result<Report> report = RunScenario(*scenario, *catalog, run);
  finished = 0;
  headroom_phase = true;
  if (report.ok() && opt.headroom) {
    // Each reported candidate at other rates of the same request mix, one after another.
    const CandidateEvaluator evaluate = [&](const Scenario& s, const CandidateSpec& c) {
      return EvaluateCandidate(s, c, *catalog);
    };
    for (CandidateRow& row : report->candidates) {
      const auto spec = std::find_if(scenario->candidates.begin(), scenario->candidates.end(),
                                     [&](const CandidateSpec& c) { return c.name == row.name; });
      Result<Headroom> h = FindHeadroom(*scenario, *spec, row, evaluate);
      if (!h.ok()) return h.status();
      row.headroom = {true, h->offered_requests_per_s, h->meets_requests_per_s,
                      h->misses_requests_per_s};
      ++finished;
    }
  }
  ticker.Stop();
  if (!report.ok()) return report.status();
  return WriteOutput(opt.output_path, RenderReport(*report, *format), io);
}

}  // namespace

CommandAction SetupSimulate(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<SimulateOptions>();
  sub->add_option("scenario", opt->scenario_path,
                  "Scenario TOML file; - reads it from standard input")
      ->required()
      ->type_name("SCENARIO");
  sub->add_option(
         "-f,--format", opt->format,
         std::string(
             "Output format: table, json, csv, md or html (one self-contained page with charts) ") +
             kFormatDefaultHelp)
      ->check(Choices({"table", "json", "csv", "md", "html"}));
  sub->add_option("-o,--output", opt->output_path,
                  "Write the report to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  sub->add_option("--seed", opt->seed, "Override the scenario's seed")->check(Seed());
  sub->add_option("--candidate", opt->candidates, "Run only this candidate (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);  // one NAME per --candidate: the scenario may follow
  sub->add_option("--threads", opt->threads,
                  "Candidates simulated at once (default: one per core); output does not change")
      ->check(ThreadCount());
  sub->add_flag("--no-bounds", opt->no_bounds,
                "Skip the runs at the edges of the error bands (a third of the time): no bounds "
                "and no robustness sentence in the report");
  sub->add_flag("--headroom", opt->headroom,
                "Also find each candidate's headroom: the highest request rate meeting the SLO, "
                "the workload replayed faster or slower (about 6-10 more runs per candidate)");
  sub->add_option("--calibration", opt->calibration_files,
                  "Catalog overlay written by plan calibrate, layered over the catalog and any "
                  "--catalog directories (repeatable; a later file wins)")
      ->type_name("FILE")
      ->allow_extra_args(false);  // one FILE per --calibration: the scenario may follow
  return [opt, global](Io& io) {
    opt->catalog_dirs = global->catalog_dirs;
    return RunSimulate(*opt, io);
  };
}

}  // namespace plan
