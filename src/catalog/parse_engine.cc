#include <fmt/format.h>

#include "catalog/parse.h"
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

namespace {
constexpr double kSecondsPerMicro = 1e-6;

Efficiency ParseEfficiency(TomlTable& t) {
  Efficiency e;
  e.loc = t.Loc();
  e.family = t.RequireString("family");
  e.family_loc = t.KeyLoc("family");
  t.set_what(fmt::format("{} efficiency for '{}'", t.what(), e.family));
  e.compute = t.RequireNumberAtLeast("compute", 0, true);
  e.memory = t.RequireNumberAtLeast("memory", 0, true);
  e.link = t.NumberAtLeast("link", 0, true).value_or(e.link);
  for (auto [key, value] :
       {std::pair{"compute", e.compute}, {"memory", e.memory}, {"link", e.link}})
    if (value > 1.0)
      t.Error(key, fmt::format("'{}' in {} is a fraction of peak and must be <= 1, not {}", key,
                               t.what(), value));
  e.kernel_overhead_s = t.NumberAtLeast("kernel_overhead_us", 0).value_or(0) * kSecondsPerMicro;
  e.step_overhead_s = t.NumberAtLeast("step_overhead_us", 0).value_or(0) * kSecondsPerMicro;
  e.allreduce_latency_s = t.NumberAtLeast("allreduce_latency_us", 0).value_or(0) * kSecondsPerMicro;
  e.evidence = t.RequireString("evidence");
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
  e.max_num_seqs = static_cast<int>(t.RequireIntAtLeast("max_num_seqs", 1));
  e.max_batched_tokens = static_cast<int>(t.RequireIntAtLeast("max_batched_tokens", 1));
  e.block_size_tokens = static_cast<int>(t.RequireIntAtLeast("block_size_tokens", 1));
  e.gpu_memory_utilization = t.RequireNumberAtLeast("gpu_memory_utilization", 0, true);
  if (e.gpu_memory_utilization > 1.0)
    t.Error("gpu_memory_utilization",
            fmt::format("'gpu_memory_utilization' in {} must be <= 1, not {}", t.what(),
                        e.gpu_memory_utilization));
  e.activation_reserve_bytes =
      t.NumberAtLeast("activation_reserve_gib", 0).value_or(0) * kBytesPerGiB;
  e.source = t.RequireString("source");
  e.checked = t.RequireString("checked");
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
