#include "report/threshold.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "util/diagnostics.h"
#include "util/suggest.h"

namespace plan {

namespace {

using Getter = double (*)(const CandidateRow&);

struct MetricDef {
  const char* path;
  Getter get;
};

#define PLAN_STATS(KEY)                                                                    \
  {"latency." #KEY ".mean", [](const CandidateRow& r) { return r.latency.KEY.mean; }},     \
      {"latency." #KEY ".p50", [](const CandidateRow& r) { return r.latency.KEY.p50; }},   \
      {"latency." #KEY ".p90", [](const CandidateRow& r) { return r.latency.KEY.p90; }},   \
      {"latency." #KEY ".p99", [](const CandidateRow& r) { return r.latency.KEY.p99; }}, { \
    "latency." #KEY ".max", [](const CandidateRow& r) { return r.latency.KEY.max; }        \
  }

#define PLAN_FIELD(PATH, EXPR)                                              \
  {                                                                         \
    PATH, [](const CandidateRow& r) { return static_cast<double>(r.EXPR); } \
  }

// Absent (kAbsentMetric: nothing to compare) where the row has no bounds.
#define PLAN_RANGE(KEY)                                                       \
  {"fidelity.bounds." #KEY ".low",                                            \
   [](const CandidateRow& r) {                                                \
     return r.fidelity.bounded ? r.fidelity.bounds.KEY.low : kAbsentMetric;   \
   }},                                                                        \
  {                                                                           \
    "fidelity.bounds." #KEY ".high", [](const CandidateRow& r) {              \
      return r.fidelity.bounded ? r.fidelity.bounds.KEY.high : kAbsentMetric; \
    }                                                                         \
  }

const std::vector<MetricDef>& Defs() {
  static const std::vector<MetricDef> defs = {
      PLAN_FIELD("requests.total", requests.total),
      PLAN_FIELD("requests.completed", requests.completed),
      PLAN_FIELD("requests.failed", requests.failed),
      PLAN_STATS(ttft_s),
      PLAN_STATS(tpot_s),
      PLAN_STATS(e2e_s),
      PLAN_STATS(queue_s),
      PLAN_FIELD("throughput.requests_per_s", throughput.requests_per_s),
      PLAN_FIELD("throughput.input_tokens_per_s", throughput.input_tokens_per_s),
      PLAN_FIELD("throughput.output_tokens_per_s", throughput.output_tokens_per_s),
      PLAN_FIELD("slo.attainment", slo.attainment),
      PLAN_FIELD("slo.goodput_requests_per_s", slo.goodput_requests_per_s),
      PLAN_FIELD("cost.total_usd", cost.total_usd),
      PLAN_FIELD("cost.usd_per_hour", cost.usd_per_hour),
      PLAN_FIELD("cost.usd_per_month", cost.usd_per_month),
      PLAN_FIELD("cost.usd_per_million_tokens", cost.usd_per_million_tokens),
      PLAN_FIELD("cost.usd_per_request", cost.usd_per_request),
      PLAN_FIELD("cost.energy_kwh", cost.energy_kwh),
      PLAN_FIELD("resources.gpus", resources.gpus),
      PLAN_FIELD("resources.replicas", resources.replicas),
      PLAN_FIELD("resources.gpu_utilization", resources.gpu_utilization),
      PLAN_FIELD("resources.kv_cache_peak_fraction", resources.kv_cache_peak_fraction),
      PLAN_FIELD("resources.preemptions", resources.preemptions),
      // Absent from older reports, and bounds from runs without them.
      {"fidelity.error_pct",
       [](const CandidateRow& r) {
         return r.fidelity.basis.empty() ? kAbsentMetric : r.fidelity.error_pct;
       }},
      PLAN_RANGE(total_usd),
      PLAN_RANGE(usd_per_month),
      PLAN_RANGE(usd_per_million_tokens),
      PLAN_RANGE(output_tokens_per_s),
      PLAN_RANGE(ttft_p50_s),
      PLAN_RANGE(ttft_p99_s),
      PLAN_RANGE(tpot_p50_s),
      PLAN_RANGE(tpot_p99_s),
      PLAN_RANGE(e2e_p50_s),
      PLAN_RANGE(e2e_p99_s),
      PLAN_RANGE(slo_attainment),
  };
  return defs;
}

#undef PLAN_STATS
#undef PLAN_FIELD
#undef PLAN_RANGE

// `path` ends with the dotted name `suffix` on a component boundary.
bool EndsWithComponents(const std::string& path, const std::string& suffix) {
  if (suffix.size() > path.size()) return false;
  if (path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  return suffix.size() == path.size() || path[path.size() - suffix.size() - 1] == '.';
}

// Suggests the metric whose nearest suffix (of whole names) is closest to `name`, since users
// write suffixes: "ttft_s.p999" -> "latency.ttft_s.p99".
std::string UnknownMetricMessage(const std::string& name) {
  // Built once: every suffix of whole names, and the metric it belongs to.
  static const auto [suffixes, owners] = [] {
    std::vector<std::string> s, o;
    for (const std::string& m : ThresholdMetrics()) {
      for (size_t at = 0; at != std::string::npos; at = m.find('.', at + 1)) {
        s.push_back(at == 0 ? m : m.substr(at + 1));
        o.push_back(m);
      }
    }
    return std::pair{s, o};
  }();
  const std::string nearest = NearestName(name, suffixes);
  std::string owner;
  for (size_t i = 0; i < suffixes.size(); ++i) {
    if (suffixes[i] != nearest) continue;
    if (!owner.empty() && owner != owners[i])
      return UnknownNameMessage("metric", name, ThresholdMetrics());
    owner = owners[i];
  }
  if (nearest.empty() || owner.empty())
    return UnknownNameMessage("metric", name, ThresholdMetrics());
  return fmt::format("unknown metric '{}'; did you mean '{}'?", name, owner);
}

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Parser {
 public:
  Parser(const std::string& text, const std::string& flag) : text_(text), flag_(flag) {
    diag_.AddSource(flag, text);
  }

  // Fills *t; false with the error in Fail() otherwise. Not inlined: GCC 12 then reports a
  // false -Wfree-nonheap-object on the caller's local.
  [[gnu::noinline]] bool Parse(Threshold* t) {
    t->text = text_;
    SkipSpace();
    if (!ParseMetric(t)) return false;
    SkipSpace();
    if (!ParseOp(t)) return false;
    SkipSpace();
    if (!ParseBound(t)) return false;
    SkipSpace();
    if (pos_ < text_.size()) {
      Error(fmt::format("unexpected '{}' after the threshold", text_.substr(pos_)));
      return false;
    }
    return true;
  }
  Status Fail() const { return diag_.ToStatus(); }

 private:
  bool ParseMetric(Threshold* t) {
    const size_t start = pos_;
    while (pos_ < text_.size() && (IsNameChar(text_[pos_]) || text_[pos_] == '.')) ++pos_;
    const std::string name = text_.substr(start, pos_ - start);
    if (name.empty()) {
      Error("expected a metric name, e.g. 'usd_per_month' or 'latency.ttft_s.p99'");
      return false;
    }
    std::vector<std::string> matches;
    for (const std::string& m : ThresholdMetrics())
      if (EndsWithComponents(m, name)) matches.push_back(m);
    if (matches.size() == 1) {
      t->metric = matches[0];
      return true;
    }
    pos_ = start;
    if (matches.empty()) {
      Error(UnknownMetricMessage(name));
    } else {
      std::string list;
      for (const std::string& m : matches) list += (list.empty() ? "" : ", ") + m;
      Error(fmt::format("metric '{}' is ambiguous: it could be {}", name, list));
    }
    return false;
  }

  bool ParseOp(Threshold* t) {
    if (pos_ < text_.size() && (text_[pos_] == '>' || text_[pos_] == '<')) {
      const bool greater = text_[pos_] == '>';
      ++pos_;
      const bool equal = pos_ < text_.size() && text_[pos_] == '=';
      if (equal) ++pos_;
      t->op = greater ? (equal ? Threshold::Op::kGreaterEqual : Threshold::Op::kGreater)
                      : (equal ? Threshold::Op::kLessEqual : Threshold::Op::kLess);
      return true;
    }
    Error("expected a comparison: '>', '>=', '<' or '<='");
    return false;
  }

  bool ParseBound(Threshold* t) {
    const size_t start = pos_;
    bool signed_bound = false;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
      signed_bound = true;
      ++pos_;
    }
    const size_t digits = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.'))
      ++pos_;
    const std::string number = text_.substr(digits, pos_ - digits);
    char* end = nullptr;
    const double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size()) {
      pos_ = digits;
      Error(
          "expected a number: '2' (the new value), '+0.5' (a change) or '+5%' (a relative change)");
      return false;
    }
    const double sign = text_[start] == '-' ? -1 : 1;
    if (pos_ < text_.size() && text_[pos_] == '%') {
      if (!signed_bound) {
        pos_ = start;
        Error("a percentage is a change from the base: give it a sign, '+5%' or '-5%'");
        return false;
      }
      ++pos_;
      t->mode = Threshold::Mode::kRelativeChange;
      t->bound = sign * value / 100;
      return true;
    }
    t->mode = signed_bound ? Threshold::Mode::kAbsoluteChange : Threshold::Mode::kNewValue;
    t->bound = sign * value;
    return true;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  void Error(std::string message) {
    diag_.Error(SourceLoc{flag_, 1, static_cast<int>(pos_) + 1}, std::move(message));
  }

  const std::string& text_;
  const std::string& flag_;
  size_t pos_ = 0;
  Diagnostics diag_;
};

}  // namespace

const std::vector<std::string>& ThresholdMetrics() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const MetricDef& d : Defs()) out.push_back(d.path);
    return out;
  }();
  return names;
}

double MetricValue(const CandidateRow& row, const std::string& metric) {
  for (const MetricDef& d : Defs())
    if (metric == d.path) return d.get(row);
  assert(false && "REQUIRES: a metric from ThresholdMetrics()");
  return 0;
}

Result<Threshold> ParseThreshold(const std::string& text, const std::string& flag) {
  Parser parser(text, flag);
  Threshold t;
  if (!parser.Parse(&t)) return parser.Fail();
  return t;
}

double ThresholdQuantity(const Threshold& t, double base, double now) {
  switch (t.mode) {
    case Threshold::Mode::kNewValue:
      return now;
    case Threshold::Mode::kAbsoluteChange:
      return now - base;
    case Threshold::Mode::kRelativeChange:
      if (base == 0) {
        if (now == 0) return 0;
        return now > 0 ? std::numeric_limits<double>::infinity()
                       : -std::numeric_limits<double>::infinity();
      }
      return (now - base) / std::fabs(base);
  }
  return now;
}

bool ThresholdCrossed(const Threshold& t, double base, double now) {
  const double q = ThresholdQuantity(t, base, now);
  switch (t.op) {
    case Threshold::Op::kGreater:
      return q > t.bound;
    case Threshold::Op::kGreaterEqual:
      return q >= t.bound;
    case Threshold::Op::kLess:
      return q < t.bound;
    case Threshold::Op::kLessEqual:
      return q <= t.bound;
  }
  return false;
}

}  // namespace plan
