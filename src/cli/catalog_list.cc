#include "cli/catalog_list.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/catalog_offers.h"
#include "util/suggest.h"
#include "util/text_table.h"
#include "util/units.h"

namespace plan {

namespace {

using nlohmann::ordered_json;

// What one listing holds: the entries of each kind that pass the filters.
struct Selection {
  std::vector<const GpuSpec*> gpus;
  std::vector<const ModelSpec*> models;
  std::vector<const QuantProfile*> quants;
  std::vector<const EngineProfile*> engines;
  std::vector<const Region*> regions;
  std::vector<const ApiOffer*> offers;
};

std::string Num(double v, int digits = 1) { return fmt::format("{:.{}f}", v, digits); }

std::string Price(double usd) { return usd > 0 ? fmt::format("{:.2f}", usd) : "-"; }

// A figure the catalog keeps as 0 for "none known" is null in JSON.
ordered_json OrNull(double v) { return v > 0 ? ordered_json(v) : ordered_json(nullptr); }
ordered_json OrNull(int64_t v) { return v > 0 ? ordered_json(v) : ordered_json(nullptr); }

void GpuTable(const Selection& s, std::ostream& out) {
  using A = TextTable::Align;
  TextTable t(
      {"id", "kind", "memory GiB", "HBM GB/s", "bf16 TFLOPS", "fp8 TFLOPS", "$/h on-demand",
       "$/h spot"},
      {A::kLeft, A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight});
  for (const GpuSpec* g : s.gpus) {
    t.AddRow({g->id, DeviceKindName(g->kind), Num(g->memory_bytes / kBytesPerGiB),
              Num(g->memory_bandwidth_bytes_per_s / kBytesPerGB, 0),
              Num(g->peak_flops_per_s[static_cast<int>(Dtype::kBf16)] / kFlopsPerTflop),
              Num(g->peak_flops_per_s[static_cast<int>(Dtype::kFp8)] / kFlopsPerTflop),
              Price(g->price.on_demand_usd_per_hour), Price(g->price.spot_usd_per_hour)});
  }
  out << t.Render();
}

void ModelTable(const Selection& s, std::ostream& out) {
  using A = TextTable::Align;
  TextTable t({"id", "params B", "layers", "hidden", "heads/kv", "experts", "context"},
              {A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight});
  for (const ModelSpec* m : s.models) {
    t.AddRow({m->id, Num(m->published_params / 1e9), std::to_string(m->layers),
              std::to_string(m->hidden), fmt::format("{}/{}", m->heads, m->kv_heads),
              m->is_moe() ? fmt::format("{} (top {})", m->experts, m->experts_per_token) : "-",
              std::to_string(m->context_tokens)});
  }
  out << t.Render();
}

void QuantTable(const Selection& s, std::ostream& out) {
  using A = TextTable::Align;
  TextTable t({"id", "bits/weight", "compute", "kv cache", "quality"},
              {A::kLeft, A::kRight, A::kLeft, A::kLeft, A::kLeft});
  for (const QuantProfile* q : s.quants)
    t.AddRow({q->id, Num(q->weight_bits, 2), DtypeName(q->compute_dtype), DtypeName(q->kv_dtype),
              q->quality});
  out << t.Render();
}

void EngineTable(const Selection& s, std::ostream& out) {
  using A = TextTable::Align;
  TextTable t(
      {"id", "chunked prefill", "prefix cache", "max seqs", "token budget", "block", "mem util"},
      {A::kLeft, A::kLeft, A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight});
  for (const EngineProfile* e : s.engines)
    t.AddRow({e->id, e->chunked_prefill ? "yes" : "no", e->prefix_caching ? "yes" : "no",
              std::to_string(e->max_num_seqs), std::to_string(e->max_batched_tokens),
              std::to_string(e->block_size_tokens), Num(e->gpu_memory_utilization, 2)});
  out << t.Render();
}

void RegionTable(const Selection& s, std::ostream& out) {
  TextTable t({"id", "jurisdiction", "name"});
  for (const Region* r : s.regions) t.AddRow({r->id, r->jurisdiction, r->name});
  out << t.Render();
}

void OfferTable(const Selection& s, std::ostream& out) { ListOffers(s.offers, out); }

ordered_json GpuJson(const GpuSpec& g) {
  ordered_json tflops = ordered_json::object();
  for (int i = 0; i < kDtypeCount; ++i)
    if (g.peak_flops_per_s[i] > 0)
      tflops[DtypeName(static_cast<Dtype>(i))] = g.peak_flops_per_s[i] / kFlopsPerTflop;
  return {{"id", g.id},
          {"name", g.name},
          {"vendor", g.vendor},
          {"family", g.family},
          {"kind", DeviceKindName(g.kind)},
          {"memory_gib", g.memory_bytes / kBytesPerGiB},
          {"memory_bandwidth_gb_per_s", g.memory_bandwidth_bytes_per_s / kBytesPerGB},
          {"tflops", tflops},
          {"gpus_per_node", g.gpus_per_node},
          {"on_demand_usd_per_hour", OrNull(g.price.on_demand_usd_per_hour)},
          {"spot_usd_per_hour", OrNull(g.price.spot_usd_per_hour)},
          {"reserved_1y_usd_per_hour", OrNull(g.price.reserved_1y_usd_per_hour)},
          {"reserved_3y_usd_per_hour", OrNull(g.price.reserved_3y_usd_per_hour)},
          {"source", g.source}};
}

ordered_json ModelJson(const ModelSpec& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"params_b", m.published_params / 1e9},
          {"layers", m.layers},
          {"hidden", m.hidden},
          {"heads", m.heads},
          {"kv_heads", m.kv_heads},
          {"experts", m.experts},
          {"experts_per_token", m.experts_per_token},
          {"context_tokens", m.context_tokens},
          {"source", m.source}};
}

ordered_json QuantJson(const QuantProfile& q) {
  return {{"id", q.id},
          {"name", q.name},
          {"weight_bits", q.weight_bits},
          {"compute_dtype", DtypeName(q.compute_dtype)},
          {"kv_dtype", DtypeName(q.kv_dtype)},
          {"quality", q.quality},
          {"source", q.source}};
}

ordered_json EngineJson(const EngineProfile& e) {
  return {{"id", e.id},
          {"name", e.name},
          {"chunked_prefill", e.chunked_prefill},
          {"prefix_caching", e.prefix_caching},
          {"max_num_seqs", e.max_num_seqs},
          {"max_batched_tokens", e.max_batched_tokens},
          {"block_size_tokens", e.block_size_tokens},
          {"gpu_memory_utilization", e.gpu_memory_utilization},
          {"source", e.source}};
}

ordered_json RegionJson(const Region& r) {
  return {{"id", r.id}, {"name", r.name}, {"jurisdiction", r.jurisdiction}, {"source", r.source}};
}

ordered_json OfferJson(const ApiOffer& o) {
  return {{"id", o.id},
          {"provider", o.provider},
          {"model", o.model},
          {"input_usd_per_mtok", o.prices.input_usd_per_mtok},
          {"output_usd_per_mtok", o.prices.output_usd_per_mtok},
          {"cached_read_usd_per_mtok", OrNull(o.prices.cached_read_usd_per_mtok)},
          {"batch_input_usd_per_mtok", OrNull(o.batch_input_usd_per_mtok)},
          {"batch_output_usd_per_mtok", OrNull(o.batch_output_usd_per_mtok)},
          {"long_context_above_tokens", OrNull(o.long_context.above_tokens)},
          {"max_input_tokens", OrNull(o.max_input_tokens)},
          {"max_output_tokens", OrNull(o.max_output_tokens)},
          {"ttft_s", o.latency.ttft_fixed_s},
          {"output_tokens_per_s", o.latency.output_tokens_per_s},
          {"latency_basis", LatencyBasisName(o.latency_basis)},
          {"base", o.fine_tuned ? ordered_json(o.base) : ordered_json(nullptr)},
          {"training_usd_per_mtok", OrNull(o.training_usd_per_mtok)},
          {"regions", o.regions},
          {"source", o.source}};
}

template <typename T>
ordered_json Array(const std::vector<const T*>& items, ordered_json (*fn)(const T&)) {
  ordered_json a = ordered_json::array();
  for (const T* item : items) a.push_back(fn(*item));
  return a;
}

// Keeps the entries whose name matches `query` by words; an empty `query` keeps them all. When
// none of `all` matches, the value is unknown: Status::Invalid naming the nearest.
template <typename T, typename Name>
Status KeepMatching(std::vector<const T*>* items, const std::vector<T>& all,
                    const std::string& query, const char* what, Name name) {
  if (query.empty()) return Status::Ok();
  std::set<std::string> names;
  bool known = false;
  for (const T& item : all) {
    names.insert(name(item));
    known = known || MatchesWords(query, name(item));
  }
  if (!known) return Status::Invalid(UnknownNameMessage(what, query, {names.begin(), names.end()}));
  std::erase_if(*items, [&](const T* item) { return !MatchesWords(query, name(*item)); });
  return Status::Ok();
}

template <typename T>
std::vector<const T*> Pointers(const std::vector<T>& all) {
  std::vector<const T*> out;
  for (const T& item : all) out.push_back(&item);
  return out;
}

// A filter given for a kind it does not apply to.
Status CheckApplies(const std::string& flag, const std::string& value, const std::string& kind,
                    const std::string& kinds) {
  if (value.empty() || (!kind.empty() && kinds.find(kind) != std::string::npos))
    return Status::Ok();
  return Status::Invalid(
      fmt::format("plan catalog list: {} filters {}; name the kind: plan catalog list {} {} {}",
                  flag, kinds, kinds.substr(0, kinds.find(' ')), flag, value));
}

}  // namespace

Result<std::string> RenderCatalogList(const Catalog& c, const CatalogListOptions& opt,
                                      const std::string& format) {
  const std::string& k = opt.kind;
  for (const Status& s : {CheckApplies("--provider", opt.provider, k, kProviderFilterKinds),
                          CheckApplies("--model", opt.model, k, kModelFilterKinds),
                          CheckApplies("--gpu", opt.gpu, k, kGpuFilterKinds)})
    if (!s.ok()) return s;

  Selection s{Pointers(c.gpus()),    Pointers(c.models()),  Pointers(c.quants()),
              Pointers(c.engines()), Pointers(c.regions()), Pointers(c.offers())};
  auto id = [](const auto& e) { return e.id; };
  Status st = Status::Ok();
  if (k == "gpus") st = KeepMatching(&s.gpus, c.gpus(), opt.gpu, "gpu", id);
  if (k == "models") st = KeepMatching(&s.models, c.models(), opt.model, "model", id);
  if (k == "offers") {
    if (!opt.provider.empty()) {
      std::vector<std::string> providers;
      for (const ApiOffer& o : c.offers())
        if (std::find(providers.begin(), providers.end(), o.provider) == providers.end())
          providers.push_back(o.provider);
      if (std::find(providers.begin(), providers.end(), opt.provider) == providers.end())
        return Status::Invalid(UnknownNameMessage("provider", opt.provider, providers));
      std::erase_if(s.offers, [&](const ApiOffer* o) { return o->provider != opt.provider; });
    }
    st = KeepMatching(&s.offers, c.offers(), opt.model, "model",
                      [](const ApiOffer& o) { return o.model; });
  }
  if (!st.ok()) return st;

  struct Section {
    const char* kind;
    void (*table)(const Selection&, std::ostream&);
    ordered_json json;
  };
  const Section sections[] = {
      {"gpus", GpuTable, Array(s.gpus, GpuJson)},
      {"models", ModelTable, Array(s.models, ModelJson)},
      {"quant", QuantTable, Array(s.quants, QuantJson)},
      {"engines", EngineTable, Array(s.engines, EngineJson)},
      {"regions", RegionTable, Array(s.regions, RegionJson)},
      {"offers", OfferTable, Array(s.offers, OfferJson)},
  };
  if (format == "json") {
    ordered_json out = ordered_json::object();
    for (const Section& sec : sections)
      if (k.empty() || k == sec.kind) out[sec.kind] = sec.json;
    return out.dump(2) + "\n";
  }
  std::ostringstream out;
  for (const Section& sec : sections) {
    if (!k.empty() && k != sec.kind) continue;
    if (k.empty()) out << fmt::format("{}:\n", sec.kind);
    sec.table(s, out);
    if (k.empty()) out << '\n';
  }
  return out.str();
}

}  // namespace plan
