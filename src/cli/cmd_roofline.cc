// plan roofline: per-kernel roofline of one prefill step and one decode step, plus memory fit.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "catalog/catalog.h"
#include "catalog/resolve_engine.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "perf/perf.h"
#include "util/suggest.h"
#include "util/text_table.h"
#include "util/units.h"

namespace plan {

struct RooflineOptions {
  DeploymentIds deployment;  // --model, --gpu, --quant, --engine, --tp, --pp
  int64_t batch = 1;
  int64_t prompt_tokens = 1024;
  int64_t context_tokens = 0;  // 0 = prompt_tokens
  std::string format;          // "" = from -o's extension, else table
  std::string output_path;     // "" = stdout
  std::vector<std::string> catalog_dirs;
};

namespace {

using ordered_json = nlohmann::ordered_json;

// FLOP per byte of HBM traffic; 0 where a kernel moves no bytes.
double Intensity(const KernelCost& c) { return c.bytes > 0 ? c.flops / c.bytes : 0; }

std::string Thousands(double v) {
  std::string digits = fmt::format("{:.0f}", v);
  std::string out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (n > 0 && n % 3 == 0 && *it != '-') out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++n;
  }
  return out;
}

std::string KernelTable(const StepBreakdown& s) {
  using A = TextTable::Align;
  TextTable t({"kernel", "count", "GFLOP", "MB", "time ms", "FLOP/byte", "bound"},
              {A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kLeft});
  for (const KernelCost& c : s.kernels) {
    t.AddRow({c.name, std::to_string(c.count), fmt::format("{:.3f}", c.flops / 1e9),
              fmt::format("{:.3f}", c.bytes / 1e6), fmt::format("{:.4f}", c.time_s * 1e3),
              c.bytes > 0 ? fmt::format("{:.1f}", Intensity(c)) : "-", c.bound});
  }
  t.AddRow({"total", "", fmt::format("{:.3f}", s.flops() / 1e9),
            fmt::format("{:.3f}", s.hbm_bytes() / 1e6), fmt::format("{:.4f}", s.time_s * 1e3), "",
            s.bound});
  return t.Render();
}

ordered_json KernelsJson(const StepBreakdown& s) {
  ordered_json out = ordered_json::array();
  for (const KernelCost& c : s.kernels) {
    out.push_back({{"name", c.name},
                   {"count", c.count},
                   {"flops", c.flops},
                   {"bytes", c.bytes},
                   {"time_s", c.time_s},
                   {"overhead_s", c.overhead_s},
                   {"arithmetic_intensity", Intensity(c)},
                   {"bound", c.bound}});
  }
  return out;
}

std::string Plural(int64_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void PrintTable(const RooflineOptions& o, const StepModel& sm, const StepBreakdown& prefill,
                const StepBreakdown& decode, std::ostream& out) {
  const Deployment& d = sm.deployment();
  const MemoryPlan& m = sm.memory();
  out << fmt::format("roofline: model {} on gpu {}, quant {}, engine {}, tp={} pp={} ({})\n\n",
                     d.model->id, d.gpu->id, d.quant->id, d.engine->id, d.tp, d.pp,
                     Plural(d.gpus(), "GPU"));
  out << fmt::format(
      "memory per GPU ({} rule): {:.2f} GiB budgeted ({:.0f}% of {:.2f} GiB): weights {:.2f} "
      "GiB, activations {:.2f} GiB, runtime reserve {:.2f} GiB, KV cache {:.2f} GiB\n",
      KvRuleName(d.engine->kv_rule), m.usable_bytes_per_gpu / kBytesPerGiB,
      m.usable_bytes_per_gpu / d.gpu->memory_bytes * 100, d.gpu->memory_bytes / kBytesPerGiB,
      m.weights_bytes_per_gpu / kBytesPerGiB, m.activation_bytes_per_gpu / kBytesPerGiB,
      m.runtime_reserve_bytes_per_gpu / kBytesPerGiB, m.kv_capacity_bytes_per_gpu / kBytesPerGiB);
  out << fmt::format(
      "KV cache: {:.1f} KiB per token per replica; holds {} tokens ({:.2f} sequences "
      "of the model's {}-token context)\n",
      m.kv_bytes_per_token / 1024, Thousands(double(m.kv_capacity_tokens)),
      double(m.kv_capacity_tokens) / d.model->context_tokens, d.model->context_tokens);
  if (!m.fits)
    out << fmt::format("does not fit: needs {:.2f} GiB more per GPU\n",
                       m.shortfall_bytes_per_gpu / kBytesPerGiB);

  const double prefill_tokens = double(o.batch) * o.prompt_tokens;
  out << fmt::format(
      "\nprefill: {} x {} prompt tokens in one step: {:.3f} ms, {}-bound, {} tokens/s\n",
      Plural(o.batch, "sequence"), o.prompt_tokens, prefill.time_s * 1e3, prefill.bound,
      Thousands(prefill_tokens / prefill.time_s));
  out << KernelTable(prefill);
  out << fmt::format("\ndecode: {} at context {}, one step: {:.3f} ms, {}-bound, {} tokens/s\n",
                     Plural(o.batch, "sequence"), o.context_tokens, decode.time_s * 1e3,
                     decode.bound, Thousands(double(o.batch) / decode.time_s));
  out << KernelTable(decode);
}

void PrintJson(const RooflineOptions& o, const StepModel& sm, const StepBreakdown& prefill,
               const StepBreakdown& decode, std::ostream& out) {
  const Deployment& d = sm.deployment();
  const MemoryPlan& m = sm.memory();
  ordered_json j;
  j["model"] = d.model->id;
  j["gpu"] = d.gpu->id;
  j["quant"] = d.quant->id;
  j["engine"] = d.engine->id;
  j["tp"] = d.tp;
  j["pp"] = d.pp;
  j["batch"] = o.batch;
  j["prompt_tokens"] = o.prompt_tokens;
  j["context_tokens"] = o.context_tokens;
  j["memory"] = {{"usable_bytes_per_gpu", m.usable_bytes_per_gpu},
                 {"weights_bytes_per_gpu", m.weights_bytes_per_gpu},
                 {"activation_bytes_per_gpu", m.activation_bytes_per_gpu},
                 {"runtime_reserve_bytes_per_gpu", m.runtime_reserve_bytes_per_gpu},
                 {"kv_capacity_bytes_per_gpu", m.kv_capacity_bytes_per_gpu},
                 {"kv_bytes_per_token", m.kv_bytes_per_token},
                 {"kv_bytes_per_token_per_gpu", m.kv_bytes_per_token_per_gpu},
                 {"kv_capacity_tokens", m.kv_capacity_tokens},
                 {"fits", m.fits},
                 {"shortfall_bytes_per_gpu", m.shortfall_bytes_per_gpu}};
  const double prefill_tokens = double(o.batch) * o.prompt_tokens;
  j["prefill"] = {{"tokens", o.batch * o.prompt_tokens},
                  {"time_s", prefill.time_s},
                  {"tokens_per_s", prefill_tokens / prefill.time_s},
                  {"bound", prefill.bound},
                  {"kernels", KernelsJson(prefill)}};
  j["decode"] = {{"step_time_s", decode.time_s},
                 {"tokens_per_s", double(o.batch) / decode.time_s},
                 {"bound", decode.bound},
                 {"kernels", KernelsJson(decode)}};
  out << j.dump(2) << '\n';
}

Status RunRoofline(RooflineOptions o, Io& io) {
  Result<std::string> format = ChooseFormat(o.format, o.output_path);
  if (!format.ok()) return format.status();
  if (*format != "table" && *format != "json")
    return Status::Invalid(
        fmt::format("plan roofline writes table or json, not {}{}", *format,
                    o.format.empty() ? fmt::format(" (from -o {}); add -f", o.output_path) : ""));
  Result<Catalog> catalog = LoadCatalogWithOverlays(o.catalog_dirs);
  if (!catalog.ok()) return catalog.status();
  Result<Deployment> d = ResolveDeployment(*catalog, o.deployment);
  if (!d.ok()) return d.status();
  // The engine as it runs on this GPU: its newest release's limits (the KV cache depends on them).
  const EngineProfile resolved = ResolveEngine(*d->engine, *d->gpu, "").engine;
  d->engine = &resolved;
  Result<StepModel> sm = StepModel::Create(*d);
  if (!sm.ok()) return sm.status();
  if (o.context_tokens == 0) o.context_tokens = o.prompt_tokens;
  const StepBreakdown prefill = sm->Explain(PrefillBatch(o.batch, o.prompt_tokens));
  const StepBreakdown decode = sm->Explain(DecodeBatch(o.batch, o.context_tokens));
  std::ostringstream text;
  if (*format == "json")
    PrintJson(o, *sm, prefill, decode, text);
  else
    PrintTable(o, *sm, prefill, decode, text);
  PLAN_RETURN_IF_ERROR(WriteOutput(o.output_path, text.str(), io));
  // The figures are written either way (they say by how much); the exit status says it cannot run.
  const MemoryPlan& m = sm->memory();
  if (m.fits) return Status::Ok();
  return Status::Invalid(fmt::format(
      "plan roofline: model {} ({}) does not fit on {} x {} (tp={} pp={}): needs {:.2f} GiB "
      "more per GPU; try a larger --tp or --pp, a smaller --quant, or a GPU with more memory",
      d->model->id, d->quant->id, d->gpus(), d->gpu->id, d->tp, d->pp,
      m.shortfall_bytes_per_gpu / kBytesPerGiB));
}

}  // namespace

CommandAction SetupRoofline(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<RooflineOptions>();
  sub->add_option("--model", opt->deployment.model, "Model id (plan catalog list models)")
      ->required();
  sub->add_option("--gpu", opt->deployment.gpu, "GPU id (plan catalog list gpus)")->required();
  sub->add_option("--quant", opt->deployment.quant, "Quantization profile id")
      ->capture_default_str();
  sub->add_option("--tp", opt->deployment.tp, "Tensor-parallel degree")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--pp", opt->deployment.pp, "Pipeline-parallel degree")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--engine", opt->deployment.engine, "Serving engine id")->capture_default_str();
  sub->add_option("--batch", opt->batch, "Sequences in the batch")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--prompt", opt->prompt_tokens, "Prompt tokens per sequence for the prefill step")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--context", opt->context_tokens,
                  "Context tokens per sequence for the decode step (default: --prompt)")
      ->check(PositiveNumber());
  sub->add_option("-f,--format", opt->format,
                  std::string("Output format: table or json ") + kFormatDefaultHelp)
      ->check(Choices({"table", "json"}));
  sub->add_option("-o,--output", opt->output_path,
                  "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  return [opt, global](Io& io) {
    opt->catalog_dirs = global->catalog_dirs;
    return RunRoofline(*opt, io);
  };
}

}  // namespace plan
