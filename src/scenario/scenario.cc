#include "scenario/scenario.h"

#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "scenario/catalog_id.h"
#include "scenario/references.h"
#include "sim/router.h"
#include "util/files.h"
#include "util/input_limits.h"
#include "util/suggest.h"
#include "util/toml_reader.h"

namespace plan {

namespace {

AutoscaleSpec ParseAutoscale(TomlTable& t) {
  AutoscaleSpec a;
  a.enabled = true;
  a.min_replicas =
      static_cast<int32_t>(t.RequireIntInRange("min_replicas", 1, limits::kMaxReplicas));
  a.max_replicas =
      static_cast<int32_t>(t.RequireIntInRange("max_replicas", 1, limits::kMaxReplicas));
  if (a.max_replicas < a.min_replicas)
    t.Error("max_replicas", fmt::format("max_replicas ({}) must be >= min_replicas ({})",
                                        a.max_replicas, a.min_replicas));
  a.interval_s = t.NumberInRange("interval_s", 0, limits::kMaxSeconds, true).value_or(a.interval_s);
  a.scale_up_outstanding = t.NumberInRange("scale_up_outstanding", 0, limits::kMaxRequests, true)
                               .value_or(a.scale_up_outstanding);
  a.scale_down_outstanding = t.NumberInRange("scale_down_outstanding", 0, limits::kMaxRequests)
                                 .value_or(a.scale_down_outstanding);
  if (a.scale_down_outstanding >= a.scale_up_outstanding)
    t.Error("scale_down_outstanding",
            fmt::format("scale_down_outstanding ({}) must be below scale_up_outstanding ({})",
                        a.scale_down_outstanding, a.scale_up_outstanding));
  a.cold_start_s = t.NumberInRange("cold_start_s", 0, limits::kMaxSeconds).value_or(a.cold_start_s);
  t.Finish();
  return a;
}

SelfHostedSpec ParseSelfHosted(TomlTable& t, const Catalog& catalog) {
  SelfHostedSpec s;
  s.model = t.RequireString("model");
  s.gpu = t.RequireString("gpu");
  s.quant = t.String("quant").value_or(s.quant);
  s.engine = t.String("engine").value_or(s.engine);
  CheckCatalogId(t, "model", s.model, "model", catalog.ModelIds());
  CheckCatalogId(t, "gpu", s.gpu, "gpu", catalog.GpuIds());
  CheckCatalogId(t, "quant", s.quant, "quant", catalog.QuantIds());
  CheckCatalogId(t, "engine", s.engine, "engine", catalog.EngineIds());
  CheckEngineLoads(t, catalog, s.engine, s.quant);
  s.engine_version = t.String("engine_version").value_or("");
  if (const EngineProfile* e = catalog.FindEngine(s.engine); e && t.Has("engine_version")) {
    if (e->versions.empty())
      t.Error("engine_version",
              fmt::format("candidate '{}': the catalog knows no releases of engine '{}'; remove "
                          "engine_version to use its defaults",
                          t.what(), s.engine));
    else if (!e->FindVersion(s.engine_version))
      t.Error("engine_version", fmt::format("candidate '{}': {}", t.what(),
                                            UnknownNameMessage(fmt::format("{} version", s.engine),
                                                               s.engine_version, e->VersionIds())));
  }
  s.tp = static_cast<int32_t>(t.IntInRange("tp", 1, limits::kMaxParallel).value_or(1));
  s.pp = static_cast<int32_t>(t.IntInRange("pp", 1, limits::kMaxParallel).value_or(1));
  s.replicas = static_cast<int32_t>(t.IntInRange("replicas", 1, limits::kMaxReplicas).value_or(1));
  std::string pricing = t.Choice("pricing", PriceModelNames(), "on_demand");
  s.pricing = ParsePriceModel(pricing).value();
  s.price_usd_per_gpu_hour =
      t.NumberInRange("price_usd_per_gpu_hour", 0, limits::kMaxUsdPerHour, true);
  s.interruptions = ParseInterruptionSpec(t, s.pricing == PriceModel::kSpot);
  s.router = t.Choice("router", RoutePolicyNames(), s.router);
  s.serverless = ParseServerlessSpec(t);
  s.lora = ParseLoraSpec(t);
  if (const toml::table* a = t.Table("autoscale")) {
    TomlTable at(*a, t.path(), t.diag(), fmt::format("autoscale of candidate '{}'", t.what()));
    s.autoscale = ParseAutoscale(at);
  }
  if (s.lora.dedicated) {
    // One merged replica per fine-tune: the fleet's size is the adapter count.
    const char* conflict = t.Has("replicas")         ? "replicas"
                           : s.autoscale.enabled     ? "autoscale"
                           : s.serverless.enabled    ? "serverless"
                           : s.interruptions.enabled ? "interruptions"
                                                     : nullptr;
    if (conflict)
      t.Error(conflict, fmt::format("candidate '{}': with lora serving = \"dedicated\" the fleet "
                                    "is one replica per adapter ({}); remove {}",
                                    t.what(), s.lora.adapters, conflict));
    else if (s.lora.adapters > limits::kMaxReplicas)
      t.Error("lora", fmt::format("candidate '{}': serving = \"dedicated\" needs one replica per "
                                  "adapter, and {} is more than {} replicas",
                                  t.what(), s.lora.adapters, limits::kMaxReplicas));
    s.replicas = s.lora.adapters;
  }
  if (auto v = t.IntInRange("max_num_seqs", 1, limits::kMaxNumSeqs))
    s.max_num_seqs = static_cast<int32_t>(*v);
  if (auto v = t.IntInRange("max_batched_tokens", 1, limits::kMaxBatchedTokens))
    s.max_batched_tokens = static_cast<int32_t>(*v);
  s.gpu_memory_utilization = t.NumberInRange("gpu_memory_utilization", 0, 1, true);
  s.chunked_prefill = t.Bool("chunked_prefill");
  s.prefix_caching = t.Bool("prefix_caching");
  s.warm_system_prompt = t.Bool("warm_system_prompt").value_or(false);
  s.cloud = t.String("cloud").value_or("");
  s.region = t.String("region").value_or("");
  CheckCatalogId(t, "cloud", s.cloud, "cloud", catalog.CloudIds());
  CheckCatalogId(t, "region", s.region, "region", catalog.RegionIds());
  return s;
}

// The kind's own keys, then the wrappers any kind may carry.
void ParseKindKeys(TomlTable& t, const Catalog& catalog, CandidateSpec* c) {
  switch (c->kind) {
    case CandidateKind::kSelfHosted:
      c->self_hosted = ParseSelfHosted(t, catalog);
      break;
    case CandidateKind::kApi:
      c->api = ParseApiSpec(t, catalog);
      break;
    case CandidateKind::kHybrid:
      c->hybrid = ParseHybridSpec(t);
      break;
    case CandidateKind::kMultiRegion:
      c->multi_region = ParseMultiRegionSpec(t, catalog);
      break;
    case CandidateKind::kEdge:
      c->edge = ParseEdgeSpec(t, catalog);
      break;
    case CandidateKind::kFailover:
      c->failover = ParseFailoverSpec(t, 2);
      break;
  }
  if (c->kind != CandidateKind::kFailover) {
    if (const toml::table* f = t.Table("failover")) {
      TomlTable ft(*f, t.path(), t.diag(), fmt::format("the failover of candidate '{}'", c->name));
      c->failover = ParseFailoverSpec(ft, 1);
      ft.Finish();
    }
  }
  if (const toml::table* rc = t.Table("response_cache")) {
    TomlTable ct(*rc, t.path(), t.diag(),
                 fmt::format("the response_cache of candidate '{}'", c->name));
    c->response_cache = ParseResponseCacheSpec(ct);
  }
}

SloSpec ParseSlo(TomlTable& t) {
  SloSpec slo;
  slo.ttft_p99_s = t.NumberInRange("ttft_p99_s", 0, limits::kMaxSeconds, true);
  slo.tpot_p99_s = t.NumberInRange("tpot_p99_s", 0, limits::kMaxSeconds, true);
  slo.e2e_p99_s = t.NumberInRange("e2e_p99_s", 0, limits::kMaxSeconds, true);
  t.Finish();
  return slo;
}

// `require = ["hipaa", ...]`: each a known compliance attribute, once.
void ParseRequire(TomlTable& top, std::vector<std::string>* require) {
  const toml::array* a = top.Array("require");
  if (!a) return;
  const std::vector<std::string>& known = ComplianceAttributeNames();
  for (const toml::node& n : *a) {
    const SourceLoc loc = LocOf(n, top.path());
    const std::optional<std::string_view> name = n.value<std::string_view>();
    if (!name) {
      top.diag()->Error(loc, "require: each requirement must be a string");
      continue;
    }
    const std::string attribute(*name);
    if (std::find(known.begin(), known.end(), attribute) == known.end())
      top.diag()->Error(loc, UnknownNameMessage("requirement", attribute, known));
    else if (std::find(require->begin(), require->end(), attribute) != require->end())
      top.diag()->Error(loc, fmt::format("requirement '{}' is listed twice", attribute));
    else
      require->push_back(attribute);
  }
}

}  // namespace

Result<Scenario> ParseScenario(const std::string& text, const std::string& path,
                               const Catalog& catalog) {
  Diagnostics diag;
  std::optional<toml::table> doc = ParseToml(text, path, &diag);
  if (!doc) return diag.ToStatus();
  Scenario sc;
  sc.path = path;
  sc.text = text;
  TomlTable top(*doc, path, &diag, "the scenario");
  sc.name = top.RequireString("name");
  if (auto seed = top.IntInRange("seed", 0, INT64_MAX)) sc.seed = static_cast<uint64_t>(*seed);

  if (const toml::table* w = top.Table("workload")) {
    TomlTable wt(*w, path, &diag, "[workload]");
    sc.workload = ParseWorkloadSpec(wt, DirName(path));
  } else if (!doc->get("workload")) {
    top.ErrorHere("the scenario is missing the [workload] table");
  }
  ParseRequire(top, &sc.require);
  if (const toml::table* s = top.Table("slo")) {
    TomlTable st(*s, path, &diag, "[slo]");
    sc.slo = ParseSlo(st);
  }

  std::set<std::string> names;
  for (const toml::table* ct : top.TableArray("candidate")) {
    TomlTable t(*ct, path, &diag, "candidate");
    CandidateSpec c;
    c.loc = t.Loc();
    for (const auto& [key, value] : *ct) c.key_locs.emplace(key.str(), LocOf(value, path));
    c.name = t.RequireString("name");
    t.set_what(c.name);
    if (!c.name.empty() && !names.insert(c.name).second)
      t.Error("name", fmt::format("duplicate candidate name '{}'", c.name));
    // An unknown kind is reported once; the rest of the table is not guessed at.
    const std::optional<CandidateKind> kind =
        ParseCandidateKind(t.Choice("kind", CandidateKindNames(), ""));
    if (!t.raw().get("kind"))
      t.ErrorHere(fmt::format("candidate '{}' is missing required key 'kind'", c.name));
    if (kind) {
      c.kind = *kind;
      ParseKindKeys(t, catalog, &c);
      t.Finish();
    }
    sc.candidates.push_back(std::move(c));
  }
  // An embedding offer returns no output: only a workload of prefill-only requests may use it.
  const LengthDist& out = sc.workload.generator.output_tokens;
  const bool prefill_only =
      sc.workload.generated() && out.kind == LengthKind::kFixed && out.value == 0;
  for (const CandidateSpec& c : sc.candidates) {
    const ApiOffer* offer = c.kind == CandidateKind::kApi && !c.api.offer.empty()
                                ? catalog.FindOffer(c.api.offer)
                                : nullptr;
    if (c.kind == CandidateKind::kSelfHosted && c.self_hosted.warm_system_prompt &&
        sc.workload.sessions.system_prompt_tokens < kSessionBlockTokens)
      diag.Error(c.KeyLoc("warm_system_prompt"),
                 fmt::format("candidate '{}': warm_system_prompt needs a system prompt of at "
                             "least one {}-token prefix block; give [workload.sessions] "
                             "system_prompt_tokens",
                             c.name, kSessionBlockTokens));
    if (offer && offer->embedding && !prefill_only)
      diag.Error(
          c.KeyLoc("offer"),
          fmt::format("candidate '{}': offer '{}' is an embedding model and returns no "
                      "output, but the workload asks for output tokens; give "
                      "[workload.generator] output_tokens = {{ dist = \"fixed\", value = 0 }}",
                      c.name, offer->id));
  }
  // A search space stands in for candidates: `plan search` builds them.
  if (sc.candidates.empty() && !doc->get("candidate") && !doc->get("search"))
    top.ErrorHere("the scenario has no [[candidate]]");
  top.Known({"search"});  // the search space, read by `plan search` (decide/search_space.h)
  top.Finish();
  ResolveReferences(&sc, catalog, &diag);
  PLAN_RETURN_IF_ERROR(diag.ToStatus());
  return sc;
}

Result<Scenario> LoadScenario(const std::string& path, const Catalog& catalog) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseScenario(*text, path, catalog);
}

}  // namespace plan
