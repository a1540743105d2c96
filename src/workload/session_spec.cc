#include "workload/session_spec.h"

#include <fmt/format.h>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

namespace {
constexpr double kMaxStoreMs = 60'000;  // a state read slower than a minute is a mistake
}

SessionSpec ParseSessionSpec(TomlTable& t, const std::string& base_dir) {
  SessionSpec s;
  s.enabled = true;
  s.loc = t.Loc();
  bool present = t.raw().get("turns") != nullptr;
  if (const toml::table* turns = t.Table("turns")) {
    TomlTable d(*turns, t.path(), t.diag(), fmt::format("turns in {}", t.what()));
    s.turns = ParseLengthDist(d, base_dir, "input");
    if (s.turns.kind == LengthKind::kEmpirical)
      t.Error("turns", fmt::format("'turns' in {} takes dist = 'fixed', 'uniform', 'normal' or "
                                   "'lognormal', not 'empirical'",
                                   t.what()));
  } else if (!present) {
    t.ErrorHere(fmt::format("{} is missing required key 'turns'", t.what()));
  }
  s.think_time_s = t.RequireNumberInRange("think_time_s", 0, limits::kMaxSeconds);
  s.think_exponential =
      t.Choice("think_time", {"exponential", "fixed"}, "exponential") == "exponential";
  s.system_prompt_tokens =
      static_cast<int32_t>(t.IntInRange("system_prompt_tokens", 0, limits::kMaxTokens).value_or(0));
  if (const toml::table* store = t.Table("state_store")) {
    TomlTable st(*store, t.path(), t.diag(), fmt::format("state_store in {}", t.what()));
    s.state_store_p50_ms = st.RequireNumberInRange("p50_ms", 0, kMaxStoreMs, true);
    s.state_store_p99_ms = st.RequireNumberInRange("p99_ms", 0, kMaxStoreMs, true);
    if (s.state_store_p99_ms < s.state_store_p50_ms) {
      st.Error("p99_ms", fmt::format("'p99_ms' in {} must be >= 'p50_ms' ({:g}), not {:g}",
                                     st.what(), s.state_store_p50_ms, s.state_store_p99_ms));
      s.state_store_p99_ms = s.state_store_p50_ms;
    }
    st.Finish();
  }
  t.Finish();
  return s;
}

}  // namespace plan
