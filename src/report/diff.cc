#include "report/diff.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/writers.h"
#include "util/suggest.h"

namespace plan {

namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Fractions shown as percentages, whose changes read in percentage points.
bool IsFraction(const std::string& metric) {
  return metric == "slo.attainment" || metric == "resources.gpu_utilization" ||
         metric == "resources.kv_cache_peak_fraction" ||
         StartsWith(metric, "fidelity.bounds.slo_attainment.");
}

bool Contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

bool IsCount(const std::string& metric) {
  return StartsWith(metric, "requests.") || metric == "resources.gpus" ||
         metric == "resources.replicas" || metric == "resources.preemptions";
}

const CandidateRow* Find(const Report& r, const std::string& name) {
  for (const CandidateRow& row : r.candidates)
    if (row.name == name) return &row;
  return nullptr;
}

}  // namespace

const std::vector<std::string>& DiffHeadlineMetrics() {
  static const std::vector<std::string> metrics = {
      "cost.usd_per_month", "cost.usd_per_million_tokens", "latency.ttft_s.p50",
      "latency.ttft_s.p99", "latency.tpot_s.p50", "latency.tpot_s.p99", "latency.e2e_s.p50",
      "latency.e2e_s.p99", "slo.attainment",
      // How far the figures may move (issue 10): the band, and the slow edge of cost and TTFT.
      "fidelity.error_pct", "fidelity.bounds.usd_per_month.high",
      "fidelity.bounds.ttft_p99_s.high"};
  return metrics;
}

bool MetricChange::changed() const {
  return FormatMetric(metric, base) != FormatMetric(metric, now);
}

bool CandidateDiff::changed() const {
  if (slo_met_base != slo_met_now || excluded_base != excluded_now) return true;
  return std::any_of(metrics.begin(), metrics.end(),
                     [](const MetricChange& m) { return m.changed(); });
}

bool ReportDiff::changed() const {
  if (!added.empty() || !removed.empty() || recommendation_base != recommendation_new) return true;
  return std::any_of(candidates.begin(), candidates.end(),
                     [](const CandidateDiff& c) { return c.changed(); });
}

int ReportDiff::failures() const {
  return static_cast<int>(
      std::count_if(crossings.begin(), crossings.end(), [](const Crossing& c) { return c.fail; }));
}

int ReportDiff::warnings() const { return static_cast<int>(crossings.size()) - failures(); }

ReportDiff DiffReports(const Report& base, const Report& now, std::vector<Threshold> fail_on,
                       std::vector<Threshold> warn_on) {
  ReportDiff d;
  d.scenario_base = base.scenario;
  d.scenario_new = now.scenario;
  d.recommendation_base = base.recommendation;
  d.recommendation_new = now.recommendation;
  d.fail_on = std::move(fail_on);
  d.warn_on = std::move(warn_on);

  std::vector<std::string> metrics = DiffHeadlineMetrics();
  for (const auto* list : {&d.fail_on, &d.warn_on})
    for (const Threshold& t : *list)
      if (std::find(metrics.begin(), metrics.end(), t.metric) == metrics.end())
        metrics.push_back(t.metric);

  for (const CandidateRow& row : now.candidates) {
    const CandidateRow* old = Find(base, row.name);
    if (!old) {
      d.added.push_back(row.name);
      continue;
    }
    CandidateDiff c;
    c.name = row.name;
    c.slo_met_base = old->slo.met;
    c.slo_met_now = row.slo.met;
    c.excluded_base = !old->excluded.empty();
    c.excluded_now = !row.excluded.empty();
    for (const std::string& m : metrics)
      c.metrics.push_back({m, MetricValue(*old, m), MetricValue(row, m)});
    d.candidates.push_back(std::move(c));
  }
  for (const CandidateRow& row : base.candidates)
    if (!Find(now, row.name)) d.removed.push_back(row.name);

  for (bool fail : {true, false}) {
    const std::vector<Threshold>& list = fail ? d.fail_on : d.warn_on;
    for (const CandidateDiff& c : d.candidates) {
      for (const Threshold& t : list) {
        const auto m = std::find_if(c.metrics.begin(), c.metrics.end(),
                                    [&](const MetricChange& x) { return x.metric == t.metric; });
        if (ThresholdCrossed(t, m->base, m->now))
          d.crossings.push_back({fail, c.name, t, m->base, m->now});
      }
    }
  }
  return d;
}

Result<DiffFormat> ParseDiffFormat(const std::string& name) {
  if (name == "table") return DiffFormat::kTable;
  if (name == "md") return DiffFormat::kMarkdown;
  if (name == "github") return DiffFormat::kGithub;
  return Status::Invalid(UnknownNameMessage("diff format", name, {"github", "md", "table"}));
}

std::string FormatMetric(const std::string& metric, double value) {
  if (IsAbsent(value)) return "-";
  if (metric == "cost.energy_kwh") return fmt::format("{:.3g} kWh", value);
  if (StartsWith(metric, "cost.") || Contains(metric, "usd")) return FormatUsd(value);
  if (metric == "fidelity.error_pct") return fmt::format("+-{:g}%", value);
  if (StartsWith(metric, "fidelity.bounds.tpot")) return fmt::format("{:.1f} ms", value * 1000);
  if (StartsWith(metric, "fidelity.bounds.") && Contains(metric, "_s.") &&
      !Contains(metric, "per_s"))
    return fmt::format("{:.3f} s", value);
  if (StartsWith(metric, "latency.tpot_s.")) return fmt::format("{:.1f} ms", value * 1000);
  if (StartsWith(metric, "latency.")) return fmt::format("{:.3f} s", value);
  if (IsFraction(metric)) return FormatPercent(value);
  if (IsCount(metric)) return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{:.4g}", value);
}

std::string FormatChange(const std::string& metric, double base, double now) {
  if (base == now || (IsAbsent(base) && IsAbsent(now))) return "=";
  if (IsAbsent(base)) return "new";
  if (IsAbsent(now)) return "gone";
  if (IsFraction(metric)) return fmt::format("{:+.1f} pp", (now - base) * 100);
  if (base == 0) return "new";
  return fmt::format("{:+.1f}%", (now - base) / std::abs(base) * 100);
}

std::string CrossingSentence(const Crossing& c) {
  const std::string& m = c.threshold.metric;
  return fmt::format("{} {} -> {} ({}) crosses '{}'", m, FormatMetric(m, c.base),
                     FormatMetric(m, c.now), FormatChange(m, c.base, c.now), c.threshold.text);
}

}  // namespace plan
