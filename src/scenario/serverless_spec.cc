#include "scenario/serverless_spec.h"

#include <fmt/format.h>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

ServerlessSpec ParseServerlessSpec(TomlTable& t) {
  ServerlessSpec s;
  if (!t.raw().get("serverless")) return s;
  const toml::table* table = t.Table("serverless");
  if (!table) return s;
  // What a serverless fleet decides for itself: said here, it would be ignored.
  for (std::string_view key :
       {"replicas", "autoscale", "interruptions", "price_usd_per_gpu_hour", "max_num_seqs"}) {
    if (!t.raw().get(key)) continue;
    std::string_view instead = key == "replicas" ? "it starts from zero; max_containers caps it"
                               : key == "max_num_seqs" ? "say it as concurrency"
                               : key == "price_usd_per_gpu_hour"
                                   ? "say it as usd_per_gpu_s"
                                   : "the containers scale themselves";
    t.Error(key, fmt::format("candidate '{}': '{}' does not apply to a serverless fleet ({})",
                             t.what(), key, instead));
  }
  TomlTable st(*table, t.path(), t.diag(),
               fmt::format("the serverless fleet of candidate '{}'", t.what()));
  s.enabled = true;
  s.usd_per_gpu_s = st.RequireNumberInRange("usd_per_gpu_s", 0, limits::kMaxUsdPerHour / 3600,
                                            /*min_exclusive=*/true);
  s.max_containers =
      static_cast<int32_t>(st.RequireIntInRange("max_containers", 1, limits::kMaxReplicas));
  if (auto v = st.IntInRange("concurrency", 1, limits::kMaxNumSeqs))
    s.concurrency = static_cast<int32_t>(*v);
  s.idle_timeout_s = st.RequireNumberInRange("idle_timeout_s", 0, limits::kMaxSeconds);
  s.min_billed_s = st.NumberInRange("min_billed_s", 0, limits::kMaxSeconds).value_or(0);
  s.container_start_s = st.RequireNumberInRange("container_start_s", 0, limits::kMaxSeconds);
  s.load_gb_per_s = st.RequireNumberInRange("load_gb_per_s", 0, limits::kMaxBandwidthGbPerS,
                                            /*min_exclusive=*/true);
  s.warmup_s = st.NumberInRange("warmup_s", 0, limits::kMaxSeconds).value_or(0);
  st.Finish();
  return s;
}

}  // namespace plan
