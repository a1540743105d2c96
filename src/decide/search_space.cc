#include "decide/search_space.h"

#include "decide/capacity_prune.h"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/resolve_engine.h"
#include "metrics/cost.h"
#include "perf/step_model.h"
#include "util/input_limits.h"
#include "util/suggest.h"
#include "util/toml_reader.h"
#include "util/units.h"

namespace plan {

namespace {

// A list of ids, each checked against `known`; absent keeps `*out`.
void IdList(TomlTable& t, const char* key, const char* what, const std::vector<std::string>& known,
            std::vector<std::string>* out) {
  const toml::array* array = t.Array(key);
  if (!array) return;
  if (array->empty()) {
    t.Error(key, fmt::format("'{}' in [search] must list at least one {}", key, what));
    return;
  }
  out->clear();
  for (const toml::node& e : *array) {
    if (!e.is_string()) {
      t.diag()->Error(
          LocOf(e, t.path()),
          fmt::format("each '{}' in [search] must be a string, not {}", key, TomlTypeName(e)));
      continue;
    }
    const std::string id = *e.value<std::string>();
    if (std::find(known.begin(), known.end(), id) == known.end())
      t.diag()->Error(LocOf(e, t.path()), UnknownNameMessage(what, id, known));
    out->push_back(id);
  }
}

// A list of integers in [1, max]; absent keeps `*out`.
void IntList(TomlTable& t, const char* key, int64_t max, std::vector<int32_t>* out) {
  const toml::array* array = t.Array(key);
  if (!array) return;
  if (array->empty()) {
    t.Error(key, fmt::format("'{}' in [search] must list at least one value", key));
    return;
  }
  out->clear();
  for (const toml::node& e : *array) {
    std::optional<int64_t> v = e.value<int64_t>();
    if (e.is_integer() && v && *v > max) {
      t.diag()->Error(LocOf(e, t.path()),
                      fmt::format("each '{}' in [search] must be <= {}, not {}", key, max, *v));
      continue;
    }
    if (!e.is_integer() || !v || *v < 1) {
      t.diag()->Error(LocOf(e, t.path()),
                      fmt::format("each '{}' in [search] must be an integer >= 1, not {}", key,
                                  e.is_integer() ? std::to_string(*v) : TomlTypeName(e)));
      continue;
    }
    out->push_back(static_cast<int32_t>(*v));
  }
}

std::vector<std::string> PricedDatacenterGpus(const Catalog& catalog, PriceModel pricing) {
  std::vector<std::string> ids;
  for (const GpuSpec& g : catalog.gpus())
    if (g.kind == DeviceKind::kDatacenter && GpuUsdPerHour(g.price, pricing) > 0)
      ids.push_back(g.id);
  return ids;
}

// The engine as a configuration runs it: the catalog's, resolved for the GPU, with the
// configuration's batch limits where it sets them (0: the engine's own).
EngineProfile ConfigEngine(const Catalog& catalog, const std::string& engine_id, const GpuSpec& gpu,
                           int32_t max_num_seqs, int32_t max_batched_tokens) {
  EngineProfile engine = ResolveEngine(*catalog.FindEngine(engine_id), gpu, "").engine;
  if (max_num_seqs > 0) engine.max_num_seqs = max_num_seqs;
  if (max_batched_tokens > 0) engine.max_batched_tokens = max_batched_tokens;
  return engine;
}

}  // namespace

Result<SearchSpaceSpec> ParseSearchSpace(const std::string& text, const Scenario& scenario,
                                         const Catalog& catalog) {
  SearchSpaceSpec spec;
  spec.loc = {scenario.path, 0, 0};
  for (const CandidateSpec& c : scenario.candidates) {
    if (c.kind == CandidateKind::kSelfHosted) {
      spec.model = c.self_hosted.model;
      break;
    }
  }
  Diagnostics diag;
  std::optional<toml::table> doc = ParseToml(text, scenario.path, &diag);
  if (!doc) return diag.ToStatus();
  const toml::table* search = (*doc)["search"].as_table();
  if (!search) {
    if (doc->contains("search"))
      diag.Error(LocOf(*doc->get("search"), scenario.path), "'search' must be a table: [search]");
    spec.gpus = PricedDatacenterGpus(catalog, spec.pricing);
  } else {
    TomlTable t(*search, scenario.path, &diag, "[search]");
    spec.loc = t.Loc();
    if (std::optional<std::string> model = t.String("model")) {
      spec.model = *model;
      if (!catalog.FindModel(spec.model))
        t.Error("model", UnknownNameMessage("model", spec.model, catalog.ModelIds()));
    }
    const std::string pricing = t.Choice("pricing", PriceModelNames(), "on_demand");
    for (size_t i = 0; i < PriceModelNames().size(); ++i)
      if (PriceModelNames()[i] == pricing) spec.pricing = static_cast<PriceModel>(i);
    spec.gpus = PricedDatacenterGpus(catalog, spec.pricing);
    IdList(t, "gpus", "gpu", catalog.GpuIds(), &spec.gpus);
    IdList(t, "quant", "quant", catalog.QuantIds(), &spec.quants);
    IdList(t, "engines", "engine", catalog.EngineIds(), &spec.engines);
    IntList(t, "tp", limits::kMaxParallel, &spec.tp);
    IntList(t, "pp", limits::kMaxParallel, &spec.pp);
    IntList(t, "replicas", limits::kMaxReplicas, &spec.replicas);
    IntList(t, "max_num_seqs", limits::kMaxNumSeqs, &spec.max_num_seqs);
    IntList(t, "max_batched_tokens", limits::kMaxBatchedTokens, &spec.max_batched_tokens);
    // The space is the product of the lists; enumerating a typo's billions would never end.
    double size = 1;
    for (size_t n :
         {spec.gpus.size(), spec.quants.size(), spec.engines.size(), spec.tp.size(), spec.pp.size(),
          spec.replicas.size(), spec.max_num_seqs.size(), spec.max_batched_tokens.size()})
      size *= static_cast<double>(std::max<size_t>(n, 1));
    if (size > static_cast<double>(limits::kMaxSearchConfigs))
      t.ErrorHere(
          fmt::format("[search] spans {:.0f} configurations, more than the {} one search "
                      "may hold; shorten its lists",
                      size, limits::kMaxSearchConfigs));
    t.Finish();
  }
  if (diag.empty() && spec.model.empty())
    diag.Error(spec.loc,
               "the search needs a model: set model = \"...\" in [search] (or give "
               "the scenario a self_hosted candidate)");
  PLAN_RETURN_IF_ERROR(diag.ToStatus());
  return spec;
}

EnumeratedSpace EnumerateSpace(const SearchSpaceSpec& spec, const Catalog& catalog,
                               const CapacityPruning* pruning) {
  EnumeratedSpace out;
  const ModelSpec* model = catalog.FindModel(spec.model);
  const std::vector<int32_t> seqs =
      spec.max_num_seqs.empty() ? std::vector<int32_t>{0} : spec.max_num_seqs;
  const std::vector<int32_t> toks =
      spec.max_batched_tokens.empty() ? std::vector<int32_t>{0} : spec.max_batched_tokens;
  for (const std::string& gpu_id : spec.gpus) {
    const GpuSpec* gpu = catalog.FindGpu(gpu_id);
    const bool priced = GpuUsdPerHour(gpu->price, spec.pricing) > 0;
    for (const std::string& quant_id : spec.quants) {
      for (const std::string& engine_id : spec.engines) {
        for (int32_t tp : spec.tp) {
          for (int32_t pp : spec.pp) {
            for (int32_t s : seqs) {
              for (int32_t b : toks) {
                // Memory and validity do not depend on the replica count: judge once.
                const EngineProfile engine = ConfigEngine(catalog, engine_id, *gpu, s, b);
                Deployment d{model, gpu, catalog.FindQuant(quant_id), &engine, tp, pp};
                std::string reason;
                Result<StepModel> m = StepModel::Create(d);
                if (!priced) {
                  reason = fmt::format("no {} price for {}", PriceModelName(spec.pricing), gpu_id);
                } else if (!m.ok()) {
                  reason = "invalid: " + m.status().message();
                } else if (!m->memory().fits) {
                  reason = fmt::format("does not fit: needs {:.1f} GiB more per GPU",
                                       m->memory().shortfall_bytes_per_gpu / kBytesPerGiB);
                }
                for (int32_t r : spec.replicas) {
                  ++out.size;
                  SearchConfig c{gpu_id, quant_id, engine_id, tp, pp, r, s, b};
                  std::string why = reason;
                  if (why.empty() && pruning)
                    why = CapacityPruneReason(*m, r, pruning->load, pruning->slo);
                  if (why.empty())
                    out.configs.push_back(c);
                  else
                    out.pruned.push_back({c.Name(), why});
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

SearchSpaceInfo DescribeSpace(const Scenario& scenario, const SearchSpaceSpec& spec,
                              EnumeratedSpace space) {
  SearchSpaceInfo info;
  info.scenario = scenario.name;
  info.seed = scenario.seed;
  info.slo = scenario.slo;
  info.model = spec.model;
  info.pricing = PriceModelName(spec.pricing);
  info.space_size = space.size;
  info.configs = std::move(space.configs);
  info.pruned = std::move(space.pruned);
  return info;
}

double ConfigCapacity(const SearchSpaceSpec& spec, const SearchConfig& config,
                      const Catalog& catalog, const WorkloadVolume& load) {
  const GpuSpec* gpu = catalog.FindGpu(config.gpu);
  const EngineProfile engine =
      ConfigEngine(catalog, config.engine, *gpu, config.max_num_seqs, config.max_batched_tokens);
  Deployment d{catalog.FindModel(spec.model),
               gpu,
               catalog.FindQuant(config.quant),
               &engine,
               config.tp,
               config.pp};
  Result<StepModel> m = StepModel::Create(d);
  return m.ok() ? FleetCapacity(*m, config.replicas, load) : 0.0;
}

CandidateSpec ConfigCandidate(const SearchSpaceSpec& spec, const SearchConfig& config) {
  CandidateSpec c;
  c.name = config.Name();
  c.kind = CandidateKind::kSelfHosted;
  c.loc = spec.loc;
  SelfHostedSpec& s = c.self_hosted;
  s.model = spec.model;
  s.gpu = config.gpu;
  s.quant = config.quant;
  s.engine = config.engine;
  s.tp = config.tp;
  s.pp = config.pp;
  s.replicas = config.replicas;
  s.pricing = spec.pricing;
  if (config.max_num_seqs > 0) s.max_num_seqs = config.max_num_seqs;
  if (config.max_batched_tokens > 0) s.max_batched_tokens = config.max_batched_tokens;
  return c;
}

}  // namespace plan
