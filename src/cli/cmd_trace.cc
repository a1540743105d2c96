// plan trace stats|convert|generate: inspect, rewrite and synthesise request traces.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/validators.h"
#include "util/files.h"
#include "util/text_table.h"
#include "util/toml_reader.h"
#include "workload/gzip_bytes.h"
#include "workload/workload.h"

namespace plan {

struct TraceOptions {
  std::string action;  // stats | convert | generate
  std::string input;   // stats, convert: the trace
  std::string output;  // convert, generate: the file to write
  std::string to;      // csv | jsonl; "" = from the output's extension
  // Reading a trace (stats, convert).
  std::string format;
  std::string time_column, time_unit, input_column, output_column;
  double rate_scale = 1.0;
  // Shared.
  int64_t max_requests = 0;
  int64_t max_total_tokens = 0;
  // Generating.
  std::string scenario;
  std::string arrival = "poisson";
  double rate_per_s = 0, burstiness = 0, peak_to_trough = 0, period_s = 0, duration_s = 0;
  int64_t requests = 0;
  std::string input_tokens, output_tokens;  // a token count or a TOML inline table
  uint64_t seed = 0;
  bool seed_given = false;
};

namespace {

// The pseudo-file name of a scenario built from generate's flags, in its error messages.
constexpr const char* kFlagsPath = "<command line>";

WorkloadSpec TraceSpecFromFlags(const TraceOptions& opt) {
  WorkloadSpec spec;
  spec.trace_path = opt.input;
  spec.format = opt.format;
  spec.rate_scale = opt.rate_scale;
  spec.max_requests = opt.max_requests;
  TraceColumns& c = spec.columns;
  if (!opt.time_column.empty()) c.time = opt.time_column;
  if (!opt.time_unit.empty()) c.time_unit = opt.time_unit;
  if (!opt.input_column.empty()) c.input = opt.input_column;
  if (!opt.output_column.empty()) c.output = opt.output_column;
  spec.has_columns = !opt.time_column.empty() || !opt.time_unit.empty() ||
                     !opt.input_column.empty() || !opt.output_column.empty();
  return spec;
}

// A length flag: a bare token count means a fixed length; anything else is a TOML table.
std::string LengthToml(const std::string& flag) {
  bool digits = !flag.empty() && flag.find_first_not_of("0123456789") == std::string::npos;
  return digits ? fmt::format("{{ dist = \"fixed\", value = {} }}", flag) : flag;
}

Result<WorkloadSpec> SpecFromToml(const std::string& text, const std::string& path,
                                  const std::string& base_dir, uint64_t* seed, bool seed_given) {
  Diagnostics diag;
  std::optional<toml::table> doc = ParseToml(text, path, &diag);
  if (!doc) return diag.ToStatus();
  const toml::node* workload = doc->get("workload");
  if (!workload || !workload->is_table())
    return Status::Invalid(fmt::format("{}: no [workload] table", path));
  if (!seed_given) {
    if (const toml::node* s = doc->get("seed"); s && s->is_integer() && *s->value<int64_t>() >= 0)
      *seed = static_cast<uint64_t>(*s->value<int64_t>());
  }
  TomlTable t(*workload->as_table(), path, &diag, "[workload]");
  WorkloadSpec spec = ParseWorkloadSpec(t, base_dir);
  PLAN_RETURN_IF_ERROR(diag.ToStatus());
  return spec;
}

Result<WorkloadSpec> GeneratorSpecFromFlags(const TraceOptions& opt) {
  std::string text = "[workload]\n";
  if (opt.max_requests > 0) text += fmt::format("max_requests = {}\n", opt.max_requests);
  text += fmt::format("[workload.generator]\narrival = \"{}\"\n", opt.arrival);
  if (opt.rate_per_s != 0) text += fmt::format("rate_per_s = {}\n", opt.rate_per_s);
  if (opt.burstiness != 0) text += fmt::format("burstiness = {}\n", opt.burstiness);
  if (opt.peak_to_trough != 0) text += fmt::format("peak_to_trough = {}\n", opt.peak_to_trough);
  if (opt.period_s != 0) text += fmt::format("period_s = {}\n", opt.period_s);
  if (opt.requests != 0) text += fmt::format("requests = {}\n", opt.requests);
  if (opt.duration_s != 0) text += fmt::format("duration_s = {}\n", opt.duration_s);
  if (!opt.input_tokens.empty())
    text += fmt::format("input_tokens = {}\n", LengthToml(opt.input_tokens));
  if (!opt.output_tokens.empty())
    text += fmt::format("output_tokens = {}\n", LengthToml(opt.output_tokens));
  uint64_t unused_seed = 0;
  return SpecFromToml(text, kFlagsPath, "", &unused_seed, true);
}

TraceOutput OutputFormat(const TraceOptions& opt) {
  if (opt.to == "jsonl") return TraceOutput::kJsonl;
  if (opt.to.empty() && opt.output.size() >= 6 && opt.output.ends_with(".jsonl"))
    return TraceOutput::kJsonl;
  return TraceOutput::kCsv;
}

void PrintStats(const std::string& file, const TraceSummary& s, int64_t max_total_tokens,
                std::ostream& out) {
  auto line = [&](const char* key, const std::string& value) {
    out << fmt::format("{:<17} {}\n", key, value);
  };
  line("file", file);
  line("format", s.stats.format);
  line("rows", std::to_string(s.stats.rows));
  line("requests", std::to_string(s.requests));
  line("span_s", fmt::format("{:.3f}", s.span_s));
  line("mean_rate_per_s", fmt::format("{:.3f}", s.mean_rate_per_s));
  line("skipped_failed", std::to_string(s.stats.skipped_failed));
  line("raised_zero", std::to_string(s.stats.raised_zero));
  line("clipped", max_total_tokens > 0
                      ? fmt::format("{} (to {} tokens)", s.stats.clipped, max_total_tokens)
                      : std::to_string(s.stats.clipped));
  line("prefix_hashes", fmt::format("{} requests", s.with_prefix_hashes));
  line("sessions", fmt::format("{} requests", s.with_session));
  out << '\n';
  using A = TextTable::Align;
  TextTable t({"tokens", "mean", "p50", "p90", "p99", "max"},
              {A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight});
  for (auto [name, l] : {std::pair{"input", s.input}, std::pair{"output", s.output}}) {
    t.AddRow({name, fmt::format("{:.1f}", l.mean), std::to_string(l.p50), std::to_string(l.p90),
              std::to_string(l.p99), std::to_string(l.max)});
  }
  out << t.Render();
}

Status RunTrace(const TraceOptions& opt, Io& io) {
  Result<WorkloadSpec> spec = Status::Invalid("unreachable");
  uint64_t seed = opt.seed;
  if (opt.action == "generate") {
    if (!opt.scenario.empty()) {
      Result<std::string> text = ReadInput(opt.scenario, io);
      if (!text.ok()) return text.status();
      spec = SpecFromToml(*text, InputName(opt.scenario), DirName(InputName(opt.scenario)), &seed,
                          opt.seed_given);
      if (spec.ok() && opt.max_requests > 0) spec->max_requests = opt.max_requests;
    } else {
      spec = GeneratorSpecFromFlags(opt);
    }
  } else {
    spec = TraceSpecFromFlags(opt);
  }
  if (!spec.ok()) return spec.status();
  std::unique_ptr<ByteSource> stdin_bytes;
  if (opt.action != "generate" && opt.input == "-") {
    if (io.in == nullptr) return Status::Invalid("-: there is no standard input to read");
    stdin_bytes = StreamBytes(*io.in);
    spec->trace_path = kStdinName;
  }
  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(
      *spec, seed, opt.max_total_tokens, ContextClip::kOutputThenInput, std::move(stdin_bytes));
  if (!source.ok()) return source.status();

  if (opt.action == "stats") {
    Result<TraceSummary> summary = SummarizeTrace(**source);
    if (!summary.ok()) return summary.status();
    PrintStats(InputName(opt.input), *summary, opt.max_total_tokens, io.out);
    return Status::Ok();
  }
  Result<int64_t> written = WriteTrace(**source, OutputFormat(opt), opt.output);
  if (!written.ok()) return written.status();
  std::string notes;
  if (const WorkloadStats* st = WorkloadStatsOf(**source)) {
    if (st->skipped_failed > 0)
      notes += fmt::format(", {} failed rows skipped", st->skipped_failed);
    if (st->raised_zero > 0) notes += fmt::format(", {} zero lengths raised to 1", st->raised_zero);
    if (st->clipped > 0)
      notes += fmt::format(", {} clipped to {} tokens", st->clipped, opt.max_total_tokens);
  }
  io.out << fmt::format("wrote {} requests to {}{}\n", *written, opt.output,
                        notes.empty() ? "" : fmt::format(" ({})", notes.substr(2)));
  return Status::Ok();
}

void AddReadFlags(CLI::App* sub, TraceOptions* opt) {
  sub->add_option("--format", opt->format, "Trace format (default: detected from the first line)")
      ->check(CLI::IsMember(TraceFormatNames()));
  sub->add_option("--time-column", opt->time_column,
                  "Generic trace: the arrival-time column (default arrival_s)");
  sub->add_option("--time-unit", opt->time_unit,
                  "Generic trace: s, ms, us, ns or datetime (default s)")
      ->check(CLI::IsMember({"s", "ms", "us", "ns", "datetime"}));
  sub->add_option("--input-column", opt->input_column,
                  "Generic trace: the prompt-tokens column (default input_tokens)");
  sub->add_option("--output-column", opt->output_column,
                  "Generic trace: the output-tokens column (default output_tokens)");
}

void AddCommonFlags(CLI::App* sub, TraceOptions* opt) {
  sub->add_option("--max-total-tokens", opt->max_total_tokens,
                  "Clip input + output to a context size: output first, then input (0 = no limit)")
      ->check(NonNegativeNumber());
}

void AddWriteFlags(CLI::App* sub, TraceOptions* opt) {
  sub->add_option("--max-requests", opt->max_requests, "Stop after this many requests")
      ->check(PositiveNumber());
  sub->add_option("--to", opt->to,
                  "Output format: csv or jsonl (default: jsonl for *.jsonl, else csv)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
}

}  // namespace

CommandAction SetupTrace(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<TraceOptions>();
  sub->require_subcommand(1);
  CLI::App* stats = sub->add_subcommand(
      "stats", "Count, span, rate and token-length mean/p50/p90/p99/max of a trace");
  stats->add_option("file", opt->input, "The trace (gzip read directly); - reads standard input")
      ->required()
      ->type_name("FILE");
  AddReadFlags(stats, opt.get());
  AddCommonFlags(stats, opt.get());

  CLI::App* convert = sub->add_subcommand(
      "convert", "Rewrite a trace in any supported format as generic CSV or JSONL");
  convert
      ->add_option("in", opt->input,
                   "The trace to read (gzip read directly); - reads standard input")
      ->required()
      ->type_name("IN");
  convert->add_option("out", opt->output, "The file to write (atomically)")
      ->required()
      ->type_name("OUT");
  AddReadFlags(convert, opt.get());
  convert
      ->add_option("--rate-scale", opt->rate_scale,
                   "Divide arrival times by this (2 = twice as fast)")
      ->check(PositiveNumber());
  AddWriteFlags(convert, opt.get());
  AddCommonFlags(convert, opt.get());

  CLI::App* generate = sub->add_subcommand(
      "generate", "Write a generator's request stream, from a scenario's [workload] or from flags");
  generate->add_option("-o,--output", opt->output, "The file to write (atomically)")
      ->required()
      ->type_name("OUT");
  CLI::Option* scenario =
      generate
          ->add_option(
              "--scenario", opt->scenario,
              "Take [workload] and seed from this scenario; - reads it from standard input")
          ->type_name("FILE");
  auto flag = [&](const char* name, auto* value, const char* help) {
    return generate->add_option(name, *value, help)->excludes(scenario);
  };
  flag("--arrival", &opt->arrival, "poisson, gamma, constant, offline or diurnal (default poisson)")
      ->check(CLI::IsMember({"poisson", "gamma", "constant", "offline", "diurnal"}));
  flag("--rate", &opt->rate_per_s, "Mean arrival rate in requests per second")
      ->check(PositiveNumber());
  flag("--requests", &opt->requests, "How many requests")->check(PositiveNumber());
  flag("--duration", &opt->duration_s, "Or: arrivals within this many seconds")
      ->check(PositiveNumber());
  flag("--burstiness", &opt->burstiness,
       "gamma: coefficient of variation of the gaps (1 = poisson)")
      ->check(PositiveNumber());
  flag("--peak-to-trough", &opt->peak_to_trough, "diurnal: peak rate / trough rate")
      ->check(PositiveNumber());
  flag("--period", &opt->period_s, "diurnal: seconds per cycle (default 86400)")
      ->check(PositiveNumber());
  flag("--input-tokens", &opt->input_tokens,
       "Prompt lengths: a count, or a TOML table like '{ dist = \"lognormal\", median = 1000, "
       "sigma = 0.8 }'")
      ->type_name("DIST");
  flag("--output-tokens", &opt->output_tokens, "Output lengths, the same way")->type_name("DIST");
  CLI::Option* seed =
      generate->add_option("--seed", opt->seed, "Random seed (default: the scenario's, else 0)")
          ->check(Seed());
  AddWriteFlags(generate, opt.get());
  AddCommonFlags(generate, opt.get());

  return [opt, stats, convert, seed](Io& io) {
    opt->action = stats->parsed() ? "stats" : convert->parsed() ? "convert" : "generate";
    opt->seed_given = seed->count() > 0;
    return RunTrace(*opt, io);
  };
}

}  // namespace plan
