#include "scenario/response_cache_spec.h"

#include <fmt/format.h>

#include "util/toml_reader.h"

namespace plan {

ResponseCacheSpec ParseResponseCacheSpec(TomlTable& t) {
  ResponseCacheSpec c;
  c.enabled = true;
  c.loc = t.Loc();
  c.hit_rate = t.NumberAtLeast("hit_rate", 0);
  if (c.hit_rate && *c.hit_rate > 1) {
    t.Error("hit_rate",
            fmt::format("'hit_rate' in {} must be <= 1, not {}", t.what(), *c.hit_rate));
    c.hit_rate.reset();
  }
  c.edge_rtt_s = t.NumberAtLeast("edge_rtt_s", 0).value_or(c.edge_rtt_s);
  t.Finish();
  return c;
}

}  // namespace plan
