#include "catalog/resolve_engine.h"

#include <fmt/format.h>
#include <algorithm>
#include <cassert>
#include <cctype>

namespace plan {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool Matches(const EngineLimitRule& r, const GpuSpec& gpu) {
  if (r.min_memory_bytes > 0 && gpu.memory_bytes < r.min_memory_bytes) return false;
  if (r.max_memory_bytes > 0 && gpu.memory_bytes >= r.max_memory_bytes) return false;
  const std::string name = Lower(gpu.name);
  bool included = r.gpu_name_includes.empty();
  for (const std::string& x : r.gpu_name_includes)
    included |= name.find(Lower(x)) != std::string::npos;
  if (!included) return false;
  for (const std::string& x : r.gpu_name_excludes)
    if (name.find(Lower(x)) != std::string::npos) return false;
  return true;
}

}  // namespace

ResolvedEngine ResolveEngine(const EngineProfile& e, const GpuSpec& gpu,
                             const std::string& version) {
  ResolvedEngine r;
  r.engine = e;
  const EngineVersion* v = version.empty() ? e.NewestVersion() : e.FindVersion(version);
  assert((v || version.empty()) && "engine_version validated by the scenario loader");
  if (!v) {
    r.description = fmt::format(
        "engine {}: max_num_seqs {}, max_batched_tokens {} (the catalog's defaults; it knows no "
        "release rules for this engine)",
        e.id, e.max_num_seqs, e.max_batched_tokens);
    return r;
  }
  r.version = v->id;
  r.newest = version.empty();
  std::string when = "no rule matched: the catalog's defaults";
  for (const EngineLimitRule& rule : v->limits) {
    if (!Matches(rule, gpu)) continue;
    if (rule.max_num_seqs > 0) r.engine.max_num_seqs = rule.max_num_seqs;
    if (rule.max_batched_tokens > 0) r.engine.max_batched_tokens = rule.max_batched_tokens;
    when = rule.when == "any GPU" ? "on any GPU" : "on GPUs with " + rule.when;
    break;
  }
  r.description =
      fmt::format("engine {} {} ({}): max_num_seqs {}, max_batched_tokens {} {}", e.id, v->id,
                  r.newest ? "the newest release the catalog knows; pin another with engine_version"
                           : "engine_version",
                  r.engine.max_num_seqs, r.engine.max_batched_tokens, when);
  return r;
}

}  // namespace plan
