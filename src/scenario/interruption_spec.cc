#include "scenario/interruption_spec.h"

#include <fmt/format.h>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

InterruptionSpec ParseInterruptionSpec(TomlTable& t, bool spot) {
  InterruptionSpec s;
  const toml::node* node = t.raw().get("interruptions");
  if (!node) {
    if (spot)
      t.Error("pricing",
              fmt::format(
                  "candidate '{}': spot capacity can be reclaimed; say how often with a "
                  "[candidate.interruptions] table (rate_per_hour, notice_s, "
                  "replacement_s; published figures in catalog/evidence/spot_interruptions.toml), "
                  "or price it without interruptions with interruptions = \"none\"",
                  t.what()));
    return s;
  }
  if (node->is_string()) {
    s.none = t.Choice("interruptions", {"none"}, "none") == "none";
    return s;
  }
  const toml::table* table = t.Table("interruptions");
  if (!table) return s;
  TomlTable it(*table, t.path(), t.diag(),
               fmt::format("the interruptions of candidate '{}'", t.what()));
  s.enabled = true;
  if (it.Has("rate")) {
    it.Error("rate", fmt::format("'rate' in {} needs its unit: write rate_per_hour (reclaims per "
                                 "replica-hour)",
                                 it.what()));
    it.Known({"rate_per_hour"});
  } else if (!it.Has("rate_per_hour")) {
    it.ErrorHere(fmt::format("{} is missing required key 'rate_per_hour'", it.what()));
  } else if (std::optional<double> rate = it.Number("rate_per_hour")) {
    if (*rate < 0)
      it.Error("rate_per_hour",
               fmt::format("'rate_per_hour' in {} must be >= 0, not {:g}", it.what(), *rate));
    else if (*rate > kMaxInterruptionsPerHour)
      it.Error("rate_per_hour",
               fmt::format("'rate_per_hour' in {} is {:g} reclaims per replica-hour, more than "
                           "one a second; it counts per hour (0.05 = one reclaim in 20 "
                           "replica-hours)",
                           it.what(), *rate));
    else
      s.rate_per_hour = *rate;
  }
  s.notice_s = it.NumberInRange("notice_s", 0, limits::kMaxSeconds).value_or(0);
  s.replacement_s = it.RequireNumberInRange("replacement_s", 0, limits::kMaxSeconds);
  it.Finish();
  return s;
}

}  // namespace plan
