#include "scenario/failover_spec.h"

#include <fmt/format.h>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

FailoverSpec ParseFailoverSpec(TomlTable& t, size_t min_chain) {
  FailoverSpec f;
  f.enabled = true;
  f.loc = t.Loc();
  if (const toml::array* chain = t.Array("chain")) {
    for (const toml::node& n : *chain) {
      if (!n.is_string()) {
        t.diag()->Error(LocOf(n, t.path()),
                        fmt::format("'chain' in {} must hold strings (candidate names or offer "
                                    "ids), not {}",
                                    t.what(), TomlTypeName(n)));
        continue;
      }
      f.chain.push_back({*n.value<std::string>(), LocOf(n, t.path())});
    }
    if (f.chain.size() < min_chain)
      t.Error("chain", fmt::format("'chain' in {} needs at least {} target{}, not {}", t.what(),
                                   min_chain, min_chain == 1 ? "" : "s", f.chain.size()));
  } else if (!t.raw().get("chain")) {
    t.ErrorHere(fmt::format("{} is missing required key 'chain'", t.what()));
  }
  f.timeout_s = t.NumberInRange("timeout_s", 0, limits::kMaxSeconds, true).value_or(0);
  f.retries = static_cast<int32_t>(t.IntInRange("retries", 0, limits::kMaxRetries).value_or(0));
  std::string last = t.Choice("last_resort", {"error", "cached_response"}, "error");
  f.last_resort = last == "cached_response" ? LastResort::kCachedResponse : LastResort::kError;
  return f;
}

}  // namespace plan
