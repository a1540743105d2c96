#include "scenario/hybrid_spec.h"

#include <fmt/format.h>

#include "util/input_limits.h"
#include "util/toml_reader.h"

namespace plan {

namespace {

const std::vector<std::string> kModes = {"classify", "cascade"};

// A fraction in [0, 1] under `key`, when present.
std::optional<double> Fraction(TomlTable& t, std::string_view key) {
  return t.NumberInRange(key, 0, 1);
}

void NotInMode(TomlTable& t, std::string_view key, std::string_view mode) {
  if (t.Has(key))
    t.Error(key, fmt::format("'{}' in {} does not apply to mode = \"{}\"", key, t.what(), mode));
}

void ParseClassify(TomlTable& t, HybridSpec* h) {
  NotInMode(t, "escalate_fraction", "classify");
  h->offline_fraction = Fraction(t, "offline_fraction").value_or(0);
  int given = 0;
  if (std::optional<int64_t> v = t.IntInRange("label_threshold", 0, INT16_MAX)) {
    h->route = HybridRoute::kLabel;
    h->label_threshold = static_cast<int32_t>(std::min<int64_t>(*v, INT16_MAX));
    ++given;
  }
  if (std::optional<double> v = Fraction(t, "expensive_fraction")) {
    h->route = HybridRoute::kProbability;
    h->expensive_fraction = *v;
    ++given;
  }
  if (const toml::table* rule = t.Table("rule")) {
    TomlTable r(*rule, t.path(), t.diag(), fmt::format("the rule of candidate '{}'", t.what()));
    h->route = HybridRoute::kInputTokens;
    h->input_tokens_over = r.RequireIntInRange("input_tokens_over", 0, limits::kMaxTokens);
    r.Finish();
    ++given;
  }
  if (given == 0 && t.Has("offline_fraction")) return;  // the route: offline requests only
  if (given == 0)
    t.ErrorHere(
        fmt::format("candidate '{}': mode = \"classify\" needs one of label_threshold, "
                    "expensive_fraction or rule = {{ input_tokens_over = N }}",
                    t.what()));
  if (given > 1)
    t.ErrorHere(
        fmt::format("candidate '{}': give only one of label_threshold, "
                    "expensive_fraction and rule",
                    t.what()));
}

}  // namespace

HybridSpec ParseHybridSpec(TomlTable& t) {
  HybridSpec h;
  std::string mode = t.Choice("mode", kModes, "classify");
  if (!t.raw().get("mode"))
    t.ErrorHere(fmt::format("candidate '{}' is missing required key 'mode' (classify or cascade)",
                            t.what()));
  h.cheap = ReadTargetRef(t, "cheap");
  h.expensive = ReadTargetRef(t, "expensive");
  h.router_latency_s = t.NumberInRange("router_latency_s", 0, limits::kMaxSeconds).value_or(0);
  h.router_cost_usd = t.NumberInRange("router_cost_usd", 0, limits::kMaxUsdPerRequest).value_or(0);
  const toml::node* given = t.raw().get("mode");
  if (given && !(given->is_string() && (mode == given->value_or(std::string())))) {
    // An unknown mode was reported once; the mode's keys are not checked against a guess.
    t.Known(
        {"label_threshold", "expensive_fraction", "rule", "escalate_fraction", "offline_fraction"});
    return h;
  }
  if (mode == "cascade") {
    h.mode = HybridMode::kCascade;
    for (std::string_view key :
         {"label_threshold", "expensive_fraction", "rule", "offline_fraction"})
      NotInMode(t, key, "cascade");
    if (!t.raw().get("escalate_fraction"))
      t.ErrorHere(
          fmt::format("candidate '{}': mode = \"cascade\" needs escalate_fraction", t.what()));
    h.escalate_fraction = Fraction(t, "escalate_fraction").value_or(0);
  } else {
    ParseClassify(t, &h);
  }
  return h;
}

}  // namespace plan
