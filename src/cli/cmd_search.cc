// plan search SCENARIO: the cheapest configuration meeting the SLO, and the cost/latency
// frontier, over the scenario's [search] space; --shard K/N runs one slice into a part file.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "cli/progress_bar.h"
#include "cli/scenario_catalog.h"
#include "cli/validators.h"
#include "decide/search_result.h"
#include "decide/search_shard.h"
#include "decide/search_space.h"
#include "decide/workload_volume.h"
#include "run/evaluate_candidate.h"
#include "scenario/scenario.h"
#include "util/files.h"
#include "workload/decoded_workload.h"

namespace plan {

struct SearchOptions {
  std::string scenario_path;
  std::string format;  // "" = from -o's extension, else table
  std::string output_path;
  std::string shard;  // "" = the whole space
  int threads = 0;
  bool exhaustive = false;  // no pruning by capacity
  std::vector<std::string> catalog_dirs;
};

namespace {

// The most requests a search decodes into memory (~20 bytes each); a longer workload streams.
constexpr int64_t kMaxDecodedRequests = 16'000'000;

// A configuration tries the busiest window first when offered at least this many times its
// roofline capacity there.
constexpr double kWindowLoadFactor = 1.25;

// What identifies the search beyond its space: the binary, the scenario file, the catalog.
Result<std::vector<std::string>> FingerprintParts(const std::string& scenario_text,
                                                  const std::vector<std::string>& catalog_dirs) {
  std::vector<std::string> parts = {PLAN_VERSION, scenario_text};
  for (const CatalogSource& s : EmbeddedCatalogSources()) parts.push_back(s.text);
  for (const std::string& dir : catalog_dirs) {
    Result<std::vector<CatalogSource>> files = ReadCatalogDir(dir);
    if (!files.ok()) return files.status();
    // The file name, not its path: shards on other machines keep the overlay elsewhere.
    for (const CatalogSource& s : *files)
      parts.push_back(std::filesystem::path(s.path).filename().string() + '\n' + s.text);
  }
  return parts;
}

Status RunSearch(const SearchOptions& opt, Io& io) {
  // A shard's -o is its part file, always JSON; the report's format matters only without one.
  Result<std::string> format_name =
      opt.shard.empty() ? ChooseFormat(opt.format, opt.output_path) : std::string("table");
  if (!format_name.ok()) return format_name.status();
  Result<ReportFormat> format = ParseReportFormat(*format_name);
  if (!format.ok()) return format.status();
  ShardSpec shard;
  if (!opt.shard.empty()) {
    Result<ShardSpec> s = ParseShard(opt.shard);
    if (!s.ok()) return s.status();
    shard = *s;
    if (opt.output_path.empty() || opt.output_path == "-")
      return Status::Invalid("--shard needs -o PART: the part file to write (and resume from)");
  }
  Result<std::string> text = ReadInput(opt.scenario_path, io);
  if (!text.ok()) return text.status();
  Result<ScenarioWithCatalog> loaded =
      LoadScenarioWithCatalog(*text, InputName(opt.scenario_path), opt.catalog_dirs);
  if (!loaded.ok()) return loaded.status();
  const Catalog* catalog = &loaded->catalog;
  Scenario* scenario = &loaded->scenario;
  Result<SearchSpaceSpec> spec = ParseSearchSpace(*text, *scenario, *catalog);
  if (!spec.ok()) return spec.status();

  // Pruned by capacity too, unless --exhaustive or the workload has no rate (offline).
  std::optional<CapacityPruning> pruning;
  if (!opt.exhaustive) {
    if (Result<WorkloadVolume> load = MeasureWorkload(*scenario); load.ok())
      pruning = CapacityPruning{*load, scenario->slo};
  }
  EnumeratedSpace space = EnumerateSpace(*spec, *catalog, pruning ? &*pruning : nullptr);
  SearchSpaceInfo info = DescribeSpace(*scenario, *spec, std::move(space));
  Result<std::vector<std::string>> parts = FingerprintParts(*text, opt.catalog_dirs);
  if (!parts.ok()) return parts.status();
  info.fingerprint = SearchFingerprint(*parts, info);

  const Scenario& sc = *scenario;
  const Catalog& cat = *catalog;
  if (!sc.require.empty())
    io.err << fmt::format(
        "warning: plan search does not check require ({}): its configurations name no cloud "
        "or region; check the one you pick with plan simulate\n",
        fmt::join(sc.require, ", "));
  const SearchSpaceSpec& sp = *spec;
  // The workload decoded once and replayed by every configuration (identical runs), unless it
  // is too large to hold (then each run streams it afresh) or made of sessions.
  Result<std::optional<DecodedWorkload>> decoded =
      DecodeWorkload(sc.workload, sc.seed, kMaxDecodedRequests);
  if (!decoded.ok()) return decoded.status();
  const DecodedWorkload* workload = *decoded ? &**decoded : nullptr;
  const DecodedRequests all{workload, 0, workload ? workload->size() : 0};
  ConfigEvaluator to_the_end = [&](const SearchConfig& config) {
    return EvaluateCandidate(sc, ConfigCandidate(sp, config), cat, FidelityEdge::kNominal, nullptr,
                             workload ? &all : nullptr);
  };
  // Unless --exhaustive, a run stops once its verdict is a settled miss; those that might be
  // on a Pareto frontier run again to the end (ShardRunOptions::rerun). Not with sessions:
  // their later turns arrive when earlier ones finish, so the arrival span is the run's own.
  // A decoded workload with a pronounced peak runs its busiest window first (coarse to fine).
  std::optional<EarlyStop> early;
  if (pruning && !sc.workload.sessions.enabled)
    early = EarlyStop{pruning->load.requests, pruning->load.span_s};
  const std::optional<RequestWindow> window =
      early && workload ? CoarseWindow(*workload) : std::nullopt;
  // Only a configuration whose roofline capacity is below the window's request rate tries the
  // window first (it is likely overloaded there); one that will likely pass would pay for the
  // window on top of its whole run.
  auto tries_window = [&](const SearchConfig& c) {
    return workload && window &&
           kWindowLoadFactor * ConfigCapacity(sp, c, cat, pruning->load) < window->requests_per_s();
  };
  // Simulates `config` (to the end, or until settled with `early`) and judges each of `others`,
  // configurations alike but for max_num_seqs (twins), from that run wherever no limit of theirs
  // bound it (TwinRows); a twin that would decide otherwise about the window gets no row.
  TwinEvaluator judge = [&](const SearchConfig& config,
                            const std::vector<const SearchConfig*>& others,
                            std::vector<std::optional<CandidateRow>>* rows) {
    const bool window_first = early && tries_window(config);
    std::vector<CandidateSpec> specs;
    std::vector<size_t> from;  // specs[j] is others[from[j]]
    for (size_t i = 0; i < others.size(); ++i) {
      if (early && tries_window(*others[i]) != window_first) continue;
      specs.push_back(ConfigCandidate(sp, *others[i]));
      from.push_back(i);
    }
    TwinRows judged;
    for (const CandidateSpec& s : specs) judged.specs.push_back(&s);
    const CandidateSpec spec = ConfigCandidate(sp, config);
    Result<CandidateRow> row =
        !early ? EvaluateCandidate(sc, spec, cat, FidelityEdge::kNominal, nullptr,
                                   workload ? &all : nullptr, &judged)
        : workload
            ? EvaluateBusiestFirst(sc, spec, cat, *early, *workload,
                                   window_first ? window : std::nullopt, &judged)
            : EvaluateCandidate(sc, spec, cat, FidelityEdge::kNominal, &*early, nullptr, &judged);
    rows->assign(others.size(), std::nullopt);
    for (size_t j = 0; j < from.size(); ++j) (*rows)[from[j]] = std::move(judged.rows[j]);
    return row;
  };
  ConfigEvaluator alone = [&](const SearchConfig& config) {
    std::vector<std::optional<CandidateRow>> none;
    return judge(config, {}, &none);
  };
  ProgressBar bar(io.err, io.err_is_terminal, "configs");
  ShardRunOptions run;
  if (!opt.exhaustive) run.twins = judge;  // --exhaustive simulates each twin by itself
  if (early)
    run.rerun = [&](const SearchConfig& config, const CandidateRow& stopped) {
      if (workload)
        return EvaluateFurther(sc, ConfigCandidate(sp, config), cat, *early, *workload, stopped);
      return to_the_end(config);
    };
  run.shard = shard;
  run.threads = ThreadsOrCores(opt.threads);
  if (!opt.shard.empty()) run.part_path = opt.output_path;
  run.progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  Result<std::vector<PointResult>> results = RunShard(info, alone, run);
  bar.Finish();
  if (!results.ok()) return results.status();

  if (!opt.shard.empty()) {
    io.out << fmt::format("shard {}/{}: {} of {} configurations, written to {}\n", shard.k, shard.n,
                          results->size(), info.configs.size(), opt.output_path);
    return Status::Ok();
  }
  const std::string out = RenderSearch(BuildSearchReport(info, *results), *format);
  return WriteOutput(opt.output_path, out, io);
}

}  // namespace

CommandAction SetupSearch(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<SearchOptions>();
  sub->add_option("scenario", opt->scenario_path,
                  "Scenario TOML file with a [search] table; - reads it from standard input")
      ->required()
      ->type_name("SCENARIO");
  sub->add_option(
         "--threads", opt->threads,
         "Configurations simulated at once (default: one per core); output does not change")
      ->check(ThreadCount());
  sub->add_flag("--exhaustive", opt->exhaustive,
                "Simulate every configuration that can run to its end, even those the roofline "
                "proves miss the SLO (too little capacity for the offered rate, or too slow "
                "alone) and those whose miss is settled before the run ends or in the workload's "
                "busiest window; each by its own run, max_num_seqs twins included");
  sub->add_option("--shard", opt->shard,
                  "Simulate only configurations i with i % N == K-1 and write them to the part "
                  "file -o PART (resumed if it was interrupted); join parts with plan merge")
      ->type_name("K/N");
  sub->add_option("-f,--format", opt->format,
                  std::string("Report format: table, json, csv, md or html ") + kFormatDefaultHelp)
      ->check(Choices({"table", "json", "csv", "md", "html"}));
  sub->add_option("-o,--output", opt->output_path,
                  "Write the report (with --shard: the part file) to FILE, atomically")
      ->type_name("FILE");
  return [opt, global](Io& io) {
    opt->catalog_dirs = global->catalog_dirs;
    return RunSearch(*opt, io);
  };
}

}  // namespace plan
