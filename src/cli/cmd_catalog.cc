// plan catalog list|show|validate|import
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "catalog/catalog.h"
#include "cli/catalog_list.h"
#include "cli/catalog_offers.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "util/suggest.h"
#include "util/units.h"

namespace plan {

struct CatalogOptions {
  std::string action;  // list | show | validate
  CatalogListOptions list;
  std::string format;       // list: -f
  std::string output_path;  // list: -o
  std::string id;           // for show
  std::string dir;          // for validate
  std::vector<std::string> catalog_dirs;
};

namespace {

std::string Num(double v, int digits = 1) { return fmt::format("{:.{}f}", v, digits); }

std::string Price(double usd) { return usd > 0 ? fmt::format("{:.2f}", usd) : "-"; }

void Field(std::ostream& out, const char* key, const std::string& value) {
  if (!value.empty()) out << fmt::format("  {:<30} {}\n", key, value);
}

bool Show(const Catalog& c, const std::string& id, std::ostream& out) {
  bool found = false;
  if (const GpuSpec* g = c.FindGpu(id)) {
    found = true;
    out << fmt::format("gpu {}\n", g->id);
    Field(out, "name", g->name);
    Field(out, "vendor", g->vendor);
    Field(out, "family", g->family);
    Field(out, "kind", DeviceKindName(g->kind));
    Field(out, "memory_gib", Num(g->memory_bytes / kBytesPerGiB, 2));
    Field(out, "memory_bandwidth_gb_per_s", Num(g->memory_bandwidth_bytes_per_s / kBytesPerGB, 0));
    for (int i = 0; i < kDtypeCount; ++i)
      if (g->peak_flops_per_s[i] > 0)
        Field(out, fmt::format("tflops.{}", DtypeName(static_cast<Dtype>(i))).c_str(),
              Num(g->peak_flops_per_s[i] / kFlopsPerTflop));
    Field(out, "link_gb_per_s", Num(g->link_bandwidth_bytes_per_s / kBytesPerGB, 0));
    Field(out, "gpus_per_node", std::to_string(g->gpus_per_node));
    if (g->gpus_per_node > 1) {
      const Interconnect& ic = g->interconnect;
      Field(out, "interconnect",
            fmt::format(
                "custom all-reduce {:.1f} us/step{}, NCCL {:.1f} us + {:.2f} us/step, "
                "efficiency {:.2f} x (2/n)^{:.2f}; {}, error +-{:g}%",
                ic.custom_latency_s * 1e6,
                ic.custom_max_gpus > 0 ? fmt::format(" (up to {} GPUs)", ic.custom_max_gpus) : "",
                ic.nccl_base_latency_s * 1e6, ic.nccl_latency_s * 1e6, ic.efficiency,
                ic.scaling_exponent, ic.basis, ic.error_pct));
      Field(out, "interconnect.evidence", ic.evidence);
    }
    Field(out, "tdp_w", Num(g->tdp_w, 0));
    Field(out, "price.on_demand_usd_per_hour", Price(g->price.on_demand_usd_per_hour));
    Field(out, "price.spot_usd_per_hour", Price(g->price.spot_usd_per_hour));
    Field(out, "price.reserved_1y_usd_per_hour", Price(g->price.reserved_1y_usd_per_hour));
    Field(out, "price.reserved_3y_usd_per_hour", Price(g->price.reserved_3y_usd_per_hour));
    Field(out, "price.seller", g->price.seller);
    Field(out, "price.source", g->price.source);
    Field(out, "source", g->source);
    Field(out, "checked", g->checked);
    Field(out, "defined at", g->loc.ToString());
  }
  if (const ModelSpec* m = c.FindModel(id)) {
    found = true;
    out << fmt::format("model {}\n", m->id);
    Field(out, "name", m->name);
    Field(out, "params_b", Num(m->published_params / 1e9, 2));
    Field(out, "layers", std::to_string(m->layers));
    Field(out, "hidden", std::to_string(m->hidden));
    Field(out, "heads", std::to_string(m->heads));
    Field(out, "kv_heads", std::to_string(m->kv_heads));
    Field(out, "head_dim", std::to_string(m->head_dim));
    Field(out, "intermediate", std::to_string(m->intermediate));
    Field(out, "vocab", std::to_string(m->vocab));
    Field(out, "context_tokens", std::to_string(m->context_tokens));
    Field(out, "attention", m->attention == AttentionKind::kMla ? "mla" : "gqa");
    if (m->is_moe()) {
      Field(out, "experts", std::to_string(m->experts));
      Field(out, "experts_per_token", std::to_string(m->experts_per_token));
      Field(out, "shared_experts", std::to_string(m->shared_experts));
      Field(out, "moe_intermediate", std::to_string(m->moe_intermediate));
      Field(out, "dense_layers", std::to_string(m->dense_layers));
    }
    if (m->sliding_window > 0) {
      Field(out, "sliding_window", std::to_string(m->sliding_window));
      Field(out, "global_every", std::to_string(m->global_every));
    }
    Field(out, "source", m->source);
    Field(out, "checked", m->checked);
    Field(out, "defined at", m->loc.ToString());
  }
  if (const QuantProfile* q = c.FindQuant(id)) {
    found = true;
    out << fmt::format("quant {}\n", q->id);
    Field(out, "name", q->name);
    Field(out, "weight_bits", Num(q->weight_bits, 3));
    Field(out, "compute_dtype", DtypeName(q->compute_dtype));
    Field(out, "kv_dtype", DtypeName(q->kv_dtype));
    Field(out, "activation_dtype", DtypeName(q->activation_dtype));
    Field(out, "quality", q->quality);
    Field(out, "source", q->source);
    Field(out, "checked", q->checked);
    Field(out, "defined at", q->loc.ToString());
  }
  if (const EngineProfile* e = c.FindEngine(id)) {
    found = true;
    out << fmt::format("engine {}\n", e->id);
    Field(out, "name", e->name);
    Field(out, "chunked_prefill", e->chunked_prefill ? "true" : "false");
    Field(out, "prefix_caching", e->prefix_caching ? "true" : "false");
    Field(out, "capacity_policy",
          e->capacity_policy == EngineProfile::CapacityPolicy::kGuaranteedNoEvict
              ? "guaranteed_no_evict"
              : "max_utilization");
    Field(out, "max_num_seqs", std::to_string(e->max_num_seqs));
    Field(out, "max_batched_tokens", std::to_string(e->max_batched_tokens));
    Field(out, "block_size_tokens", std::to_string(e->block_size_tokens));
    Field(out, "gpu_memory_utilization", Num(e->gpu_memory_utilization, 2));
    Field(out, "kv_rule", KvRuleName(e->kv_rule));
    Field(out, "runtime_reserve_gib", Num(e->runtime_reserve_bytes / kBytesPerGiB, 2));
    Field(out, "allreduce", e->custom_allreduce ? "custom" : "nccl");
    for (const EngineVersion& v : e->versions)
      for (const EngineLimitRule& r : v.limits)
        out << fmt::format("  version {}{}: max_num_seqs {}, max_batched_tokens {} ({})\n", v.id,
                           v.released.empty() ? "" : " (" + v.released + ")", r.max_num_seqs,
                           r.max_batched_tokens, r.when);
    for (const Efficiency& eff : e->efficiency) {
      out << fmt::format(
          "  efficiency[{}]: compute {:.3f}, memory {:.3f}, kernel {:.2f} us (eager {:.2f} us), "
          "step {:.0f} us; {} ({} rows, rms log error {:.3f}, worst {:.2f}x), band +-{:g}%{}\n"
          "    evidence: {}\n",
          eff.family, eff.compute, eff.memory, eff.kernel_overhead_s * 1e6,
          eff.eager_kernel_overhead_s * 1e6, eff.step_overhead_s * 1e6, eff.basis,
          eff.evidence_rows, eff.error_rms_log, eff.error_worst, eff.error_pct,
          eff.borrowed_from.empty() ? "" : ", borrowed from " + eff.borrowed_from, eff.evidence);
    }
    Field(out, "source", e->source);
    Field(out, "checked", e->checked);
    Field(out, "defined at", e->loc.ToString());
  }
  if (const Region* r = c.FindRegion(id)) {
    found = true;
    out << fmt::format("region {}\n", r->id);
    Field(out, "name", r->name);
    Field(out, "jurisdiction", r->jurisdiction);
    for (const RegionLink& l : c.links())
      if (l.from == r->id || l.to == r->id)
        Field(out, fmt::format("rtt to {}", l.from == r->id ? l.to : l.from).c_str(),
              fmt::format("{:.0f} ms ({})", l.rtt_s * 1e3, l.source));
    Field(out, "source", r->source);
    Field(out, "checked", r->checked);
    Field(out, "defined at", r->loc.ToString());
  }
  if (ShowOffer(c, id, out)) found = true;
  return found;
}

Status RunCatalog(const CatalogOptions& opt, Io& io) {
  std::vector<std::string> dirs = opt.catalog_dirs;
  if (opt.action == "validate" && !opt.dir.empty()) dirs.push_back(opt.dir);
  Result<Catalog> catalog = LoadCatalogWithOverlays(dirs);
  if (!catalog.ok()) return catalog.status();
  const Catalog& c = *catalog;

  if (opt.action == "validate") {
    io.out << fmt::format(
        "catalog ok: {} gpus, {} models, {} quant profiles, {} engines, {} regions, "
        "{} offers\n",
        c.gpus().size(), c.models().size(), c.quants().size(), c.engines().size(),
        c.regions().size(), c.offers().size());
    return Status::Ok();
  }
  if (opt.action == "show") {
    if (Show(c, opt.id, io.out)) return Status::Ok();
    std::vector<std::string> all;
    for (const auto& ids :
         {c.GpuIds(), c.ModelIds(), c.QuantIds(), c.EngineIds(), c.RegionIds(), c.OfferIds()})
      all.insert(all.end(), ids.begin(), ids.end());
    return Status::Invalid(UnknownNameMessage("catalog id", opt.id, all));
  }
  Result<std::string> format = ChooseFormat(opt.format, opt.output_path);
  if (!format.ok()) return format.status();
  if (*format != "table" && *format != "json")
    return Status::Invalid(
        fmt::format("plan catalog list: format '{}' is not one of table, json", *format));
  Result<std::string> text = RenderCatalogList(c, opt.list, *format);
  if (!text.ok()) return text.status();
  return WriteOutput(opt.output_path, *text, io);
}

}  // namespace

CommandAction SetupCatalog(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<CatalogOptions>();
  sub->require_subcommand(1);
  CLI::App* list =
      sub->add_subcommand("list", "List entries: gpus, models, quant, engines, regions or offers");
  list->add_option("kind", opt->list.kind, "Which kind to list (default: all)")
      ->check(CLI::IsMember({"gpus", "models", "quant", "engines", "regions", "offers"}));
  list->add_option("-f,--format", opt->format,
                   std::string("Output format: table or json ") + kFormatDefaultHelp)
      ->check(Choices({"table", "json"}));
  list->add_option("-o,--output", opt->output_path,
                   "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  list->add_option("--provider", opt->list.provider,
                   "Only this provider's offers, exactly (groq, anthropic, ...)")
      ->type_name("ID");
  list->add_option("--model", opt->list.model,
                   fmt::format("Only models whose name has these words, or word starts ({})",
                               kModelFilterKinds))
      ->type_name("NAME");
  list->add_option(
          "--gpu", opt->list.gpu,
          fmt::format("Only GPUs whose id has these words, or word starts ({})", kGpuFilterKinds))
      ->type_name("NAME");
  CLI::App* show = sub->add_subcommand("show", "Show one entry with its source");
  show->add_option("id", opt->id, "Catalog id (gpu, model, quant, engine, region or offer)")
      ->required();
  CLI::App* validate = sub->add_subcommand(
      "validate", "Check the embedded catalog overlaid by DIR; every problem as path:line:col");
  validate->add_option("dir", opt->dir, "Directory of *.toml catalog files")->type_name("DIR");

  auto imp = std::make_shared<CatalogImportOptions>();
  CLI::App* import = sub->add_subcommand(
      "import", "Convert LiteLLM's price list (JSON) into [[offer]] catalog entries");
  import->add_option("format", imp->format, "Source format: litellm")
      ->required()
      ->check(CLI::IsMember({"litellm"}));
  import->add_option("file", imp->file, "model_prices_and_context_window.json")
      ->required()
      ->type_name("FILE");
  import
      ->add_option("-o,--output", imp->output, "Write the TOML here, atomically (default: stdout)")
      ->type_name("OUT");
  import
      ->add_option("--include", imp->include,
                   "LiteLLM key to import, '*' matches anything; repeatable (default: every chat "
                   "or embedding entry)")
      ->type_name("PATTERN");
  import
      ->add_option("--include-from", imp->include_from,
                   "File of --include patterns, one a line, '#' starts a comment")
      ->type_name("FILE");
  import
      ->add_option("--providers", imp->providers,
                   "Only these providers (plan's ids: anthropic, openai, gemini, vertex, bedrock, "
                   "azure, together, ...)")
      ->delimiter(',')
      ->type_name("LIST");
  return [opt, imp, global, list, show, import](Io& io) {
    if (import->parsed()) {
      imp->catalog_dirs = global->catalog_dirs;
      return RunCatalogImport(*imp, io);
    }
    opt->action = list->parsed() ? "list" : show->parsed() ? "show" : "validate";
    opt->catalog_dirs = global->catalog_dirs;
    return RunCatalog(*opt, io);
  };
}

}  // namespace plan
