#include "cli/catalog_offers.h"

#include <fmt/format.h>
#include <ostream>
#include <sstream>

#include "catalog/litellm_import.h"
#include "util/files.h"
#include "util/text_table.h"

namespace plan {

namespace {

std::string Usd(double usd_per_mtok) {
  return usd_per_mtok > 0 ? fmt::format("{:g}", usd_per_mtok) : "-";
}

std::string Tokens(int64_t n) { return n > 0 ? std::to_string(n) : "-"; }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void Field(std::ostream& out, const std::string& key, const std::string& value) {
  if (!value.empty()) out << fmt::format("  {:<33} {}\n", key, value);
}

void PriceFields(std::ostream& out, const std::string& prefix, const TokenPrices& p) {
  Field(out, prefix + "input_usd_per_mtok", Usd(p.input_usd_per_mtok));
  Field(out, prefix + "output_usd_per_mtok", Usd(p.output_usd_per_mtok));
  Field(out, prefix + "cached_read_usd_per_mtok", Usd(p.cached_read_usd_per_mtok));
  Field(out, prefix + "cached_write_usd_per_mtok", Usd(p.cached_write_usd_per_mtok));
}

Result<std::vector<std::string>> ReadIncludeFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::vector<std::string> out;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    size_t e = line.find_last_not_of(" \t\r");
    out.push_back(line.substr(b, e - b + 1));
  }
  return out;
}

std::string CommandLine(const CatalogImportOptions& opt) {
  std::string s = fmt::format("plan catalog import {} {}", opt.format, opt.file);
  if (!opt.include_from.empty()) s += " --include-from " + opt.include_from;
  for (const std::string& i : opt.include) s += " --include '" + i + "'";
  if (!opt.providers.empty()) s += " --providers " + Join(opt.providers);
  if (!opt.output.empty()) s += " -o " + opt.output;
  return s;
}

}  // namespace

void ListOffers(const std::vector<const ApiOffer*>& offers, std::ostream& out) {
  using A = TextTable::Align;
  TextTable t({"id", "$/M in", "$/M out", "cached", "batch in/out", "long ctx", "max input",
               "TTFT s", "tok/s", "latency", "tuned from", "train $/M", "regions"},
              {A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight,
               A::kRight, A::kRight, A::kLeft, A::kLeft, A::kRight, A::kLeft});
  for (const ApiOffer* offer : offers) {
    const ApiOffer& o = *offer;
    t.AddRow(
        {o.id, Usd(o.prices.input_usd_per_mtok), Usd(o.prices.output_usd_per_mtok),
         Usd(o.prices.cached_read_usd_per_mtok),
         o.has_batch()
             ? fmt::format("{:g}/{:g}", o.batch_input_usd_per_mtok, o.batch_output_usd_per_mtok)
             : "-",
         o.long_context.above_tokens > 0 ? fmt::format(">{}", o.long_context.above_tokens) : "-",
         Tokens(o.max_input_tokens), fmt::format("{:.2f}", o.latency.ttft_fixed_s),
         fmt::format("{:g}", o.latency.output_tokens_per_s), LatencyBasisName(o.latency_basis),
         o.fine_tuned ? o.base : "-", Usd(o.training_usd_per_mtok),
         o.regions.empty() ? "-" : Join(o.regions)});
  }
  out << t.Render();
}

bool ShowOffer(const Catalog& c, const std::string& id, std::ostream& out) {
  const ApiOffer* o = c.FindOffer(id);
  if (!o) return false;
  out << fmt::format("offer {}\n", o->id);
  Field(out, "provider", o->provider);
  Field(out, "model", o->model);
  Field(out, "cached_tokens", CachedTokenConventionName(o->cached_tokens));
  if (o->fine_tuned) Field(out, "base", o->base);
  PriceFields(out, "price.", o->prices);
  Field(out, "price.batch_input_usd_per_mtok", Usd(o->batch_input_usd_per_mtok));
  Field(out, "price.batch_output_usd_per_mtok", Usd(o->batch_output_usd_per_mtok));
  Field(out, "price.batch_source", o->batch_source);
  if (o->fine_tuned) Field(out, "price.training_usd_per_mtok", Usd(o->training_usd_per_mtok));
  if (o->long_context.above_tokens > 0) {
    Field(out, "long_context.above_tokens", std::to_string(o->long_context.above_tokens));
    PriceFields(out, "long_context.", o->long_context.prices);
  }
  Field(out, "max_input_tokens", Tokens(o->max_input_tokens));
  Field(out, "max_output_tokens", Tokens(o->max_output_tokens));
  Field(out, "cache_min_tokens", Tokens(o->cache_min_tokens));
  Field(out, "rpm", o->rpm > 0 ? fmt::format("{:g}", o->rpm) : "-");
  Field(out, "tpm", o->tpm > 0 ? fmt::format("{:g}", o->tpm) : "-");
  const ApiLatency& l = o->latency;
  Field(out, "latency.ttft_fixed_s", fmt::format("{:g}", l.ttft_fixed_s));
  Field(out, "latency.ttft_per_input_token_s", fmt::format("{:g}", l.ttft_per_input_token_s));
  Field(out, "latency.ttft_sigma", fmt::format("{:g}", l.ttft_sigma));
  Field(out, "latency.output_tokens_per_s", fmt::format("{:g}", l.output_tokens_per_s));
  Field(out, "latency.output_sigma", fmt::format("{:g}", l.output_sigma));
  Field(out, "latency.basis", LatencyBasisName(o->latency_basis));
  Field(out, "latency.ttft_error_pct", fmt::format("{:g}", o->ttft_error_pct));
  Field(out, "latency.output_speed_error_pct", fmt::format("{:g}", o->output_speed_error_pct));
  Field(out, "latency.source", l.source);
  Field(out, "regions", o->regions.empty() ? "-" : Join(o->regions));
  Field(out, "regions.source", o->regions_source);
  // What the provider states (compliance.toml); what no page states is unknown.
  for (const std::string& a : StatedComplianceAttributeNames()) {
    const ComplianceFact* f = c.OfferFact(o->id, a);
    Field(out, "compliance." + a,
          f ? fmt::format("{} ({}, read {})", f->value ? "yes" : "no", f->source, f->checked)
            : "unknown");
  }
  Field(out, "source", o->source);
  Field(out, "checked", o->checked);
  Field(out, "defined at", o->loc.ToString());
  return true;
}

Status RunCatalogImport(const CatalogImportOptions& opt, Io& io) {
  LitellmImportOptions options;
  options.include = opt.include;
  if (!opt.include_from.empty()) {
    Result<std::vector<std::string>> lines = ReadIncludeFile(opt.include_from);
    if (!lines.ok()) return lines.status();
    options.include.insert(options.include.begin(), lines->begin(), lines->end());
  }
  options.providers = opt.providers;
  options.command = CommandLine(opt);
  Result<std::string> json = ReadFile(opt.file);
  if (!json.ok()) return json.status();
  Result<LitellmImportResult> imported = ImportLitellm(*json, opt.file, options);
  if (!imported.ok()) return imported.status();

  // The generated file must load as a catalog layer; a failure here is the importer's bug.
  std::string as_path = opt.output.empty() ? "<import>" : opt.output;
  std::vector<std::vector<CatalogSource>> layers = {EmbeddedCatalogSources()};
  for (const std::string& dir : opt.catalog_dirs) {
    Result<std::vector<CatalogSource>> sources = ReadCatalogDir(dir);
    if (!sources.ok()) return sources.status();
    layers.push_back(std::move(sources).value());
  }
  layers.push_back({{as_path, imported->toml}});
  Result<Catalog> check = LoadCatalog(layers);
  if (!check.ok())
    return Status::Runtime(fmt::format("the imported entries do not load as a catalog:\n{}",
                                       check.status().message()));

  if (opt.output.empty()) {
    io.out << imported->toml;
    return Status::Ok();
  }
  PLAN_RETURN_IF_ERROR(WriteFileAtomic(opt.output, imported->toml));
  io.out << fmt::format("wrote {} offers to {}\n", imported->offers, opt.output);
  return Status::Ok();
}

}  // namespace plan
