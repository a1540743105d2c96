#include "workload/workload_spec.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "util/files.h"
#include "util/input_limits.h"
#include "util/toml_reader.h"
#include "workload/session_spec.h"

namespace plan {

namespace {

constexpr int64_t kMaxTokens = limits::kMaxTokens;

const std::vector<std::string> kDistNames = {"fixed", "uniform", "normal", "lognormal",
                                             "empirical"};
const std::vector<std::string> kArrivalNames = {"poisson", "gamma", "constant", "offline",
                                                "diurnal"};
const std::vector<std::string> kTimeUnits = {"s", "ms", "us", "ns", "datetime"};

// Reports `key` when present: it belongs to another variant of the table.
void NotApplicable(TomlTable& t, std::string_view key, std::string_view context) {
  if (t.Has(key))
    t.Error(key, fmt::format("'{}' in {} does not apply to {}", key, t.what(), context));
}

// Whether `key` holds one of `choices` (absent counts as yes: the default applies).
bool IsOneOf(const TomlTable& t, std::string_view key, const std::vector<std::string>& choices) {
  const toml::node* node = t.raw().get(key);
  if (!node) return true;
  std::optional<std::string> v = node->value<std::string>();
  return node->is_string() && std::find(choices.begin(), choices.end(), *v) != choices.end();
}

std::optional<int64_t> TokenInt(TomlTable& t, std::string_view key, bool required) {
  if (required) return t.RequireIntInRange(key, 1, kMaxTokens);
  return t.IntInRange(key, 1, kMaxTokens);
}

void ParseColumns(TomlTable& c, TraceColumns* out) {
  auto name = [&](std::string_view key, std::string* field) {
    if (std::optional<std::string> v = c.String(key)) {
      if (v->empty())
        c.Error(key, fmt::format("'{}' in {} must not be empty", key, c.what()));
      else
        *field = *v;
    }
  };
  name("time", &out->time);
  out->time_unit = c.Choice("time_unit", kTimeUnits, out->time_unit);
  name("input", &out->input);
  name("output", &out->output);
  name("session", &out->session);
  name("region", &out->region);
  name("label", &out->label);
  name("prefix_hashes", &out->prefix_hashes);
  if (std::optional<int64_t> b = TokenInt(c, "prefix_block_tokens", false))
    out->prefix_block_tokens = static_cast<int32_t>(*b);
  c.Finish();
}

GeneratorSpec ParseGenerator(TomlTable& g, const std::string& base_dir) {
  GeneratorSpec spec;
  spec.loc = g.Loc();
  if (!g.raw().get("arrival"))
    g.ErrorHere(fmt::format("{} is missing required key 'arrival'", g.what()));
  bool known_arrival = IsOneOf(g, "arrival", kArrivalNames);
  std::string arrival = g.Choice("arrival", kArrivalNames, "poisson");
  std::string context = fmt::format("arrival = '{}'", arrival);
  spec.arrival = arrival == "gamma"      ? ArrivalKind::kGamma
                 : arrival == "constant" ? ArrivalKind::kConstant
                 : arrival == "offline"  ? ArrivalKind::kOffline
                 : arrival == "diurnal"  ? ArrivalKind::kDiurnal
                                         : ArrivalKind::kPoisson;
  if (!known_arrival) {
    // Reported once by Choice; checking the rest against a guessed kind would only add noise.
    g.Known({"rate_per_s", "burstiness", "peak_to_trough", "period_s"});
  } else {
    if (spec.arrival == ArrivalKind::kOffline)
      NotApplicable(g, "rate_per_s", context);
    else
      spec.rate_per_s =
          g.RequireNumberInRange("rate_per_s", limits::kMinRatePerS, limits::kMaxRatePerS);
    if (spec.arrival == ArrivalKind::kGamma)
      spec.burstiness =
          g.RequireNumberInRange("burstiness", limits::kMinBurstiness, limits::kMaxBurstiness);
    else
      NotApplicable(g, "burstiness", context);
    if (spec.arrival == ArrivalKind::kDiurnal) {
      spec.peak_to_trough = g.RequireNumberInRange("peak_to_trough", 1, limits::kMaxPeakToTrough);
      spec.period_s =
          g.NumberInRange("period_s", 0, limits::kMaxSeconds, true).value_or(spec.period_s);
    } else {
      NotApplicable(g, "peak_to_trough", context);
      NotApplicable(g, "period_s", context);
    }
  }

  bool has_requests = g.Has("requests"), has_duration = g.Has("duration_s");
  spec.requests = g.IntInRange("requests", 1, limits::kMaxRequests).value_or(0);
  spec.duration_s = g.NumberInRange("duration_s", 0, limits::kMaxSeconds, true).value_or(0);
  if (has_requests && has_duration) {
    g.Error("duration_s", fmt::format("{} takes 'requests' or 'duration_s', not both", g.what()));
  } else if (!has_requests && !has_duration) {
    g.ErrorHere(fmt::format("{} needs 'requests' or 'duration_s'", g.what()));
  } else if (has_duration && known_arrival && spec.arrival == ArrivalKind::kOffline) {
    g.Error("duration_s",
            "offline requests all arrive at t = 0; give 'requests', not 'duration_s'");
  } else if (spec.rate_per_s * spec.duration_s > static_cast<double>(limits::kMaxRequests)) {
    g.Error("duration_s", fmt::format("{} of {:g} s at {:g} requests/s is about {:.3g} requests, "
                                      "more than the {} a workload may hold",
                                      g.what(), spec.duration_s, spec.rate_per_s,
                                      spec.rate_per_s * spec.duration_s, limits::kMaxRequests));
  }

  auto lengths = [&](std::string_view key, const std::string& column, LengthDist* out) {
    bool present = g.raw().get(key) != nullptr;
    const toml::table* table = g.Table(key);
    if (!present) {
      g.ErrorHere(fmt::format("{} is missing required key '{}'", g.what(), key));
    } else if (table) {
      TomlTable d(*table, g.path(), g.diag(), fmt::format("{} in {}", key, g.what()));
      *out = ParseLengthDist(d, base_dir, column);
    }
  };
  lengths("input_tokens", "input", &spec.input_tokens);
  lengths("output_tokens", "output", &spec.output_tokens);
  g.Finish();
  return spec;
}

}  // namespace

LengthDist ParseLengthDist(TomlTable& t, const std::string& base_dir,
                           const std::string& default_column) {
  LengthDist d;
  if (!t.raw().get("dist")) t.ErrorHere(fmt::format("{} is missing required key 'dist'", t.what()));
  if (!IsOneOf(t, "dist", kDistNames)) {
    // Unknown or mistyped: report that alone, not what the guessed kind would reject.
    t.Choice("dist", kDistNames, "fixed");
    for (const auto& [key, value] : t.raw()) t.Known({key.str()});
    t.Finish();
    return d;
  }
  std::string dist = t.Choice("dist", kDistNames, "fixed");
  std::string context = fmt::format("dist = '{}'", dist);
  // Which keys each kind takes; the rest are reported as not applying.
  std::vector<std::string_view> takes;
  if (dist == "fixed") {
    d.kind = LengthKind::kFixed;
    takes = {"value"};
    // An output of 0 tokens is a prefill-only request (an embedding, a classification).
    d.value = default_column == "output" ? t.RequireIntInRange("value", 0, kMaxTokens)
                                         : TokenInt(t, "value", true).value_or(1);
  } else if (dist == "uniform") {
    d.kind = LengthKind::kUniform;
    takes = {"min", "max"};
    d.min = TokenInt(t, "min", true).value_or(1);
    d.max = TokenInt(t, "max", true).value_or(d.min);
    if (d.max < d.min) {
      t.Error("max",
              fmt::format("'max' in {} must be >= 'min' ({}), not {}", t.what(), d.min, d.max));
      d.max = d.min;
    }
  } else if (dist == "normal" || dist == "lognormal") {
    if (dist == "normal") {
      d.kind = LengthKind::kNormal;
      takes = {"mean", "stddev", "min", "max"};
      d.mean = t.RequireNumberInRange("mean", 1, kMaxTokens);
      d.stddev = t.RequireNumberInRange("stddev", 0, kMaxTokens);
    } else {
      d.kind = LengthKind::kLogNormal;
      takes = {"median", "mean", "sigma", "min", "max"};
      d.sigma = t.RequireNumberInRange("sigma", 0, limits::kMaxLogSigma);
      bool has_median = t.Has("median"), has_mean = t.Has("mean");
      if (has_median && has_mean) {
        t.Error("mean", fmt::format("{} takes 'median' or 'mean', not both", t.what()));
      } else if (has_mean) {
        // For a lognormal, mean = median * exp(sigma^2 / 2).
        d.mean = t.NumberInRange("mean", 0, kMaxTokens, true).value_or(1);
        d.median = d.mean / std::exp(d.sigma * d.sigma / 2);
      } else {
        d.median = t.RequireNumberInRange("median", 0, kMaxTokens, true);
      }
    }
    d.min = TokenInt(t, "min", false).value_or(1);
    d.max = TokenInt(t, "max", false).value_or(kMaxTokens);
    if (d.max < d.min) {
      t.Error("max",
              fmt::format("'max' in {} must be >= 'min' ({}), not {}", t.what(), d.min, d.max));
      d.max = d.min;
    }
  } else {
    d.kind = LengthKind::kEmpirical;
    takes = {"trace", "format", "column"};
    std::string trace = t.RequireString("trace");
    if (t.raw().get("trace") && trace.empty())
      t.Error("trace", fmt::format("'trace' in {} must not be empty", t.what()));
    d.trace_path = JoinPath(base_dir, trace);
    d.trace_format = t.Choice("format", TraceFormatNames(), "");
    d.column = t.Choice("column", {"input", "output"}, default_column);
  }
  for (std::string_view key :
       {"value", "min", "max", "mean", "stddev", "median", "sigma", "trace", "format", "column"}) {
    if (std::find(takes.begin(), takes.end(), key) == takes.end()) NotApplicable(t, key, context);
  }
  t.Finish();
  return d;
}

WorkloadSpec ParseWorkloadSpec(TomlTable& t, const std::string& base_dir) {
  WorkloadSpec spec;
  spec.loc = t.Loc();
  std::optional<std::string> trace = t.String("trace");
  if (trace) {
    if (trace->empty()) t.Error("trace", fmt::format("'trace' in {} must not be empty", t.what()));
    spec.trace_path = JoinPath(base_dir, *trace);
    spec.trace_loc = t.KeyLoc("trace");
  }
  spec.format = t.Choice("format", TraceFormatNames(), "");
  spec.rate_scale = t.NumberInRange("rate_scale", 0, limits::kMaxRateScale, true).value_or(1.0);
  spec.max_requests = t.IntInRange("max_requests", 1, limits::kMaxRequests).value_or(0);
  bool has_generator = t.raw().get("generator") != nullptr;
  const toml::table* generator = t.Table("generator");

  if (trace && has_generator) {
    t.Error("generator", fmt::format("{} has both 'trace' and a generator; give one", t.what()));
  } else if (!trace && !has_generator) {
    t.ErrorHere(fmt::format("{} needs 'trace' or a [workload.generator] table", t.what()));
  }
  if (!trace) {
    for (std::string_view key : {"format", "rate_scale", "columns"})
      if (t.raw().get(key))
        t.Error(key, fmt::format("'{}' in {} applies only to a trace", key, t.what()));
  }
  if (const toml::table* columns = t.Table("columns")) {
    if (spec.format != "" && spec.format != "csv" && spec.format != "jsonl") {
      t.Error("columns",
              fmt::format("'columns' in {} applies only to format = 'csv' or 'jsonl', not '{}'",
                          t.what(), spec.format));
    }
    spec.has_columns = true;
    TomlTable c(*columns, t.path(), t.diag(), fmt::format("columns in {}", t.what()));
    ParseColumns(c, &spec.columns);
    if (spec.format == "csv" && !spec.columns.prefix_hashes.empty())
      c.Error("prefix_hashes",
              "'prefix_hashes' needs format = 'jsonl': a CSV row cannot hold the array");
  }
  if (generator) {
    TomlTable g(*generator, t.path(), t.diag(), "[workload.generator]");
    spec.generator = ParseGenerator(g, base_dir);
  }
  if (const toml::table* sessions = t.Table("sessions")) {
    if (trace) {
      t.Error("sessions", fmt::format("'sessions' in {} applies only to a generator; a trace "
                                      "carries its own session column",
                                      t.what()));
    } else if (spec.generator.arrival == ArrivalKind::kOffline) {
      t.Error("sessions", "sessions need an arrival process with a rate, not arrival = 'offline'");
    }
    TomlTable s(*sessions, t.path(), t.diag(), "[workload.sessions]");
    spec.sessions = ParseSessionSpec(s, base_dir);
  }
  t.Finish();
  return spec;
}

}  // namespace plan
