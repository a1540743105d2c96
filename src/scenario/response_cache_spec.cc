#include "scenario/response_cache_spec.h"

#include <fmt/format.h>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

ResponseCacheSpec ParseResponseCacheSpec(TomlTable& t) {
  ResponseCacheSpec c;
  c.enabled = true;
  c.loc = t.Loc();
  c.hit_rate = t.NumberInRange("hit_rate", 0, 1);
  c.edge_rtt_s = t.NumberInRange("edge_rtt_s", 0, limits::kMaxSeconds).value_or(c.edge_rtt_s);
  t.Finish();
  return c;
}

}  // namespace plan
