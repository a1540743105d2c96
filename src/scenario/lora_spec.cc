#include "scenario/lora_spec.h"

#include <fmt/format.h>

#include <algorithm>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

namespace {

constexpr int64_t kMaxAdapters = 100'000;
constexpr int64_t kMaxRank = 4096;
constexpr double kMaxZipfExponent = 10;

// popularity = "uniform" | { dist = "uniform" } | { dist = "zipf", exponent = x }.
void ReadPopularity(TomlTable& lt, TomlTable& t, LoraSpec* s) {
  const toml::node* popularity = lt.raw().get("popularity");
  if (popularity && popularity->is_table()) {
    const toml::table* p = lt.Table("popularity");
    TomlTable pt(*p, t.path(), t.diag(),
                 fmt::format("the adapter popularity of candidate '{}'", t.what()));
    if (pt.Choice("dist", {"uniform", "zipf"}, "uniform") == "zipf")
      s->zipf_exponent =
          pt.RequireNumberInRange("exponent", 0, kMaxZipfExponent, /*min_exclusive=*/true);
    pt.Finish();
  } else if (popularity) {
    std::string dist = lt.Choice("popularity", {"uniform", "zipf"}, "uniform");
    if (dist == "zipf")
      lt.Error("popularity",
               "a Zipf popularity needs its exponent: popularity = { dist = "
               "\"zipf\", exponent = 1.1 }");
  }
}

}  // namespace

LoraSpec ParseLoraSpec(TomlTable& t) {
  LoraSpec s;
  if (!t.raw().get("lora")) return s;
  const toml::table* table = t.Table("lora");
  if (!table) return s;
  TomlTable lt(*table, t.path(), t.diag(),
               fmt::format("the LoRA adapters of candidate '{}'", t.what()));
  s.enabled = true;
  s.dedicated = lt.Choice("serving", {"shared", "dedicated"}, "shared") == "dedicated";
  s.adapters = static_cast<int32_t>(lt.RequireIntInRange("adapters", 1, kMaxAdapters));
  s.from_label = lt.Choice("adapter_from", {"popularity", "label"}, "popularity") == "label";
  if (s.dedicated) {
    for (const char* key :
         {"rank", "target_modules", "max_loras", "max_cpu_loras", "load_gb_per_s", "disk_gb_per_s"})
      if (lt.Has(key))
        lt.Error(key, fmt::format("{} applies to serving = \"shared\" only: with serving = "
                                  "\"dedicated\" each fine-tune is merged into its own model",
                                  key));
    ReadPopularity(lt, t, &s);
    lt.Finish();
    return s;
  }
  s.rank = static_cast<int32_t>(lt.RequireIntInRange("rank", 1, kMaxRank));
  s.mlp = lt.Choice("target_modules", {"attention", "all"}, "attention") == "all";
  s.max_loras = static_cast<int32_t>(lt.RequireIntInRange("max_loras", 1, kMaxAdapters));
  s.max_loras_loc = lt.KeyLoc("max_loras");
  if (s.max_loras > s.adapters)
    lt.Error("max_loras",
             fmt::format("max_loras ({}) is more than the {} adapters", s.max_loras, s.adapters));
  s.max_cpu_loras =
      static_cast<int32_t>(lt.IntInRange("max_cpu_loras", 1, kMaxAdapters).value_or(s.adapters));
  if (s.max_cpu_loras < s.max_loras && s.max_loras <= s.adapters)
    lt.Error("max_cpu_loras", fmt::format("max_cpu_loras ({}) must be at least max_loras ({}): "
                                          "the host holds every adapter on the GPU",
                                          s.max_cpu_loras, s.max_loras));
  s.max_cpu_loras = std::min(s.max_cpu_loras, s.adapters);
  s.load_gb_per_s = lt.RequireNumberInRange("load_gb_per_s", 0, limits::kMaxBandwidthGbPerS,
                                            /*min_exclusive=*/true);
  if (s.max_cpu_loras < s.adapters)
    s.disk_gb_per_s = lt.RequireNumberInRange("disk_gb_per_s", 0, limits::kMaxBandwidthGbPerS,
                                              /*min_exclusive=*/true);
  else
    lt.Has("disk_gb_per_s");  // allowed, unused: every adapter stays on the host
  ReadPopularity(lt, t, &s);
  lt.Finish();
  return s;
}

}  // namespace plan
