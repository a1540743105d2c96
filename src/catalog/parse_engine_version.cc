// [[engine.version]] rule sets and [gpu.interconnect], the catalog entries added for issue 10.
#include <fmt/format.h>
#include <algorithm>
#include <cctype>

#include "catalog/parse.h"
#include "catalog/parse_fidelity.h"
#include "util/input_limits.h"
#include "util/units.h"

namespace plan {

int CompareVersions(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const size_t ie = std::min(a.find('.', i), a.size()), je = std::min(b.find('.', j), b.size());
    const std::string pa = i < a.size() ? a.substr(i, ie - i) : "0";
    const std::string pb = j < b.size() ? b.substr(j, je - j) : "0";
    const bool na = !pa.empty() && std::all_of(pa.begin(), pa.end(), ::isdigit);
    const bool nb = !pb.empty() && std::all_of(pb.begin(), pb.end(), ::isdigit);
    if (na && nb) {
      const long long va = std::stoll(pa), vb = std::stoll(pb);
      if (va != vb) return va < vb ? -1 : 1;
    } else if (int c = pa.compare(pb); c != 0) {
      return c < 0 ? -1 : 1;
    }
    i = ie + 1, j = je + 1;
  }
  return 0;
}

namespace {

EngineLimitRule ParseLimitRule(TomlTable& t) {
  EngineLimitRule r;
  r.loc = t.Loc();
  r.min_memory_bytes =
      t.NumberInRange("min_memory_gib", 0, limits::kMaxMemoryGib).value_or(0) * kBytesPerGiB;
  r.max_memory_bytes =
      t.NumberInRange("max_memory_gib", 0, limits::kMaxMemoryGib, true).value_or(0) * kBytesPerGiB;
  r.gpu_name_includes = t.StringArray("gpu_name_includes").value_or(std::vector<std::string>{});
  r.gpu_name_excludes = t.StringArray("gpu_name_excludes").value_or(std::vector<std::string>{});
  r.max_num_seqs =
      static_cast<int>(t.IntInRange("max_num_seqs", 1, limits::kMaxNumSeqs).value_or(0));
  r.max_batched_tokens = static_cast<int>(
      t.IntInRange("max_batched_tokens", 1, limits::kMaxBatchedTokens).value_or(0));
  if (r.max_num_seqs == 0 && r.max_batched_tokens == 0)
    t.ErrorHere(fmt::format("{} sets neither max_num_seqs nor max_batched_tokens", t.what()));
  std::vector<std::string> parts;
  if (r.min_memory_bytes > 0)
    parts.push_back(fmt::format("memory >= {:g} GiB", r.min_memory_bytes / kBytesPerGiB));
  if (r.max_memory_bytes > 0)
    parts.push_back(fmt::format("memory < {:g} GiB", r.max_memory_bytes / kBytesPerGiB));
  if (!r.gpu_name_includes.empty())
    parts.push_back(fmt::format("name with '{}'", fmt::join(r.gpu_name_includes, "' or '")));
  for (const std::string& x : r.gpu_name_excludes)
    parts.push_back(fmt::format("name without '{}'", x));
  r.when = parts.empty() ? "any GPU" : fmt::format("{}", fmt::join(parts, ", "));
  t.Finish();
  return r;
}

}  // namespace

EngineVersion ParseEngineVersion(TomlTable& t) {
  EngineVersion v;
  v.loc = t.Loc();
  v.id = t.RequireString("id");
  t.set_what(fmt::format("{} version '{}'", t.what(), v.id));
  v.released = t.String("released").value_or("");
  v.source = t.RequireString("source");
  for (const toml::table* lt : t.TableArray("limits")) {
    TomlTable sub(*lt, t.path(), t.diag(), fmt::format("a limits rule of {}", t.what()));
    v.limits.push_back(ParseLimitRule(sub));
  }
  if (v.limits.empty())
    t.ErrorHere(fmt::format("{} needs at least one [[engine.version.limits]] rule", t.what()));
  t.Finish();
  return v;
}

Interconnect ParseInterconnect(TomlTable& t) {
  Interconnect c;
  c.custom_latency_s =
      t.RequireNumberInRange("custom_latency_us", 0, limits::kMaxOverheadUs) * 1e-6;
  c.nccl_latency_s = t.RequireNumberInRange("nccl_latency_us", 0, limits::kMaxOverheadUs) * 1e-6;
  c.nccl_base_latency_s =
      t.NumberInRange("nccl_base_latency_us", 0, limits::kMaxOverheadUs).value_or(0) * 1e-6;
  c.scaling_exponent = t.NumberInRange("scaling_exponent", -4, 4).value_or(0);
  c.efficiency = t.RequireNumberInRange("efficiency", 0, 1, true);
  c.custom_max_gpus =
      static_cast<int>(t.IntInRange("custom_max_gpus", 0, limits::kMaxParallel).value_or(0));
  ApplyFidelity(ParseFidelityFields(t), &c);
  t.Finish();
  return c;
}

}  // namespace plan
