#include "fidelity/fidelity_report.h"

#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

#include "util/text_table.h"

namespace plan {

namespace {

// Slack on the recorded worst case: the catalog stores it to 4 significant digits.
constexpr double kWorstSlack = 1e-3;

template <class T>
void Record(const T& fields, GroupReport* g) {
  g->basis = fields.basis;
  g->recorded_rows = fields.evidence_rows;
  g->recorded_rms_log = fields.error_rms_log;
  g->recorded_worst = fields.error_worst;
  g->recorded_pct = fields.error_pct;
}

void Judge(GroupReport* g) {
  g->error_pct = ErrorPctFromStats(g->stats);
  if (g->recorded_rows == 0)
    g->failure =
        "its figures were not fitted or checked against this evidence: run plan "
        "fidelity --fit";
  else if (g->recorded_rows != g->stats.rows)
    g->failure = fmt::format("{} rows now, {} when fitted: the evidence changed, refit",
                             g->stats.rows, g->recorded_rows);
  else if (g->error_pct > g->recorded_pct)
    g->failure =
        fmt::format("error {:g}% exceeds the recorded {:g}%", g->error_pct, g->recorded_pct);
  else if (g->stats.worst_ratio > g->recorded_worst * (1 + kWorstSlack))
    g->failure = fmt::format("worst case {:.3f}x exceeds the recorded {:.3f}x",
                             g->stats.worst_ratio, g->recorded_worst);
}

std::string Pct(double x) { return fmt::format("{:.1f}%", 100 * x); }

std::string Render(const std::vector<std::string>& header,
                   const std::vector<std::vector<std::string>>& rows, bool md) {
  if (!md) {
    TextTable t(header);
    for (const auto& r : rows) t.AddRow(r);
    return t.Render();
  }
  std::string out = "| " + fmt::format("{}", fmt::join(header, " | ")) + " |\n|";
  for (size_t i = 0; i < header.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : rows) out += "| " + fmt::format("{}", fmt::join(r, " | ")) + " |\n";
  return out;
}

}  // namespace

int FidelityReport::failures() const {
  int n = 0;
  for (const GroupReport& g : groups) n += !g.failure.empty();
  return n;
}

Result<FidelityReport> BuildFidelityReport(const Catalog& catalog,
                                           const std::vector<EvidenceRow>& rows,
                                           const FidelityFilter& filter) {
  Predictor predictor(catalog);
  FidelityReport report;
  report.rows_read = static_cast<int>(rows.size());
  for (EvidenceGroup& group : GroupEvidence(predictor, rows, &report.skipped)) {
    const bool ar = group.engine.empty();
    if (!filter.engine.empty() &&
        (ar ? filter.engine != "allreduce" : filter.engine != group.engine))
      continue;
    if (!filter.family.empty() &&
        (ar ? catalog.FindGpu(group.gpu)->family : group.family) != filter.family)
      continue;
    GroupReport g;
    if (ar) {
      const GpuSpec& gpu = *catalog.FindGpu(group.gpu);
      g.rows = EvaluateInterconnect(predictor, gpu, group);
      Record(gpu.interconnect, &g);
    } else {
      const EngineProfile& engine = *catalog.FindEngine(group.engine);
      Result<std::vector<RowResult>> r = EvaluatePair(predictor, engine, group);
      if (!r.ok()) return r.status();
      g.rows = std::move(r).value();
      const Efficiency& e = engine.EfficiencyFor(group.family);
      if (e.family == group.family)
        Record(e, &g);
      else
        g.basis = "none (the engine's default entry)";
    }
    g.stats = StatsOf(g.rows);
    g.group = std::move(group);
    Judge(&g);
    report.groups.push_back(std::move(g));
  }
  std::map<std::string, std::vector<RowResult>> by_set;
  for (const GroupReport& g : report.groups)
    for (const RowResult& r : g.rows)
      by_set[fmt::format("{}.csv: {}", r.row->set, r.row->source_id)].push_back(r);
  for (const auto& [key, rows] : by_set) report.sets.push_back({key, StatsOf(rows)});
  return report;
}

std::string RenderFidelity(const FidelityReport& report, const std::string& format,
                           bool with_rows) {
  if (format == "json") {
    nlohmann::ordered_json j;
    j["schema"] = "plan.fidelity/v1";
    j["rows_read"] = report.rows_read;
    nlohmann::ordered_json skipped = nlohmann::ordered_json::object();
    for (const auto& [reason, n] : report.skipped) skipped[reason] = n;
    j["skipped"] = skipped;
    j["evidence_sets"] = nlohmann::ordered_json::array();
    for (const SetReport& set : report.sets)
      j["evidence_sets"].push_back({{"set", set.key},
                                    {"rows", set.stats.rows},
                                    {"mape", set.stats.mape},
                                    {"rms_log", set.stats.rms_log},
                                    {"worst_ratio", set.stats.worst_ratio}});
    j["groups"] = nlohmann::ordered_json::array();
    for (const GroupReport& g : report.groups) {
      nlohmann::ordered_json o;
      o["group"] = g.group.key;
      o["evidence_set"] = g.group.Description();
      o["rows"] = g.stats.rows;
      o["mape"] = g.stats.mape;
      o["rms_log"] = g.stats.rms_log;
      o["worst_ratio"] = g.stats.worst_ratio;
      o["error_pct"] = g.error_pct;
      o["recorded"] = {{"basis", g.basis},
                       {"rows", g.recorded_rows},
                       {"rms_log", g.recorded_rms_log},
                       {"worst_ratio", g.recorded_worst},
                       {"error_pct", g.recorded_pct}};
      o["pass"] = g.failure.empty();
      if (!g.failure.empty()) o["failure"] = g.failure;
      if (with_rows) {
        o["predictions"] = nlohmann::ordered_json::array();
        for (const RowResult& r : g.rows)
          o["predictions"].push_back({{"at", r.row->loc.ToString()},
                                      {"source_id", r.row->source_id},
                                      {"metric", r.row->metric},
                                      {"measured", r.row->value},
                                      {"predicted", r.predicted}});
      }
      j["groups"].push_back(o);
    }
    return j.dump(2) + "\n";
  }
  const bool md = format == "md";
  std::vector<std::vector<std::string>> table;
  for (const GroupReport& g : report.groups)
    table.push_back({g.group.key, std::to_string(g.stats.rows), Pct(g.stats.mape),
                     fmt::format("{:.3f}", g.stats.rms_log),
                     fmt::format("{:.2f}x", g.stats.worst_ratio), fmt::format("{:g}%", g.error_pct),
                     fmt::format("{:g}%", g.recorded_pct), g.basis,
                     g.failure.empty() ? "ok" : "FAIL"});
  std::string out =
      Render({"group", "rows", "MAPE", "rms log", "worst", "error", "tolerance", "basis", "check"},
             table, md);
  for (const GroupReport& g : report.groups)
    if (!g.failure.empty()) out += fmt::format("\nFAIL {}: {}", g.group.key, g.failure);
  std::vector<std::vector<std::string>> sets;
  for (const SetReport& set : report.sets)
    sets.push_back({set.key, std::to_string(set.stats.rows), Pct(set.stats.mape),
                    fmt::format("{:.3f}", set.stats.rms_log),
                    fmt::format("{:.2f}x", set.stats.worst_ratio)});
  out += "\nby evidence set:\n" +
         Render({"evidence set", "rows", "MAPE", "rms log", "worst"}, sets, md);
  int skipped = 0;
  for (const auto& [reason, n] : report.skipped) skipped += n;
  out += fmt::format("\n{} evidence rows read, {} mapped, {} skipped:\n", report.rows_read,
                     report.rows_read - skipped, skipped);
  for (const auto& [reason, n] : report.skipped) out += fmt::format("  {:5d}  {}\n", n, reason);
  if (with_rows) {
    for (const GroupReport& g : report.groups) {
      out += fmt::format("\n{}\n", g.group.key);
      std::vector<std::vector<std::string>> rt;
      for (const RowResult& r : g.rows)
        rt.push_back({r.row->loc.ToString(), r.row->source_id, r.row->metric,
                      fmt::format("{:.4g}", r.row->value), fmt::format("{:.4g}", r.predicted),
                      fmt::format("{:.3f}", r.predicted / r.row->value)});
      out += Render({"row", "source", "metric", "measured", "predicted", "ratio"}, rt, md);
    }
  }
  return out;
}

}  // namespace plan
