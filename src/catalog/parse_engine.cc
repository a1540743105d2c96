#include <fmt/format.h>
#include <algorithm>

#include "catalog/parse.h"
#include "catalog/parse_fidelity.h"
#include "util/input_limits.h"
#include "util/units.h"

namespace plan {

const Efficiency& EngineProfile::EfficiencyFor(const std::string& family) const {
  const Efficiency* fallback = nullptr;
  for (const Efficiency& e : efficiency) {
    if (e.family == family) return e;
    if (e.family == "default") fallback = &e;
  }
  assert(fallback && "engine validated to have a default efficiency");
  return *fallback;
}

const EngineVersion* EngineProfile::FindVersion(const std::string& id) const {
  for (const EngineVersion& v : versions)
    if (v.id == id) return &v;
  return nullptr;
}

const EngineVersion* EngineProfile::NewestVersion() const {
  const EngineVersion* newest = nullptr;
  for (const EngineVersion& v : versions)
    if (!newest || CompareVersions(v.id, newest->id) > 0) newest = &v;
  return newest;
}

std::vector<std::string> EngineProfile::VersionIds() const {
  std::vector<std::string> ids;
  for (const EngineVersion& v : versions) ids.push_back(v.id);
  return ids;
}

bool EngineProfile::Loads(const std::string& quant) const {
  return quants.empty() || std::find(quants.begin(), quants.end(), quant) != quants.end();
}

const char* KvRuleName(KvRule rule) {
  switch (rule) {
    case KvRule::kProfiledPeak:
      return "profiled_peak";
    case KvRule::kStaticFraction:
      return "static_fraction";
    case KvRule::kFreeFraction:
      return "free_fraction";
    case KvRule::kContext:
      return "context";
  }
  return "profiled_peak";
}

namespace {
constexpr double kSecondsPerMicro = 1e-6;

Efficiency ParseEfficiency(TomlTable& t) {
  Efficiency e;
  e.loc = t.Loc();
  e.family = t.RequireString("family");
  e.family_loc = t.KeyLoc("family");
  t.set_what(fmt::format("{} efficiency for '{}'", t.what(), e.family));
  e.compute = t.RequireNumberInRange("compute", 0, 1, true);
  e.memory = t.RequireNumberInRange("memory", 0, 1, true);
  for (const char* moved : {"link", "allreduce_latency_us"})
    if (t.Has(moved))
      t.Error(moved, fmt::format("'{}' in {} moved to the GPU: all-reduce figures are per "
                                 "interconnect now ([gpu.interconnect] in gpus.toml); remove it",
                                 moved, t.what()));
  e.kernel_overhead_s =
      t.NumberInRange("kernel_overhead_us", 0, limits::kMaxOverheadUs).value_or(0) *
      kSecondsPerMicro;
  e.eager_kernel_overhead_s =
      t.NumberInRange("eager_kernel_overhead_us", 0, limits::kMaxOverheadUs).value_or(0) *
      kSecondsPerMicro;
  e.step_overhead_s =
      t.NumberInRange("step_overhead_us", 0, limits::kMaxOverheadUs).value_or(0) * kSecondsPerMicro;
  ApplyFidelity(ParseFidelityFields(t), &e);
  e.evidence_sources = t.StringArray("evidence_sources").value_or(std::vector<std::string>{});
  t.Finish();
  return e;
}
}  // namespace

EngineProfile ParseEngine(TomlTable& t) {
  EngineProfile e;
  e.loc = t.Loc();
  e.id = ReadEntryId(t, "engine");
  e.name = t.String("name").value_or(e.id);
  e.chunked_prefill = t.Bool("chunked_prefill").value_or(true);
  e.prefix_caching = t.Bool("prefix_caching").value_or(true);
  e.capacity_policy = t.Choice("capacity_policy", {"max_utilization", "guaranteed_no_evict"},
                               "max_utilization") == "guaranteed_no_evict"
                          ? EngineProfile::CapacityPolicy::kGuaranteedNoEvict
                          : EngineProfile::CapacityPolicy::kMaxUtilization;
  e.max_num_seqs = static_cast<int>(t.RequireIntInRange("max_num_seqs", 1, limits::kMaxNumSeqs));
  e.max_batched_tokens =
      static_cast<int>(t.RequireIntInRange("max_batched_tokens", 1, limits::kMaxBatchedTokens));
  e.block_size_tokens =
      static_cast<int>(t.RequireIntInRange("block_size_tokens", 1, limits::kMaxBlockTokens));
  e.gpu_memory_utilization = t.RequireNumberInRange("gpu_memory_utilization", 0, 1, true);
  if (t.Has("activation_reserve_gib"))
    t.Error("activation_reserve_gib",
            fmt::format("'activation_reserve_gib' in {} was replaced by the engine's own rule: "
                        "kv_rule and runtime_reserve_gib; remove it",
                        t.what()));
  const std::string rule = t.Choice(
      "kv_rule", {"profiled_peak", "static_fraction", "free_fraction", "context"}, "profiled_peak");
  e.kv_rule = rule == "static_fraction" ? KvRule::kStaticFraction
              : rule == "free_fraction" ? KvRule::kFreeFraction
              : rule == "context"       ? KvRule::kContext
                                        : KvRule::kProfiledPeak;
  e.runtime_reserve_bytes =
      t.NumberInRange("runtime_reserve_gib", 0, limits::kMaxMemoryGib).value_or(0) * kBytesPerGiB;
  if (const toml::table* f = t.Table("static_fraction_by_tp")) {
    for (const auto& [key, node] : *f) {
      const std::string k(key.str());
      const std::optional<double> v = node.value<double>();
      if (k.empty() || k.find_first_not_of("0123456789") != std::string::npos || !v || *v <= 0 ||
          *v > 1) {
        t.Error("static_fraction_by_tp",
                fmt::format("static_fraction_by_tp in {} maps a tensor-parallel degree to a "
                            "fraction in (0, 1], not {} = {}",
                            t.what(), k, node.is_value() ? TomlTypeName(node) : "a table"));
        continue;
      }
      e.static_fraction_by_tp.emplace_back(std::stoi(k), *v);
    }
    std::sort(e.static_fraction_by_tp.begin(), e.static_fraction_by_tp.end());
  }
  if (e.kv_rule == KvRule::kStaticFraction && e.static_fraction_by_tp.empty())
    t.ErrorHere(
        fmt::format("{} has kv_rule = \"static_fraction\" and needs "
                    "static_fraction_by_tp",
                    t.what()));
  e.custom_allreduce = t.Choice("allreduce", {"custom", "nccl"}, "custom") == "custom";
  e.cuda_graph_max_tokens = static_cast<int>(
      t.IntInRange("cuda_graph_max_tokens", 0, limits::kMaxBatchedTokens).value_or(0));
  e.graph_decode_only = t.Bool("cuda_graph_decode_only").value_or(false);
  e.quants = t.StringArray("quants").value_or(std::vector<std::string>{});
  e.quants_loc = t.KeyLoc("quants");
  e.max_context_tokens =
      t.IntInRange("max_context_tokens", 1, limits::kMaxContextTokens).value_or(0);
  e.source = t.RequireString("source");
  e.checked = t.RequireString("checked");
  for (const toml::table* vt : t.TableArray("version")) {
    TomlTable sub(*vt, t.path(), t.diag(), t.what());
    e.versions.push_back(ParseEngineVersion(sub));
    for (size_t i = 0; i + 1 < e.versions.size(); ++i)
      if (e.versions[i].id == e.versions.back().id)
        sub.Error("id", fmt::format("{} lists version '{}' twice", t.what(), e.versions[i].id));
  }
  bool has_default = false;
  for (const toml::table* et : t.TableArray("efficiency")) {
    TomlTable sub(*et, t.path(), t.diag(), t.what());
    e.efficiency.push_back(ParseEfficiency(sub));
    has_default |= e.efficiency.back().family == "default";
  }
  if (!has_default)
    t.ErrorHere(
        fmt::format("{} needs an [[engine.efficiency]] entry with family = \"default\"", t.what()));
  t.Finish();
  return e;
}

}  // namespace plan
