#include <fmt/format.h>

#include "catalog/parse.h"
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
  e.link = t.NumberInRange("link", 0, 1, true).value_or(e.link);
  e.kernel_overhead_s =
      t.NumberInRange("kernel_overhead_us", 0, limits::kMaxOverheadUs).value_or(0) *
      kSecondsPerMicro;
  e.step_overhead_s =
      t.NumberInRange("step_overhead_us", 0, limits::kMaxOverheadUs).value_or(0) * kSecondsPerMicro;
  e.allreduce_latency_s =
      t.NumberInRange("allreduce_latency_us", 0, limits::kMaxOverheadUs).value_or(0) *
      kSecondsPerMicro;
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
  e.max_num_seqs = static_cast<int>(t.RequireIntInRange("max_num_seqs", 1, limits::kMaxNumSeqs));
  e.max_batched_tokens =
      static_cast<int>(t.RequireIntInRange("max_batched_tokens", 1, limits::kMaxBatchedTokens));
  e.block_size_tokens =
      static_cast<int>(t.RequireIntInRange("block_size_tokens", 1, limits::kMaxBlockTokens));
  e.gpu_memory_utilization = t.RequireNumberInRange("gpu_memory_utilization", 0, 1, true);
  e.activation_reserve_bytes =
      t.NumberInRange("activation_reserve_gib", 0, limits::kMaxMemoryGib).value_or(0) *
      kBytesPerGiB;
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
